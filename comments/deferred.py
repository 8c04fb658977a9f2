"""Work that follows a request without keeping the reader waiting.

What a comment's change sets off after commit (purging the cached article and
its listings, the reply notice, the moderators' digest) does not change the
answer the reader gets. Inside a request it runs once the response has been
sent: Django sends ``request_finished`` when the WSGI server closes the
response, after the last byte went out. Outside a request (management
commands, the shell, tasks) it runs at once.

If the process dies in between, the page cache catches up when its entries
expire (``WARTA_PAGE_CACHE_SECONDS``); the comment itself is committed already.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)

_local = threading.local()


def after_response(work: Callable[[], object]) -> None:
    """Run ``work`` after the current response is sent, or now outside a request."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        work()
    else:
        pending.append(work)


def request_started(sender, **kwargs) -> None:
    _local.pending = []


def request_finished(sender, **kwargs) -> None:
    pending = getattr(_local, "pending", None) or []
    _local.pending = None
    for work in pending:
        try:
            work()
        except Exception:
            logger.exception("Work after the response failed")
