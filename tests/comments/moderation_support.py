"""Role fixtures for the moderation tests (admin, moderation, learning).

The fixtures are imported into ``tests/comments/conftest.py``; the builders are in
``tests/factories.py``.
"""

from __future__ import annotations

import pytest

from tests.factories import make_user


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
