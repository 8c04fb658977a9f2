"""200 comments from parallel clients against PostgreSQL: each accepted POST is
in the database exactly once, each refused one was told why.

40 clients (distinct addresses through a configured proxy header) post five
comments each from 16 threads; one of the five repeats an earlier text and the
rate limit allows four, so some posts must be refused while others race them.
"""

from __future__ import annotations

import concurrent.futures
import http.cookiejar
import random
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connection

from comments.models import Comment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 40
POSTS_PER_CLIENT = 5
THREADS = 16
RATE_MESSAGE = "Anda mengirim komentar terlalu cepat. Coba lagi dalam beberapa menit."
DUPLICATE_MESSAGE = "Komentar yang sama sudah Anda kirim."
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


@dataclass(frozen=True)
class Outcome:
    client: int
    body: str
    status: int
    message: str


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_comment(base_url: str, path: str, client: int, body: str) -> Outcome:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )
    headers = {"X-Test-Client": f"10.20.{client}.1", "User-Agent": "uji-konkurensi"}
    page = opener.open(urllib.request.Request(base_url + path, headers=headers))
    html = page.read().decode()
    form = html[html.index('id="form-komentar"') :]
    fields = dict(HIDDEN.findall(form))
    fields.pop("parent", None)
    fields.update(
        name=f"Klien {client}",
        email=f"klien{client}@example.com",
        body=body,
        catatan="",
    )
    request = urllib.request.Request(
        base_url + "/komentar/kirim/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={**headers, "Referer": base_url + path},
    )
    try:
        response = opener.open(request)
        status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    message = ""
    if errors := re.search(r'class="form-errors".*?<li>(.*?)</li>', text, re.S):
        message = errors.group(1)
    return Outcome(client, body, status, message)


def bodies_for(client: int) -> list[str]:
    texts = [f"Klien {client} menulis komentar ke-{n}." for n in range(4)]
    return [*texts[:3], texts[2], texts[3]]  # the fourth repeats the third


def test_200_parallel_posts_are_each_saved_once_or_refused_with_a_message(
    live_server, settings, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    from news.demo import ensure_site_tree
    from tests.comments.conftest import FakeFilter
    from tests.factories import ensure_wagtail_root, make_article

    # LocMemCache keeps 300 keys by default and culls the least used beyond
    # that, rate-limit counters included; production runs a shared cache
    # (CACHE_URL=redis://... or db://...), so give the test room like one.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "warta-concurrency",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    settings.WARTA_COMMENTS_MIN_FILL_SECONDS = 0
    settings.WARTA_COMMENTS_RATE_LIMIT = 4
    settings.WARTA_COMMENTS_TRUSTED_PROXY_HEADER = "HTTP_X_TEST_CLIENT"
    monkeypatch.setattr("spamfilter.score", FakeFilter(), raising=False)
    ensure_wagtail_root()
    _, index = ensure_site_tree()
    article = make_article(index, title="Uji konkurensi komentar")
    path = article.url
    jobs = [(client, body) for client in range(CLIENTS) for body in bodies_for(client)]
    random.Random(7).shuffle(jobs)  # a client's posts race each other

    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(
            pool.map(lambda job: post_comment(live_server.url, path, *job), jobs)
        )

    accepted = [o for o in outcomes if o.status == 302]
    refused = [o for o in outcomes if o.status != 302]
    rows = dict(Comment.objects.filter(article=article).values_list("pk", "body"))
    assert len(outcomes) == 200
    # The redirect names no comment (it is screened after the answer): the
    # texts of the accepted posts are saved, each once, and nothing else is.
    assert sorted(o.body for o in accepted) == sorted(rows.values())
    assert max(Counter(rows.values()).values()) == 1  # no text saved twice
    assert {(o.status, o.message) for o in refused} <= {
        (429, RATE_MESSAGE),
        (400, DUPLICATE_MESSAGE),
    }
    # The rate limit refuses exactly one post of each client; the repeated text
    # is refused unless it was that one.
    assert Counter(o.client for o in refused if o.status == 429) == dict.fromkeys(
        range(CLIENTS), 1
    )
    per_client = Counter(o.client for o in accepted)
    assert all(3 <= per_client[c] <= 4 for c in range(CLIENTS)), per_client
