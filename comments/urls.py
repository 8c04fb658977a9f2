from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("kirim/", views.post_comment, name="post"),
    path("stempel/<int:article_id>/", views.form_stamp, name="stamp"),
    path("tulis/<int:article_id>/", views.write_comment, name="write"),
    path("<int:comment_id>/laporkan/", views.report_comment, name="report"),
]
