"""What the site keeps of a commenter's request: a salted hash of the IP, never the IP.

The client address is ``REMOTE_ADDR`` unless ``WARTA_COMMENTS_TRUSTED_PROXY_HEADER``
names the header a reverse proxy in front of the site sets (e.g. ``HTTP_X_REAL_IP``).
``X-Forwarded-For`` is never trusted by default: any client can send it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from .conf import setting

USER_AGENT_MAX_LENGTH = 300


def client_ip(request: HttpRequest) -> str:
    header = setting("TRUSTED_PROXY_HEADER")
    if header and (value := request.META.get(header, "").strip()):
        # A proxy appending to a list adds the address it saw last.
        return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip: str) -> str:
    """A salted HMAC of ``ip``: equal for one address, useless to recover it."""
    if not ip:
        return ""
    salt = setting("IP_SALT") or salted_hmac("warta.comments.ip-salt", "").hexdigest()
    return salted_hmac(
        "warta.comments.ip", ip, secret=salt, algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class RequestInfo:
    """What a comment keeps of its request, and the header signals for screening."""

    ip_hash: str = ""
    user_agent: str = ""
    has_referer: bool = True

    @classmethod
    def from_request(cls, request: HttpRequest) -> RequestInfo:
        return cls(
            ip_hash=ip_hash(client_ip(request)),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[
                :USER_AGENT_MAX_LENGTH
            ].strip(),
            has_referer=bool(request.META.get("HTTP_REFERER", "").strip()),
        )

    def signals(self) -> tuple[str, ...]:
        """Missing headers, as reasons for the screening (never a way around it)."""
        missing = []
        if not self.user_agent:
            missing.append("no_user_agent")
        if not self.has_referer:
            missing.append("no_referer")
        return tuple(missing)
