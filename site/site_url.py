"""Tell Wagtail's default Site where the site is served.

Canonical links, ``og:url``, feed item links and cache-purge URLs are built from
the Site's hostname and port; left at Wagtail's ``localhost:80`` they point
nowhere. ``scripts/serve`` passes its ``WARTA_ADDR``; production sets
``WARTA_SITE_URL`` (e.g. ``https://warta.palopokota.go.id``) and
``scripts/production`` applies it at every start.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_and_port(url: str) -> tuple[str, int]:
    """``("warta.example.go.id", 443)`` for ``"https://warta.example.go.id/"``.

    A bare ``host:port`` (as ``WARTA_ADDR`` is written) is read as http.
    Raises ValueError for anything else (an operator's setting, not a form).
    """
    text = url.strip()
    if "://" not in text:
        text = f"http://{text}"
    parts = urlsplit(text)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not a site address: {url!r} (e.g. https://warta.go.id)")
    port = parts.port or DEFAULT_PORTS[parts.scheme]  # ValueError if out of range
    if (parts.scheme, port) in {("https", 80), ("http", 443)}:
        # Wagtail derives the scheme from the port (443 -> https, else http).
        raise ValueError(f"scheme and port do not go together: {url!r}")
    return parts.hostname, port


@transaction.atomic
def set_default_site_url(url: str):
    """Point the default Site at ``url``; returns the Site (None if there is none)."""
    from wagtail.models import Site

    hostname, port = host_and_port(url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()  # clears Wagtail's cached site root paths
    return site
