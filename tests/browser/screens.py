"""Numbered full-page screenshots, for a person to look at after a run."""

from __future__ import annotations

import re
from pathlib import Path


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_")


class Screenshots:
    """``screenshots(tab, "queue")`` saves ``01-queue.png``, ``02-...`` in order."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, tab, name: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{safe_name(name)}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path
