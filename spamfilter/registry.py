"""The model registry: saving, loading, activating and rolling back versions.

Files are written with skops under ``WARTA_SPAMFILTER_MODEL_DIR`` (read at
call time; default ``BASE_DIR / "var" / "spamfilter"``) and described by a
:class:`~spamfilter.models.ModelVersion` row. Loading checks the sha256 and
size recorded, the scikit-learn version that wrote the file, and loads with
an explicit reviewed list of trusted types (``TRUSTED_TYPES``), never
``trusted=True``.

:func:`load_active` caches the loaded model per process, keyed on the active
version; it looks the active version up again at most every
``WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS`` seconds (default 5), so activating
another version in one process is picked up by the others within seconds.
"""

from __future__ import annotations

import hashlib
import logging
import platform
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .conf import setting
from .exceptions import ModelUnavailable, SpamFilterError, UnknownVersion
from .models import ModelVersion

logger = logging.getLogger(__name__)

# Reviewed with skops.io.get_untrusted_types() on a saved model: the custom
# transformers and functions of this package and the scikit-learn internals
# a calibrated logistic pipeline holds. A type outside this list makes the
# load fail (ModelUnavailable).
TRUSTED_TYPES = [
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "spamfilter.features.CommentPreparer",
    "spamfilter.features.CommentSignals",
    "spamfilter.features.CompactTfidfVectorizer",
    "spamfilter.features.FlooredTfidfVectorizer",
    "spamfilter.features.ngram_text",
]

FILE_SUFFIX = ".skops"


def model_dir() -> Path:
    """``WARTA_SPAMFILTER_MODEL_DIR`` (created on demand)."""
    configured = setting("MODEL_DIR")
    if configured is None:
        configured = Path(settings.BASE_DIR) / "var" / "spamfilter"
    return Path(configured)


def library_versions() -> dict[str, str]:
    # scikit-learn, numpy and skops load in seconds: only when a model is
    # saved or loaded, never on `import spamfilter`.
    import numpy
    import sklearn
    import skops

    return {
        "sklearn": sklearn.__version__,
        "skops": skops.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _new_version_name() -> str:
    base = timezone.now().strftime("%Y%m%d-%H%M%S")
    name, n = base, 1
    while ModelVersion.objects.filter(version=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def save_model(
    pipeline: Any,
    *,
    hold_threshold: float,
    spam_threshold: float,
    data_summary: dict | None = None,
    metrics: dict | None = None,
    notes: str = "",
    make_active: bool = False,
    actor=None,
):
    """Write ``pipeline`` with skops and register it; returns the
    :class:`~spamfilter.models.ModelVersion` (inactive unless ``make_active``).

    The file holds the pipeline with its thresholds and version name, so it
    describes itself; the row repeats them with the checksum and metrics.
    """
    import skops.io  # heavy: see library_versions

    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    version = _new_version_name()
    relative = f"spamfilter-{version}{FILE_SUFFIX}"
    path = directory / relative
    payload = {
        "pipeline": pipeline,
        "version": version,
        "hold_threshold": float(hold_threshold),
        "spam_threshold": float(spam_threshold),
        "library_versions": library_versions(),
    }
    skops.io.dump(payload, path)
    row = ModelVersion.objects.create(
        version=version,
        file_path=relative,
        sha256=sha256_of(path),
        size=path.stat().st_size,
        library_versions=payload["library_versions"],
        data_summary=data_summary or {},
        metrics=metrics or {},
        hold_threshold=float(hold_threshold),
        spam_threshold=float(spam_threshold),
        notes=notes,
    )
    if make_active:
        row = activate(row.version, actor=actor)
    return row


@dataclass(frozen=True)
class LoadedModel:
    """A model ready to score: the pipeline, its fast scorer and thresholds."""

    version: str
    pipeline: Any
    scorer: Any
    hold_threshold: float
    spam_threshold: float


def load_version(row) -> LoadedModel:
    """Load the file of a :class:`ModelVersion` row, verifying it first.

    Raises :class:`ModelUnavailable` when the file is missing, its size or
    sha256 differ from the row, it was written by another scikit-learn
    version, it holds an untrusted type or cannot be read.
    """
    import sklearn  # heavy: see library_versions
    import skops.io

    from .scoring import Scorer  # imports numpy

    path = model_dir() / row.file_path
    if not path.is_file():
        raise ModelUnavailable(f"model file {path} of {row.version} is missing")
    if path.stat().st_size != row.size or sha256_of(path) != row.sha256:
        raise ModelUnavailable(f"model file {path} does not match its checksum")
    saved_with = (row.library_versions or {}).get("sklearn")
    if saved_with != sklearn.__version__:
        raise ModelUnavailable(
            f"model {row.version} was saved with scikit-learn {saved_with}, "
            f"this process runs {sklearn.__version__}: retrain it"
        )
    try:
        payload = skops.io.load(path, trusted=TRUSTED_TYPES)
        pipeline = payload["pipeline"]
        scorer = Scorer(pipeline)
    except Exception as error:
        raise ModelUnavailable(
            f"model file {path} cannot be loaded: {error}"
        ) from error
    return LoadedModel(
        version=row.version,
        pipeline=pipeline,
        scorer=scorer,
        hold_threshold=float(row.hold_threshold),
        spam_threshold=float(row.spam_threshold),
    )


class _ActiveModelCache:
    """The loaded active model of this process, re-checked on a short TTL."""

    def __init__(self):
        self.lock = threading.Lock()
        self.model: LoadedModel | None = None
        self.key: tuple | None = None
        self.checked_at = 0.0

    def clear(self) -> None:
        with self.lock:
            self.model, self.key, self.checked_at = None, None, 0.0

    def get(self) -> LoadedModel:
        ttl = float(setting("ACTIVE_CHECK_SECONDS"))
        now = time.monotonic()
        model = self.model
        if model is not None and now - self.checked_at < ttl:
            return model
        with self.lock:
            key = _active_key()
            if key is None:
                self.model, self.key = None, None
                raise ModelUnavailable("no active spam-filter model")
            if self.model is None or key != self.key:
                self.model = load_version(ModelVersion.objects.get(pk=key[0]))
                self.key = key
            self.checked_at = time.monotonic()
            return self.model


def _active_key() -> tuple | None:
    try:
        row = (
            ModelVersion.objects.filter(is_active=True)
            .values_list("pk", "sha256", "activated_at")
            .first()
        )
    except Exception as error:
        raise ModelUnavailable(f"model registry unavailable: {error}") from error
    return tuple(row) if row else None


_cache = _ActiveModelCache()


def load_active() -> LoadedModel:
    """The active model, loaded once per process and swapped on activation."""
    return _cache.get()


def clear_cache() -> None:
    """Forget the loaded model (tests; the next call reloads)."""
    _cache.clear()


def activate(version: str, *, actor=None):
    """Make ``version`` the only active model; returns its row.

    ``actor`` is who asked (None for a command or a task): logged here; the
    comments app writes its own audit row. Raises :class:`UnknownVersion` for
    an unknown version and :class:`ModelUnavailable` when its file does not load.
    """
    try:
        row = ModelVersion.objects.get(version=version)
    except ModelVersion.DoesNotExist as error:
        raise UnknownVersion(f"no spam-filter model version {version!r}") from error
    load_version(row)
    with transaction.atomic():
        ModelVersion.objects.filter(is_active=True).exclude(pk=row.pk).update(
            is_active=False
        )
        row.is_active = True
        row.activated_at = timezone.now()
        row.save(update_fields=["is_active", "activated_at"])
    clear_cache()
    logger.info("Spam model %s activated by %s", row.version, actor or "the system")
    return row


def rollback(*, actor=None):
    """Activate the version that was active before the current one.

    That is the most recently activated other version (by ``activated_at``),
    or, if none was ever activated, the newest version older than the active
    one. Raises :class:`SpamFilterError` when there is nothing to roll back to.
    """
    active = ModelVersion.objects.filter(is_active=True).first()
    others = ModelVersion.objects.exclude(pk=active.pk) if active else None
    if others is None:
        raise SpamFilterError("no active model to roll back from")
    previous = (
        others.filter(activated_at__isnull=False).order_by("-activated_at").first()
        or others.filter(created_at__lt=active.created_at)
        .order_by("-created_at")
        .first()
    )
    if previous is None:
        raise SpamFilterError(f"no version to roll back to from {active.version}")
    return activate(previous.version, actor=actor)


def list_versions():
    """All versions, newest first."""
    return ModelVersion.objects.order_by("-created_at", "-pk")


def active_version():
    """The active :class:`ModelVersion` row, or ``None``."""
    return ModelVersion.objects.filter(is_active=True).first()


def newest_version():
    """The most recently trained :class:`ModelVersion` row, or ``None``."""
    return ModelVersion.objects.order_by("-created_at", "-pk").first()
