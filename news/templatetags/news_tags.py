"""``{% article_body page %}``: an article's body, rendered once per text.

The body's StreamField (rich text with its internal links, images with their
renditions, embeds) renders to the same HTML for every reader until its text
changes, so the HTML is kept in the shared cache under a hash of the stored
JSON: an edit gives a new key, nothing needs purging, and a preview (whose
text is not the published one) is never cached.
"""

from __future__ import annotations

import hashlib
import json

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

#: Bounds what an image's new rendition (same text, new file) may wait.
BODY_SECONDS = 3600


@register.simple_tag(takes_context=True)
def article_body(context, page) -> str:
    request = context.get("request")
    if getattr(request, "is_preview", False):
        return _render(page, context)
    raw = json.dumps(page.body.get_prep_value(), sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    key = f"warta:news:body:{page.pk}:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = _render(page, context)
        cache.set(key, html, BODY_SECONDS)
    return mark_safe(html)


def _render(page, context) -> str:
    # Each block renders through its own template (escaped there), so the joined
    # HTML is safe; a plain str would be escaped again by the tag.
    flat = context.flatten()
    return mark_safe(
        "".join(str(block.render_as_block(context=flat)) for block in page.body)
    )
