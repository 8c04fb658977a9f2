"""Site search over live press releases."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .models import ArticlePage
from .queries import with_card_data

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        matches = with_card_data(ArticlePage.objects.live().public()).search(query)
        results = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return TemplateResponse(
        request, "news/search.html", {"search_query": query, "results": results}
    )
