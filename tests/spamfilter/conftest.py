"""Fixtures of the spam-filter tests: a small real model trained once for the
whole run, and a temporary model directory.

Under pytest-xdist every worker is its own process: the first worker that needs
the model trains it and writes it to the run's shared temporary folder (the
pipeline with skops and the reviewed trusted types, the figures and the splits as
JSON) while holding a file lock; the others wait for the lock and load the file.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json

import pytest
import skops.io

from spamfilter.data import LabelledText, Splits, load_corpora
from spamfilter.registry import TRUSTED_TYPES
from spamfilter.training import TrainingResult, train_model

# Rows per corpus for the session model: enough for the seed spam and citizen
# texts to come out right, small enough to train in seconds.
SESSION_ROWS_PER_CORPUS = 1200


def _save(result: TrainingResult, folder) -> None:
    skops.io.dump(result.pipeline, folder / "pipeline.skops")
    described = {
        "hold_threshold": result.hold_threshold,
        "spam_threshold": result.spam_threshold,
        "metrics": result.metrics,
        "data_summary": result.data_summary,
        "splits": {
            part: [dataclasses.asdict(row) for row in getattr(result.splits, part)]
            for part in ("train", "validation", "test")
        },
    }
    (folder / "result.json").write_text(json.dumps(described))


def _load(folder) -> TrainingResult:
    described = json.loads((folder / "result.json").read_text())
    splits = Splits(
        **{
            part: [LabelledText(**row) for row in rows]
            for part, rows in described.pop("splits").items()
        }
    )
    pipeline = skops.io.load(folder / "pipeline.skops", trusted=TRUSTED_TYPES)
    return TrainingResult(pipeline=pipeline, splits=splits, **described)


@pytest.fixture(scope="session")
def trained(tmp_path_factory, worker_id):
    """A :class:`~spamfilter.training.TrainingResult` on a sample of every corpus."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder all workers of this run share
    folder = shared / "session-spam-model"
    folder.mkdir(exist_ok=True)
    with open(shared / "session-spam-model.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "result.json").exists():
            _save(train_model(load_corpora(limit=SESSION_ROWS_PER_CORPUS)), folder)
    return _load(folder)


@pytest.fixture
def model_dir(tmp_path, settings):
    from spamfilter import registry

    settings.WARTA_SPAMFILTER_MODEL_DIR = tmp_path / "models"
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
