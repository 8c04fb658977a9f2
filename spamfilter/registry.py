"""The model registry: saving, loading, activating and rolling back versions.

A model is written with skops and stored in the database every host shares:
the :class:`~spamfilter.models.ModelVersion` row describes it (sha256, size,
library versions, metrics, thresholds) and its bytes are in a
:class:`~spamfilter.models.ModelFile` row. So an app server loads the active
version wherever it was trained, with no shared disk. Each process keeps a
local copy under ``WARTA_SPAMFILTER_MODEL_DIR`` (read at call time; default
``$WARTA_VAR_DIR/spamfilter``), used only when its sha256 matches the row,
and fetched again from the database otherwise. Loading checks the sha256 and
size recorded, the scikit-learn version that wrote the model, and loads with
an explicit reviewed list of trusted types (``TRUSTED_TYPES``), never
``trusted=True``.

:func:`load_active` caches the loaded model per process, keyed on the active
version; it looks the active version up again at most every
``WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS`` seconds (default 5), so activating
another version on one host is picked up by all the others within seconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import tempfile
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
from .models import ModelFile, ModelVersion

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
    """``WARTA_SPAMFILTER_MODEL_DIR``, this process's local copies (created on
    demand)."""
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
    """Write ``pipeline`` with skops into the database; returns the
    :class:`~spamfilter.models.ModelVersion` (inactive unless ``make_active``).

    The bytes hold the pipeline with its thresholds and version name, so they
    describe themselves; the row repeats them with the checksum and metrics.
    """
    import skops.io  # heavy: see library_versions

    version = _new_version_name()
    payload = {
        "pipeline": pipeline,
        "version": version,
        "hold_threshold": float(hold_threshold),
        "spam_threshold": float(spam_threshold),
        "library_versions": library_versions(),
    }
    data = skops.io.dumps(payload)
    with transaction.atomic():
        row = ModelVersion.objects.create(
            version=version,
            file_path=f"spamfilter-{version}{FILE_SUFFIX}",
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            library_versions=payload["library_versions"],
            data_summary=data_summary or {},
            metrics=metrics or {},
            hold_threshold=float(hold_threshold),
            spam_threshold=float(spam_threshold),
            notes=notes,
        )
        ModelFile.objects.create(version=row, data=data)
    _keep_local_copy(row, data)
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


def local_path(row) -> Path:
    """Where this process keeps its copy of ``row``'s bytes."""
    return model_dir() / row.file_path


def _matches(row, data: bytes) -> bool:
    return len(data) == row.size and hashlib.sha256(data).hexdigest() == row.sha256


def _keep_local_copy(row, data: bytes) -> None:
    """Write the local copy atomically; a read-only or full disk only costs a
    database read at the next load, so it is logged, not raised."""
    path = local_path(row)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as error:
        logger.warning("No local copy of model %s: %s", row.version, error)


def model_bytes(row) -> bytes:
    """The verified bytes of ``row``: the local copy when its checksum matches,
    else the database's (and the local copy written again).

    Raises :class:`ModelUnavailable` when the database holds no bytes for the
    version or they do not match the row's checksum.
    """
    with_copy = local_path(row)
    try:
        data = with_copy.read_bytes()
    except OSError:
        data = None
    if data is not None and _matches(row, data):
        return data
    stored = ModelFile.objects.filter(version_id=row.pk).values_list("data", flat=True)
    try:
        data = bytes(stored.get())
    except ModelFile.DoesNotExist as error:
        raise ModelUnavailable(f"model {row.version} has no stored file") from error
    except Exception as error:
        raise ModelUnavailable(f"model registry unavailable: {error}") from error
    if not _matches(row, data):
        raise ModelUnavailable(
            f"stored model {row.version} does not match its checksum"
        )
    _keep_local_copy(row, data)
    return data


def load_version(row) -> LoadedModel:
    """Load the model of a :class:`ModelVersion` row, verifying it first.

    Raises :class:`ModelUnavailable` when its bytes are missing, their size or
    sha256 differ from the row, it was written by another scikit-learn
    version, it holds an untrusted type or cannot be read.
    """
    import sklearn  # heavy: see library_versions
    import skops.io

    from .scoring import Scorer  # imports numpy

    saved_with = (row.library_versions or {}).get("sklearn")
    if saved_with != sklearn.__version__:
        raise ModelUnavailable(
            f"model {row.version} was saved with scikit-learn {saved_with}, "
            f"this process runs {sklearn.__version__}: retrain it"
        )
    data = model_bytes(row)
    try:
        payload = skops.io.loads(data, trusted=TRUSTED_TYPES)
        pipeline = payload["pipeline"]
        scorer = Scorer(pipeline)
    except Exception as error:
        raise ModelUnavailable(
            f"model {row.version} cannot be loaded: {error}"
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

    def fresh(self) -> bool:
        """Whether :meth:`get` would answer without reading a model file: a
        model loaded, and its activation checked within the TTL or, when that
        check is due, checked now (one small query) and still the active one.
        False when the check fails or finds another version to load."""
        if self.model is None:
            return False
        ttl = float(setting("ACTIVE_CHECK_SECONDS"))
        if time.monotonic() - self.checked_at < ttl:
            return True
        with self.lock:
            try:
                key = _active_key()
            except ModelUnavailable:
                return False
            if self.model is None or key is None or key != self.key:
                return False
            self.checked_at = time.monotonic()
            return True

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


def active_loaded() -> bool:
    """Whether :func:`load_active` would answer without reading a model file
    (it may read which version is active: one small query every
    ``WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS``)."""
    return _cache.fresh()


def clear_cache() -> None:
    """Forget the loaded model (tests; the next call reloads)."""
    _cache.clear()


def activate(version: str, *, actor=None):
    """Make ``version`` the only active model; returns its row.

    ``actor`` is who asked (None for a command or a task): logged here; the
    comments app writes its own audit row. Raises :class:`UnknownVersion` for
    an unknown version and :class:`ModelUnavailable` when its model does not load.
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
