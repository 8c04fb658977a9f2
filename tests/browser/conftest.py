"""Real-browser journeys: Debian's Chromium driven by Playwright, headless.

Playwright's own browser download cannot work here, so the system Chromium is
launched by path (``WARTA_CHROMIUM``, default /usr/bin/chromium). The site is
served by pytest-django's ``live_server``.

Journeys save screenshots through the ``screenshots`` fixture: under
``$WARTA_TEST_OUTPUT/screenshots/<test>/`` when that variable is set, else in
pytest's temporary folder (outside the checkout); the folder is printed at the
end of the run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .screens import Screenshots, safe_name

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
    path is printed at the start and at the end of the run.
    """
    configured = os.environ.get("WARTA_TEST_OUTPUT")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("output")
    folder.mkdir(parents=True, exist_ok=True)
    request.config._warta_output = folder
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nbrowser test output (screenshots): {folder}")  # noqa: T201
    return folder


@pytest.fixture
def screenshots(request, output_dir) -> Screenshots:
    """Full-page PNGs of one test, numbered, in a folder of its own."""
    return Screenshots(output_dir / safe_name(request.node.name))


@pytest.fixture
def screenshot(screenshots) -> Screenshots:
    """The same, under the name the reader journeys use."""
    return screenshots


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    root = getattr(config, "_warta_output", None)
    if root is not None:
        terminalreporter.write_line(f"Browser screenshots: {root}")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made in the browser (images, documents) stay out of the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
