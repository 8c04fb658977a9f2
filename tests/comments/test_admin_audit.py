"""Every change a moderator makes in the admin leaves an audit row."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from comments import audit
from comments.models import Block, CommentPolicy, ModerationEvent, Status
from tests.factories import make_held_comment

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "comments.migrations.0004_moderationevent_batch_confirmed"
)


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).select_related("user"))


def test_adding_and_lifting_a_block_are_recorded_with_the_moderator(
    moderator_client, moderator
):
    moderator_client.post(
        reverse("komentar_blokir:add"),
        {"kind": "email", "value": "promo@spam.id", "reason": "iklan"},
    )
    block = Block.objects.get()
    moderator_client.post(reverse("komentar_blokir:delete", args=[block.pk]))
    assert not Block.objects.exists()
    (added,) = entries(audit.BLOCK)
    (lifted,) = entries(audit.UNBLOCK)
    for entry in (added, lifted):
        assert entry.user == moderator
        assert entry.object_id == str(block.pk)
        assert entry.label.endswith(": promo@spam.id")


def test_blocking_a_comments_author_is_recorded(moderator_client, moderator, article):
    comment = make_held_comment(article, email="spammer@example.id")
    moderator_client.post(
        reverse("komentar:block", args=[comment.pk]), {"kind": "email"}
    )
    (entry,) = entries(audit.BLOCK)
    assert entry.user == moderator and entry.data == {"kind": "email"}


def test_block_list_is_refused_to_humas(client, humas):
    client.force_login(humas)
    response = client.post(
        reverse("komentar_blokir:add"), {"kind": "email", "value": "a@b.id"}
    )
    assert response.status_code == 302 and not Block.objects.exists()
    assert client.get(reverse("komentar_blokir:index")).status_code == 302


def test_a_block_cannot_be_edited(moderator_client):
    block = Block.objects.create(kind="email", value="a@b.id")
    response = moderator_client.post(
        reverse("komentar_blokir:edit", args=[block.pk]),
        {"kind": "email", "value": "c@d.id"},
    )
    assert response.status_code == 302
    block.refresh_from_db()
    assert block.value == "a@b.id"


def test_trust_policy_change_is_recorded_with_before_and_after(
    moderator_client, moderator, article
):
    moderator_client.post(
        reverse("komentar_blokir:trust"), {"trusted_after_published": 3}
    )
    policy = CommentPolicy.for_site(article.get_site())
    assert policy.trusted_after_published == 3
    (entry,) = entries(audit.TRUST)
    assert entry.user == moderator and entry.data == {"before": 0, "after": 3}


def test_emptying_the_spam_folder_is_recorded(moderator_client, moderator, article):
    make_held_comment(article, status=Status.SPAM)
    moderator_client.post(reverse("komentar:empty_spam"), {"keep_labels": "1"})
    (entry,) = entries(audit.EMPTY_SPAM)
    assert entry.user == moderator
    assert entry.data == {"deleted": 1, "keep_labels": True}


@pytest.fixture
def two_models(monkeypatch):
    """Two registered versions, the newer active; loading their files is skipped."""
    from spamfilter import registry
    from spamfilter.models import ModelVersion

    monkeypatch.setattr(registry, "load_version", lambda row: None)
    fields = {"file_path": "-", "sha256": "-", "size": 1}
    old = ModelVersion.objects.create(
        version="v-lama", hold_threshold=0.3, spam_threshold=0.9, **fields
    )
    new = ModelVersion.objects.create(
        version="v-baru", hold_threshold=0.2, spam_threshold=0.8, **fields
    )
    registry.activate(old.version)
    registry.activate(new.version)
    return old, new


def test_activation_and_rollback_are_recorded(moderator_client, moderator, two_models):
    old, new = two_models
    moderator_client.post(reverse("komentar:activate", args=[old.version]))
    moderator_client.post(reverse("komentar:rollback"))
    (activated,) = entries(audit.MODEL_ACTIVATE)
    (rolled_back,) = entries(audit.MODEL_ROLLBACK)
    assert activated.user == rolled_back.user == moderator
    assert activated.object_id == str(old.pk)
    assert rolled_back.data == {"version": "v-baru", "previous": "v-lama"}


def test_filter_page_shows_thresholds_as_percentages_and_metrics_as_a_table(
    moderator_client, two_models
):
    old, _new = two_models
    old.metrics = {
        "validation": {
            "all": {
                "n": 400,
                "roc_auc": 0.9871,
                "spam": {"recall": 0.912, "false_positive_rate": 0.004},
                "hold": {"recall": 0.97, "false_positive_rate": 0.05},
            },
            "moderator": {"n": 20, "roc_auc": None, "spam": {}, "hold": {}},
        }
    }
    old.save()
    page = moderator_client.get(reverse("komentar:filter"))
    html = page.content.decode()
    assert "<title>Filter spam" in html
    crumbs = [item["label"] for item in page.context["view"].get_breadcrumbs_items()]
    assert crumbs[-1] == "Filter spam"
    assert "30,0 %" in html and "90,0 %" in html
    assert "91,2 %" in html and "0,4 %" in html
    assert "{" not in html.split('comment-model-versions"', 1)[1]


def test_split_note_moves_batch_and_confirmation_out_of_the_note():
    assert MIGRATION.split_note("bukan spam; batch:abc123") == (
        "bukan spam",
        "abc123",
        False,
    )
    assert MIGRATION.split_note("yakin-spam; batch:f00") == ("", "f00", True)
    assert MIGRATION.split_note("yakin-spam") == ("", "", True)
    assert MIGRATION.split_note("dilaporkan 3 kali") == ("dilaporkan 3 kali", "", False)


def test_data_migration_of_old_notes_and_back(article, moderator):
    from django.apps import apps

    comment = make_held_comment(article)
    old_notes = ["bukan spam; batch:abc123", "yakin-spam", "diterima", ""]
    events = [
        ModerationEvent.objects.create(
            comment=comment, actor=moderator, to_status=Status.SPAM, note=note
        )
        for note in old_notes
    ]
    MIGRATION.notes_to_fields(apps, None)
    moved = [
        ModerationEvent.objects.values_list("note", "batch", "confirmed").get(pk=e.pk)
        for e in events
    ]
    assert moved == [
        ("bukan spam", "abc123", False),
        ("", "", True),
        ("diterima", "", False),
        ("", "", False),
    ]
    MIGRATION.fields_to_notes(apps, None)
    notes = [ModerationEvent.objects.get(pk=e.pk).note for e in events]
    assert notes == old_notes


def test_rollback_is_offered_only_when_there_is_a_model_to_go_back_to(
    moderator_client, two_models
):
    rollback = reverse("komentar:rollback")
    assert rollback in moderator_client.get(reverse("komentar:filter")).content.decode()
    old, _new = two_models
    old.delete()
    assert (
        rollback
        not in moderator_client.get(reverse("komentar:filter")).content.decode()
    )
