from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("kirim/", views.post_comment, name="post"),
    path("<int:comment_id>/laporkan/", views.report_comment, name="report"),
]
