"""The site's comment policy: which site's, thresholds, the decision, settings."""

from __future__ import annotations

import pytest
from django.core import checks
from wagtail.models import Page, Site

from comments import moderation, policy
from comments.conf import check_settings, setting
from comments.models import Comment, CommentPolicy, Status
from tests.factories import fake_verdict, make_article, make_held_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_site_article(news_home):
    """An article on a second site (a province beside the city), not the default."""
    from news.models import HomePage, NewsIndexPage

    home = HomePage(title="Provinsi", slug="provinsi")
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.create(hostname="sulsel.example", port=80, root_page=home)
    index = NewsIndexPage(title="Berita Provinsi", slug="berita")
    home.add_child(instance=index)
    index.save_revision().publish()
    article = make_article(index, title="Gubernur Resmikan Jembatan")
    return article, site


def test_an_article_gets_the_policy_of_its_own_site(article, other_site_article):
    far_article, far_site = other_site_article
    CommentPolicy.objects.create(site=far_site, mode=CommentPolicy.Mode.HOLD_ALL)

    assert policy.policy_for(far_article).site_id == far_site.pk
    assert policy.policy_for(far_article).mode == CommentPolicy.Mode.HOLD_ALL
    assert policy.policy_for(article).mode == CommentPolicy.Mode.SCREEN
    assert policy.default_policy().site_id != far_site.pk


def test_the_policy_of_the_articles_site_decides(article, other_site_article):
    far_article, far_site = other_site_article
    CommentPolicy.objects.create(site=far_site, mode=CommentPolicy.Mode.HOLD_ALL)
    harmless = fake_verdict(0.1)

    here = policy.decide(Comment(article=article, email="a@x.id"), harmless)
    there = policy.decide(Comment(article=far_article, email="a@x.id"), harmless)

    assert here.status == Status.PUBLISHED
    assert there.status == Status.PENDING


def test_a_saved_policy_decides_the_next_comment(article, django_assert_num_queries):
    harmless = fake_verdict(0.1)
    comment = Comment(article=article, email="a@x.id")
    assert policy.decide(comment, harmless).status == Status.PUBLISHED

    saved = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    saved.mode = CommentPolicy.Mode.HOLD_ALL
    saved.save()
    assert policy.decide(comment, harmless).status == Status.PENDING
    with django_assert_num_queries(0):
        policy.decide(comment, harmless)

    saved.delete()
    assert policy.decide(comment, harmless).status == Status.PUBLISHED


def test_policy_thresholds_win_over_the_models():
    site_policy = CommentPolicy(hold_threshold=0.3, spam_threshold=None)
    assert policy.thresholds(site_policy, hold=0.5, spam=0.9) == policy.Thresholds(
        0.3, 0.9
    )
    assert policy.thresholds(None, hold=0.5, spam=0.9) == policy.Thresholds(0.5, 0.9)


def test_the_queue_thresholds_fall_back_to_the_setting_without_a_model(article):
    assert policy.queue_thresholds() == policy.Thresholds(0.5, 0.9)
    site_policy = policy.default_policy()
    site_policy.hold_threshold, site_policy.spam_threshold = 0.3, 0.8
    site_policy.save()
    assert policy.queue_thresholds() == policy.Thresholds(0.3, 0.8)


def test_the_queue_measures_uncertainty_against_each_comments_own_site(
    article, other_site_article
):
    far_article, far_site = other_site_article
    CommentPolicy.objects.create(site=far_site, hold_threshold=0.65)
    here = make_held_comment(article, spam_probability=0.6)
    there = make_held_comment(far_article, spam_probability=0.6)

    rows = {c.pk: c for c in moderation.queue_queryset()}

    assert rows[here.pk].uncertainty == pytest.approx(0.1)  # hold 0.5 here
    assert rows[there.pk].uncertainty == pytest.approx(0.05)  # hold 0.65 there


def test_a_blocked_email_is_found_once_whatever_the_case_it_was_typed_in(article):
    from comments.services import block_commenter, normalise

    block_commenter(kind="email", value="Spam@Example.ID", moderator=None)
    comment = normalise(Comment(article=article, email="  SPAM@example.id ", body="x"))

    assert comment.email == "spam@example.id"
    assert policy.is_blocked(comment)


def test_settings_have_one_getter_with_defaults_and_the_environment(
    settings, monkeypatch
):
    assert setting("RATE_LIMIT") == 5
    monkeypatch.setenv("WARTA_COMMENTS_RATE_LIMIT", "9")
    assert setting("RATE_LIMIT") == 9
    settings.WARTA_COMMENTS_RATE_LIMIT = 7
    assert setting("RATE_LIMIT") == 7


def test_misconfigured_comment_settings_are_reported_by_id(settings):
    assert check_settings() == []
    settings.WARTA_COMMENTS_MAX_LENGTH = "banyak"
    settings.WARTA_COMMENTS_DEFAULT_THRESHOLDS = (0.9, 0.5)
    settings.WARTA_SPAMFILTER_RETRAIN_OPTIONS = ["limit", 500]
    settings.WARTA_COMMENTS_TRUSTED_DOMAINS = "go.id"

    ids = {message.id for message in check_settings()}

    assert ids == {"comments.E001", "comments.E002", "comments.E003", "comments.E004"}
    assert check_settings in checks.registry.registry.registered_checks


def test_trusted_domains_are_the_settings_list_and_the_sites_own(settings, article):
    from comments.policy import trusted_domains

    settings.WARTA_COMMENTS_TRUSTED_DOMAINS = ("go.id", ".SCH.ID")

    assert trusted_domains() == ("go.id", "sch.id")
    assert trusted_domains(article) == ("localhost", "go.id", "sch.id")


def test_the_language_reason_holds_but_never_lowers_a_spam_verdict():
    from comments.policy import Thresholds, filter_status

    limits = Thresholds(0.3, 0.8)

    assert filter_status(0.1, limits, {"other_language"})[0] == "pending"
    assert filter_status(0.9, limits, {"other_language"})[0] == "spam"
    assert filter_status(0.1, limits)[0] == "published"


def test_links_or_technical_text_alone_hold_rather_than_bin():
    from comments.policy import Thresholds, filter_status

    limits = Thresholds(0.3, 0.8)

    # the words without the links would not be spam: held, not binned
    assert filter_status(0.95, limits, (), 0.1)[0] == "pending"
    assert filter_status(0.95, limits, (), 0.79)[0] == "pending"
    # spam in its words too, or nothing to take out: binned
    assert filter_status(0.95, limits, (), 0.85)[0] == "spam"
    assert filter_status(0.95, limits, (), None)[0] == "spam"
    assert filter_status(0.95, limits)[0] == "spam"
    # never more lenient than holding
    assert filter_status(0.5, limits, (), 0.0)[0] == "pending"


def test_the_second_look_is_taken_only_for_a_comment_at_the_spam_threshold():
    from comments.policy import Thresholds, filter_status

    limits = Thresholds(hold=0.5, spam=0.8)
    asked = []

    def second_look() -> float:
        asked.append(True)
        return 0.1

    assert filter_status(0.6, limits, (), second_look)[0] == "pending"
    assert asked == []
    assert filter_status(0.95, limits, (), second_look)[0] == "pending"
    assert asked == [True]


def test_decide_holds_a_comment_spam_only_by_its_links(article):
    import dataclasses

    comment = Comment(article=article, body="links", user_agent="Mozilla/5.0")
    binned = fake_verdict(0.97)
    links_only = dataclasses.replace(binned, content_score=lambda: 0.02)

    assert policy.decide(comment, binned).status == Status.SPAM
    outcome = policy.decide(comment, links_only)
    assert outcome.status == Status.PENDING
    assert "tautan/teks teknis" in outcome.note


def _counting_cache_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    get = policy.cache.get

    def counting(key, *args, **kwargs):
        reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(policy.cache, "get", counting)
    return reads


def _later(monkeypatch, seconds: float) -> None:
    now = policy.time.monotonic() + seconds
    monkeypatch.setattr(policy.time, "monotonic", lambda: now)


def test_a_process_screens_with_what_it_read_lately_not_the_shared_cache(
    article, monkeypatch
):
    from news.models import ArticlePage

    policy.policy_for(article)
    reads = _counting_cache_reads(monkeypatch)

    again = ArticlePage.objects.get(pk=article.pk)  # as the next request loads it
    assert policy.policy_for(again).mode == CommentPolicy.Mode.SCREEN
    assert policy.site_domain(again) == "localhost"
    assert reads == []


def test_a_change_saved_by_another_process_is_seen_within_the_bound(
    article, monkeypatch
):
    from news.models import ArticlePage

    site = article.get_site()
    CommentPolicy.objects.create(site=site)
    assert policy.policy_for(article).mode == CommentPolicy.Mode.SCREEN
    # Saved by another app server: the shared cache forgotten there, this
    # process not told.
    CommentPolicy.objects.filter(site=site).update(mode=CommentPolicy.Mode.HOLD_ALL)
    policy.cache.clear()

    again = ArticlePage.objects.get(pk=article.pk)
    assert policy.policy_for(again).mode == CommentPolicy.Mode.SCREEN
    _later(monkeypatch, policy.PROCESS_SECONDS + 1)
    assert policy.policy_for(again).mode == CommentPolicy.Mode.HOLD_ALL


def test_a_policy_or_site_saved_in_this_process_is_seen_at_once(article):
    from news.models import ArticlePage

    assert policy.policy_for(article).mode == CommentPolicy.Mode.SCREEN
    assert policy.site_domain(article) == "localhost"

    saved = CommentPolicy.for_site(article.get_site())
    saved.mode = CommentPolicy.Mode.HOLD_ALL
    saved.save()
    site = article.get_site()
    site.hostname = "palopokota.go.id"
    site.save()

    again = ArticlePage.objects.get(pk=article.pk)
    assert policy.policy_for(again).mode == CommentPolicy.Mode.HOLD_ALL
    assert policy.site_domain(again) == "palopokota.go.id"
