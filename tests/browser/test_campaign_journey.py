"""A spam campaign reaches the site; the moderator decides it once, in the queue.

Copies of one spintax template arrive from different names and addresses: the
first is published by the model, the next ones are held as one group. The
moderator sees the group as one row ("4 komentar serupa", "mirip 2 komentar
lain dalam 24 jam"), marks it spam once, and the published first copy goes
with it; the next copy is marked spam on arrival. Screenshots of each step.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.admin_support import PASSWORD, log_in
from tests.factories import fake_verdict

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COPIES = [
    "Saya sudah menjelajah internet lebih dari tiga jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Kunjungi juga situs kami "
    "usahajaya.example untuk tips bisnis online yang sangat berharga.",
    "Saya telah menjelajah internet lebih dari empat jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Kunjungi juga blog kami "
    "usahajaya.example untuk tips bisnis online yang sangat berharga.",
    "Saya sudah berselancar di internet lebih dari 3 jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Kunjungi juga situs kami "
    "usahajaya.example untuk tips usaha online yang sangat berharga.",
    "Saya sudah menjelajah web lebih dari tiga jam hari ini, tetapi belum pernah "
    "menemukan artikel semenarik tulisan Anda. Kunjungi juga situs kami "
    "usahajaya.example untuk tips bisnis rumahan yang sangat berharga.",
    "Saya telah berselancar di internet lebih dari dua jam hari ini, tetapi belum "
    "pernah menemukan artikel semenarik tulisan Anda. Kunjungi juga situs kami "
    "usahajaya.example untuk tips bisnis online yang amat berharga.",
]


def submit(article, body, n):
    from comments.models import Comment
    from comments.services import accept_comment

    comment = Comment(
        article=article,
        name=f"Pengunjung {n}",
        email=f"p{n}@contoh.example",
        ip_hash=f"{n:064d}",
        user_agent="Mozilla/5.0",
        body=body,
    )
    return accept_comment(comment, screening_timeout=0).comment


def test_a_campaign_is_decided_once(web, screenshots, monkeypatch, django_user_model):
    from django.contrib.auth.models import Group

    from comments.models import Comment, Status
    from news.demo import load_articles

    # The model finds each copy harmless: only the campaign look-up holds them.
    monkeypatch.setattr("spamfilter.score", lambda comment: fake_verdict(0.05))
    articles = load_articles()
    copies = [
        submit(articles[n % len(articles)], body, n)
        for n, body in enumerate(COPIES[:4])
    ]
    assert [c.status for c in copies] == [Status.PUBLISHED] + [Status.PENDING] * 3
    moderator = django_user_model.objects.create_user(
        "moderator", "moderator@palopo.example", PASSWORD
    )
    moderator.groups.add(Group.objects.get(name="Moderator"))

    log_in(web, "moderator")
    web.goto("/admin/komentar/")
    # One row for the group, with its size and the reason it was held.
    expect(web.locator("[data-comment-row]")).to_have_count(1)
    expect(web.locator(".comment-group")).to_have_text(
        re.compile(r"4\s+komentar serupa")
    )
    expect(
        web.get_by_text("mirip 3 komentar lain dalam 24 jam", exact=True)
    ).to_be_visible()
    screenshots(web, "campaign-queue")

    web.get_by_role("link", name=re.compile(r"Spam: 4 serupa")).click()
    expect(web.locator(".comment-confirm-list li")).to_have_count(4)
    expect(web.get_by_text("Terbit", exact=False).first).to_be_visible()
    screenshots(web, "campaign-confirm")
    web.get_by_role("button", name=re.compile(r"Spam 4 komentar serupa")).click()
    expect(web.get_by_text("4 komentar serupa ditandai spam.")).to_be_visible()
    # The group is one row of the queue's spam part now.
    expect(web.locator("[data-comment-row]")).to_have_count(1)
    expect(web.locator(".comment-meta .w-status")).to_have_text("Spam")
    screenshots(web, "campaign-decided")

    statuses = set(
        Comment.objects.filter(pk__in=[c.pk for c in copies]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Status.SPAM}
    # The decision is a label: the next copy is spam on arrival.
    late = submit(articles[0], COPIES[4], 9)
    assert late.status == Status.SPAM
    web.goto("/admin/komentar/spam/")
    expect(
        web.get_by_text("mirip komentar yang ditandai spam oleh moderator").first
    ).to_be_visible()
    screenshots(web, "campaign-late-copy-spam")
