"""The public comment form, layered like django-contrib-comments.

1. Security: the article id, the time the form was made and a random nonce,
   signed with ``salted_hmac`` under a namespaced salt and checked with
   ``constant_time_compare`` (the signature is the submission's key, so a form
   is taken once: :mod:`comments.stamps`); a form older than
   ``WARTA_COMMENTS_FORM_MAX_AGE_SECONDS`` or filled faster than
   ``WARTA_COMMENTS_MIN_FILL_SECONDS`` is refused.
2. The reader's fields, with length and link limits.
3. A honeypot: a field people never see (and screen readers are told to leave
   empty) that bots fill in.

The form returns an *unsaved* :class:`Comment`; the view adds what the request
says and hands it to :func:`comments.services.submit_comment`.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Collection

from django import forms
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .conf import setting
from .legible import has_visible_text
from .models import Comment, Status
from .text import count_links, normalise_newlines

SECURITY_SALT = "warta.comments.forms.CommentForm"
HONEYPOT = "catatan"


class CommentForm(forms.Form):
    article = forms.IntegerField(widget=forms.HiddenInput)
    timestamp = forms.IntegerField(widget=forms.HiddenInput)
    nonce = forms.RegexField(
        regex=r"^[0-9a-f]{16}$", required=False, widget=forms.HiddenInput
    )
    security_hash = forms.CharField(
        min_length=64, max_length=64, widget=forms.HiddenInput
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Nama"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Tulis nama Anda."),
            "max_length": _(
                "Nama terlalu panjang (maksimal %(limit_value)d karakter)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("Alamat email"),
        help_text=_("Tidak ditampilkan."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Tulis alamat email Anda (tidak ditampilkan)."),
            "invalid": _("Alamat email tidak valid."),
        },
    )
    website = forms.URLField(
        label=_("Situs web (opsional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={"invalid": _("Alamat situs web tidak valid.")},
    )
    body = forms.CharField(
        # "Komentar" alone is also the menu's and the count's word ("Comments").
        label=pgettext_lazy("kolom formulir", "Komentar"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tulis komentar Anda.")},
    )
    notify_on_reply = forms.BooleanField(
        label=_("Kabari saya lewat email bila ada balasan"), required=False
    )
    catatan = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        article,
        data=None,
        *,
        initial=None,
        undecodable: Collection[str] = (),
        **kwargs,
    ):
        self.article = article
        self.undecodable = set(undecodable)
        initial = {**self.security_data(), **(initial or {})}
        super().__init__(data, initial=initial, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = str(setting("MAX_LENGTH"))

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            for name in sorted(self.undecodable & {"name", "body", "website"}):
                self.add_error(
                    name,
                    forms.ValidationError(
                        _(
                            "Teks ini memuat karakter yang tidak terbaca (bukan "
                            "UTF-8). Ketik ulang bagian yang rusak lalu kirim lagi."
                        ),
                        code="encoding",
                    ),
                )
        for name in self.errors:
            if name in self.fields:
                field = self[name]
                described = [f"{field.auto_id}_error"]
                if field.help_text:
                    described.insert(0, f"{field.auto_id}_helptext")
                field.field.widget.attrs["aria-describedby"] = " ".join(described)

    #: The signed stamp's fields (:meth:`new_stamp`), per reader.
    STAMP_FIELDS = ("timestamp", "nonce", "security_hash")

    # Security layer

    def security_data(self) -> dict:
        return {"article": self.article.pk, **self.new_stamp(self.article.pk)}

    @classmethod
    def new_stamp(cls, article_id: int) -> dict:
        """A fresh signed stamp: the time, a nonce and their signature.

        The nonce tells apart two readers who open the article in the same
        second; the signature is the submission's key (:mod:`comments.stamps`).
        """
        timestamp = int(time.time())
        nonce = secrets.token_hex(8)
        return {
            "timestamp": timestamp,
            "nonce": nonce,
            "security_hash": cls.sign(article_id, timestamp, nonce),
        }

    @staticmethod
    def sign(article_id: int, timestamp: int, nonce: str) -> str:
        return salted_hmac(
            SECURITY_SALT, f"{article_id}:{timestamp}:{nonce}", algorithm="sha256"
        ).hexdigest()

    def clean(self) -> dict:
        cleaned = super().clean()
        article_id = cleaned.get("article")
        timestamp = cleaned.get("timestamp")
        given = cleaned.get("security_hash") or ""
        nonce = cleaned.get("nonce")
        if article_id is None or timestamp is None or not nonce:
            raise forms.ValidationError(
                _("Formulir tidak lengkap. Muat ulang halaman."), code="security"
            )
        expected = self.sign(article_id, timestamp, nonce)
        if article_id != self.article.pk or not constant_time_compare(given, expected):
            raise forms.ValidationError(
                _("Formulir tidak valid. Muat ulang halaman lalu kirim lagi."),
                code="security",
            )
        age = time.time() - timestamp
        if age > setting("FORM_MAX_AGE_SECONDS"):
            raise forms.ValidationError(
                _("Formulir sudah kedaluwarsa. Periksa komentar Anda lalu kirim lagi."),
                code="expired",
            )
        if age < setting("MIN_FILL_SECONDS"):
            raise forms.ValidationError(
                _("Komentar terkirim terlalu cepat. Tunggu sebentar lalu kirim lagi."),
                code="too_fast",
            )
        return cleaned

    def clean_catatan(self) -> str:
        # Shown at the top of the form: people do not see this field.
        if self.cleaned_data["catatan"]:
            self.add_error(
                None,
                forms.ValidationError(
                    _("Kolom “Jangan isi kolom ini” harus dibiarkan kosong."),
                    code="honeypot",
                ),
            )
        return ""

    # The reader's fields

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not has_visible_text(name):
            raise forms.ValidationError(
                _("Nama harus memuat huruf yang terlihat."), code="invisible"
            )
        return name

    def clean_website(self) -> str:
        website = self.cleaned_data["website"]
        if website and not website.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Alamat situs web harus http atau https."))
        return website

    def clean_body(self) -> str:
        body = normalise_newlines(self.cleaned_data["body"])
        if not has_visible_text(body):
            raise forms.ValidationError(
                _("Komentar harus memuat teks yang terlihat."), code="invisible"
            )
        limit = setting("MAX_LENGTH")
        if len(body) > limit:
            raise forms.ValidationError(
                _("Komentar terlalu panjang (maksimal %(limit)d karakter)."),
                code="max_length",
                params={"limit": limit},
            )
        max_links = setting("MAX_LINKS")
        if count_links(body) > max_links:
            raise forms.ValidationError(
                _("Terlalu banyak tautan (maksimal %(limit)d)."),
                code="links",
                params={"limit": max_links},
            )
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.filter(
                pk=parent_id, article_id=self.article.pk, status=Status.PUBLISHED
            )
            .select_related("parent")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("Komentar yang Anda balas tidak ditemukan."), code="parent"
            )
        # A reply to a reply joins its thread in services.normalise (its parent
        # is loaded here, so that costs no query).
        return parent

    def refresh_security(self) -> None:
        """After an expired or tampered form, sign a fresh one (keeping the text)."""
        codes = {e.code for e in self.errors.as_data().get("__all__", [])}
        if codes & {"security", "expired"}:
            self.data = self.data.copy()
            self.data.update(self.security_data())

    def get_comment(self) -> Comment:
        """The reader's comment, unsaved, without request data."""
        data = self.cleaned_data
        return Comment(
            article=self.article,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            website=data["website"],
            body=data["body"],
            notify_on_reply=data["notify_on_reply"],
            submitted_at=timezone.now(),
            form_stamp=data["security_hash"],
        )
