import datetime as dt
import io

import pytest
from django.core.management import call_command

from news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_three_seed_articles_with_their_places_and_dates(
    demo_articles,
):
    found = {(a.dateline, a.date) for a in ArticlePage.objects.live().order_by("date")}
    assert found == {
        ("Bandung", dt.date(2016, 10, 26)),
        ("Makassar", dt.date(2019, 4, 25)),
        ("Palopo", dt.date(2020, 10, 13)),
    }


def test_running_load_demo_twice_creates_no_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = list(ArticlePage.objects.values_list("pk", "slug").order_by("pk"))
    call_command("load_demo", stdout=io.StringIO())
    assert list(ArticlePage.objects.values_list("pk", "slug").order_by("pk")) == first
    assert len(first) == 3


def test_seed_text_is_split_into_lead_and_body_without_page_furniture(demo_articles):
    palopo = ArticlePage.objects.get(dateline="Palopo")
    assert palopo.lead.startswith("Untuk menyampaikan arah kebijakan")
    assert palopo.credit_line == "hms/iys"
    text = palopo.plain_text()
    assert "(hms/iys)" not in text
    assert "Turut hadir, pimpinan perangkat daerah Kota Palopo" in text
    bandung = ArticlePage.objects.get(dateline="Bandung")
    assert "Awesome things here" not in bandung.plain_text()
    assert "Tinggalkan Komentar" not in bandung.plain_text()


def test_demo_articles_keep_their_historical_publication_date(demo_articles):
    makassar = ArticlePage.objects.get(dateline="Makassar")
    assert makassar.first_published_at.date() == dt.date(2019, 4, 25)
