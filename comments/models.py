"""Comments under press releases, their audit trail, blocks and the site policy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Status(models.TextChoices):
    PENDING = "pending", _("Menunggu moderasi")
    PUBLISHED = "published", _("Terbit")
    SPAM = "spam", _("Spam")
    REJECTED = "rejected", _("Ditolak")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def held(self):
        return self.filter(status=Status.PENDING)

    def spam(self):
        return self.filter(status=Status.SPAM)

    def binned_by_filter(self):
        """Spam no moderator decided on: the rest is the filter's training labels."""
        return self.spam().filter(decided_at__isnull=True)

    def for_page(self, page):
        return self.filter(article_id=page.pk)


class Comment(models.Model):
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("berita"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # Replies are one level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("membalas"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(_("nama"), max_length=80)
    email = models.EmailField(_("email"), max_length=254)
    website = models.URLField(_("situs web"), max_length=200, blank=True)
    body = models.TextField(_("komentar"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    spam_probability = models.FloatField(_("peluang spam"), null=True, blank=True)
    reasons = models.JSONField(_("alasan filter"), default=list, blank=True)
    model_version = models.CharField(_("versi model"), max_length=64, blank=True)
    screening_note = models.CharField(
        _("catatan penyaringan"),
        max_length=255,
        blank=True,
        help_text=_("Mengapa komentar ditahan, mis. filter gagal."),
    )
    submitted_at = models.DateTimeField(_("dikirim"), db_index=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    ip_hash = models.CharField(_("hash IP"), max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    # A normalised digest of the body: duplicate detection and grouping of spam runs.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    # The signature of the form that brought the comment in: a form is taken once
    # (comments.stamps). Empty (NULL, never equal) for comments made otherwise.
    form_stamp = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    report_count = models.PositiveIntegerField(_("jumlah laporan"), default=0)
    # The group of near-copies from different authors (comments.campaigns): one
    # moderator decision covers it. Empty for a comment that copies nothing.
    campaign = models.CharField(
        _("kampanye"), max_length=32, blank=True, default="", db_index=True
    )
    notify_on_reply = models.BooleanField(_("kabari bila dibalas"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")
        indexes = [
            models.Index(
                fields=["article", "status", "submitted_at"],
                name="comment_article_status_idx",
            ),
            models.Index(
                fields=["status", "spam_probability"], name="comment_status_score_idx"
            ),
            models.Index(
                fields=["status", "submitted_at"], name="comment_status_date_idx"
            ),
            models.Index(fields=["email", "status"], name="comment_email_status_idx"),
        ]
        permissions = [("moderate_comment", _("Dapat memoderasi komentar"))]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"


class ModerationEvent(models.Model):
    """One status change of a comment: who (None = the filter), when, from → to."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("dari"), max_length=16, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("menjadi"), max_length=16, choices=Status.choices)
    spam_probability = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=64, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    # One id for every event of a bulk or group decision: the learning step caps
    # what one batch teaches the filter.
    batch = models.CharField(_("kelompok keputusan"), max_length=32, blank=True)
    # The moderator confirmed a spam label on a copy of a published comment.
    confirmed = models.BooleanField(_("ditegaskan moderator"), default=False)
    # Where the decision was made: empty here, "wordpress" for the moderation
    # history an import brought along (a human decision even without an actor).
    source = models.CharField(_("sumber keputusan"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("riwayat moderasi")
        verbose_name_plural = _("riwayat moderasi")

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.from_status or '-'} → {self.to_status}"


class Block(models.Model):
    """An email address or IP hash whose comments are refused."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        IP_HASH = "ip_hash", _("Hash IP")

    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    value = models.CharField(_("nilai"), max_length=254)
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sejak"), auto_now_add=True)

    class Meta:
        verbose_name = _("blokir")
        verbose_name_plural = _("blokir")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_block")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class CommentReport(models.Model):
    """A reader's report (laporan) of a published comment; one per IP hash."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    ip_hash = models.CharField(_("hash IP"), max_length=64)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("laporan komentar")
        verbose_name_plural = _("laporan komentar")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_hash"], name="unique_report_per_ip"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.created_at:%Y-%m-%d %H:%M}"


@register_setting(icon="comment")
class CommentPolicy(BaseSiteSetting):
    """Editor-facing choices of how comments are screened and moderated."""

    class Mode(models.TextChoices):
        SCREEN = "screen", _("Terbitkan otomatis bila filter menilai aman")
        HOLD_ALL = "hold_all", _("Tahan semua komentar untuk moderasi")

    mode = models.CharField(
        _("kebijakan"), max_length=16, choices=Mode.choices, default=Mode.SCREEN
    )
    hold_threshold = models.FloatField(
        _("ambang tahan"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk memakai ambang yang dipilih model."),
    )
    spam_threshold = models.FloatField(
        _("ambang spam"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk memakai ambang yang dipilih model."),
    )
    report_threshold = models.PositiveIntegerField(
        _("laporan sebelum ditinjau ulang"), default=3
    )
    trusted_after_published = models.PositiveIntegerField(
        _("lewati penahanan setelah N komentar terbit"),
        default=0,
        help_text=_("0 = tidak pernah; komentar spam tetap ditangkap."),
    )
    notify_emails = models.TextField(
        _("email moderator untuk pemberitahuan"),
        blank=True,
        help_text=_("Satu alamat per baris; kosong = anggota grup Moderator."),
    )
    notify_interval_minutes = models.PositiveIntegerField(
        _("jeda minimal antar email pemberitahuan (menit)"), default=60
    )

    class Meta:
        verbose_name = _("kebijakan komentar")


class CampaignSignature(models.Model):
    """A recent comment's MinHash signature (:mod:`comments.campaigns`).

    Kept for ``WARTA_COMMENTS_CAMPAIGN_WINDOW_HOURS``, longer while the comment
    waits in the queue, and ``CAMPAIGN_LABEL_DAYS`` when a moderator marked it
    spam; then pruned, so the table stays bounded by the site's traffic.
    """

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Who wrote it, as a digest of name, e-mail and IP hash: copies count only
    # from authors other than the new comment's.
    author = models.CharField(max_length=16)
    values = models.BinaryField()
    created = models.DateTimeField(db_index=True)


class CampaignBand(models.Model):
    """One LSH band key of a :class:`CampaignSignature` (one row per band)."""

    band = models.BigIntegerField()
    signature = models.ForeignKey(
        CampaignSignature,
        on_delete=models.CASCADE,
        related_name="bands",
        db_constraint=False,
    )

    class Meta:
        # The look-up reads (band, signature) from the index alone.
        indexes = [models.Index(fields=["band", "signature"], name="campaign_band_idx")]
