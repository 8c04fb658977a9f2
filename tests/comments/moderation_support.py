"""Builders and role fixtures for the moderation tests (admin, moderation, learning).

The fixtures are imported into ``tests/comments/conftest.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

_n = itertools.count(1)


def make_comment(article, *, status="pending", **fields):
    """A saved comment on ``article``, bypassing the form and the filter."""
    from comments.models import Comment

    n = next(_n)
    fields.setdefault("name", f"Warga {n}")
    fields.setdefault("email", f"warga{n}@example.id")
    fields.setdefault("body", f"Komentar nomor {n} tentang pelayanan publik di Palopo.")
    fields.setdefault("submitted_at", timezone.now() - dt.timedelta(minutes=n))
    fields.setdefault("spam_probability", 0.6)
    fields.setdefault("model_version", "v-test")
    if status == "published":
        fields.setdefault("published_at", fields["submitted_at"])
    return Comment.objects.create(article=article, status=status, **fields)


def make_user(django_user_model, username, *groups, **fields):
    user = django_user_model.objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@pemkot.example.id"),
        password="rahasia-uji-123",
        **fields,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def moderator(django_user_model):
    return make_user(django_user_model, "moderator", "Moderator")


@pytest.fixture
def humas(django_user_model):
    return make_user(django_user_model, "humas", "Humas")


@pytest.fixture
def reader(django_user_model):
    return make_user(django_user_model, "pembaca")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "admin", "admin@pemkot.example.id", "rahasia-uji-123"
    )


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
