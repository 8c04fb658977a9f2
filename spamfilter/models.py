"""The model registry table: one row per trained model file."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ModelVersion(models.Model):
    """A trained model saved with skops; its bytes are in :class:`ModelFile`.

    ``file_path`` names the process's local copy, relative to
    ``WARTA_SPAMFILTER_MODEL_DIR``; ``sha256`` and ``size`` of the bytes are
    checked on every load, of the database's bytes and of the local copy;
    ``library_versions`` records the versions of scikit-learn, skops, numpy
    and Python that wrote the model;
    ``data_summary`` counts training rows per source and label; ``metrics``
    holds the held-out figures (validation and test). At most one row is
    active.
    """

    version = models.CharField(_("versi"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    file_path = models.CharField(_("berkas"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField(_("ukuran (bita)"))
    library_versions = models.JSONField(_("versi pustaka"), default=dict)
    data_summary = models.JSONField(_("ringkasan data"), default=dict)
    metrics = models.JSONField(_("metrik"), default=dict)
    hold_threshold = models.FloatField(_("ambang tahan"))
    spam_threshold = models.FloatField(_("ambang spam"))
    is_active = models.BooleanField(_("aktif"), default=False)
    activated_at = models.DateTimeField(_("diaktifkan"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("versi model spam")
        verbose_name_plural = _("versi model spam")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="spamfilter_one_active_model",
            )
        ]

    def __str__(self) -> str:
        return self.version


class ModelFile(models.Model):
    """The bytes of a :class:`ModelVersion`, in the database every host shares.

    Apart from the row, so that listing versions never reads megabytes. Written
    once with the row and never changed; the registry checks them against the
    row's ``sha256`` before it loads them.
    """

    version = models.OneToOneField(
        ModelVersion,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_file",
        verbose_name=_("versi"),
    )
    data = models.BinaryField(_("isi"))

    class Meta:
        verbose_name = _("isi model spam")
        verbose_name_plural = _("isi model spam")

    def __str__(self) -> str:
        return str(self.version_id)
