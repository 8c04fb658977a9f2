"""What an import created, keyed on the WordPress ids, so a second run adds nothing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    """One WordPress object (author, term, post, comment, file) and the row it became.

    ``source`` is the exported site's base URL: two sites' post 12 are two objects.
    ``object_id`` points into the model ``kind`` implies (users, categories, pages,
    images or documents, comments); 0 marks an object deliberately not imported.
    """

    source = models.CharField(_("sumber"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20)
    wp_id = models.CharField(_("id WordPress"), max_length=255)
    object_id = models.BigIntegerField(_("id di Warta"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objek impor WordPress")
        verbose_name_plural = _("objek impor WordPress")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="unique_wordpress_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.wp_id} → {self.object_id}"
