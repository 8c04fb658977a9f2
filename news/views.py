"""Site search over live press releases."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .models import ArticlePage
from .queries import with_card_data
from .search import search_terms

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    # Shown back to the reader as typed (escaped by the template), but NUL
    # would end the text of the page's search box too.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    results = None
    if query:
        matches = (
            with_card_data(ArticlePage.objects.live().public()).search(terms)
            if terms
            else ArticlePage.objects.none()
        )
        results = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return TemplateResponse(
        request, "news/search.html", {"search_query": query, "results": results}
    )
