"""Real-browser journeys: Debian's Chromium driven by Playwright, headless.

Playwright's own browser download cannot work here, so the system Chromium is
launched by path (``WARTA_CHROMIUM``, default /usr/bin/chromium). The site is
served by pytest-django's ``live_server``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("WARTA_CHROMIUM") or shutil.which("chromium") or ""
    if not path or not os.path.exists(path):
        pytest.fail(
            "Chromium not found: install Debian's chromium package or set "
            "WARTA_CHROMIUM (the test command in the README installs it)."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's async-safety
    # check would otherwise refuse the ORM calls tests make between browser steps.
    # Set only while a browser runs: a deploy check must never see it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def web(browser, live_server):
    """A fresh browser tab (own cookies) with ``web.base_url`` set to the server."""
    context = browser.new_context(locale="id-ID", base_url=live_server.url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture(scope="session")
def output_dir(request, tmp_path_factory) -> Path:
    """Where browser tests leave what a person should look at (screenshots).

    ``WARTA_TEST_OUTPUT`` when set, else a folder under pytest's basetemp; the
    path is printed so it can be found after the run.
    """
    configured = os.environ.get("WARTA_TEST_OUTPUT")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("output")
    folder.mkdir(parents=True, exist_ok=True)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nbrowser test output (screenshots): {folder}")  # noqa: T201
    return folder


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_")


@pytest.fixture
def screenshot(request, output_dir):
    """``screenshot(page, "step")`` saves a full-page PNG, numbered per test."""
    folder = output_dir / _safe_name(request.node.name)
    steps = []

    def take(tab, name: str) -> Path:
        steps.append(name)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(steps):02d}-{_safe_name(name)}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
