"""Fixtures of the spam-filter tests: a small real model trained once per
session (per xdist worker) and a temporary model directory."""

from __future__ import annotations

import pytest

from spamfilter.data import load_corpora
from spamfilter.training import train_model

# Rows per corpus for the session model: enough for the seed spam and citizen
# texts to come out right, small enough to train in seconds.
SESSION_ROWS_PER_CORPUS = 1200


@pytest.fixture(scope="session")
def trained():
    """A :class:`~spamfilter.training.TrainingResult` on a sample of every corpus."""
    return train_model(load_corpora(limit=SESSION_ROWS_PER_CORPUS))


@pytest.fixture
def model_dir(tmp_path, settings):
    from spamfilter import registry

    settings.WARTA_SPAMFILTER_MODEL_DIR = tmp_path / "models"
    settings.WARTA_SPAMFILTER_LABEL_SOURCES = []
    registry.clear_cache()
    yield settings.WARTA_SPAMFILTER_MODEL_DIR
    registry.clear_cache()


@pytest.fixture
def save(trained, model_dir, db):
    """Save the session model as a new version: ``save(make_active=True)``."""
    from spamfilter import registry

    def _save(**kwargs):
        return registry.save_model(
            trained.pipeline,
            hold_threshold=trained.hold_threshold,
            spam_threshold=trained.spam_threshold,
            data_summary=trained.data_summary,
            metrics=trained.metrics,
            **kwargs,
        )

    return _save


@pytest.fixture
def active_model(save):
    return save(make_active=True)
