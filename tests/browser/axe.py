"""axe-core, the standard accessibility checker, run in a Playwright page.

scripts/test installs axe-core from npm at the version pinned in scripts/lib.sh
into the virtualenv's folder, ``sys.prefix`` (``WARTA_AXE_CORE`` names another
``axe.min.js``); nothing is downloaded while tests run. Any journey can call::

    assert_no_serious_violations(page, context="article with comments")

which fails, listing each rule, its help page and the offending elements, when
axe reports a serious or critical violation in the page (or in ``include``, a
CSS selector for the part of the page that is ours, e.g. in the Wagtail admin).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCKING_IMPACTS = ("serious", "critical")


def _pinned_version() -> str:
    for line in (ROOT / "scripts" / "lib.sh").read_text().splitlines():
        if line.startswith("AXE_CORE_VERSION="):
            return line.split("=", 1)[1].strip('"')
    raise LookupError("AXE_CORE_VERSION is not set in scripts/lib.sh")


@cache
def axe_source() -> str:
    configured = os.environ.get("WARTA_AXE_CORE")
    version = _pinned_version()
    path = (
        Path(configured)
        if configured
        else Path(sys.prefix)
        / f"axe-core-{version}"
        / "node_modules"
        / "axe-core"
        / "axe.min.js"
    )
    if not path.is_file():
        pytest.fail(
            f"axe-core {version} not found at {path}: run scripts/test (it installs "
            "it with npm) or `bash -c 'source scripts/lib.sh; ensure_axe'`."
        )
    return path.read_text()


def run_axe(page, *, include: str | None = None) -> list[dict]:
    """axe's violations for the page as it is now (or for ``include``)."""
    # evaluate() runs through the DevTools protocol, so the site's CSP, which
    # forbids inline scripts, does not stop the checker from loading.
    # The Wagtail admin's userbar bundles its own axe: ours replaces it, so that
    # every page is judged by the same pinned rules.
    loaded = page.evaluate("() => window.axe ? window.axe.version : null")
    if loaded != _pinned_version():
        page.evaluate(axe_source())
    return page.evaluate(
        """async (include) => {
            const result = await axe.run(include ? {include: [include]} : document,
                                         {resultTypes: ['violations']});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(' '), summary: n.failureSummary,
                    html: n.html.slice(0, 200)})),
            }));
        }""",
        include,
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        lines.extend(
            f"    {node['target']}: {node['html']}\n      {node['summary']}"
            for node in violation["nodes"][:5]
        )
    return "\n".join(lines)


def assert_no_serious_violations(
    page, *, context: str = "", include: str | None = None
) -> list[dict]:
    """Fail on serious or critical axe violations; return the minor ones."""
    violations = run_axe(page, include=include)
    serious = blocking(violations)
    where = context or page.url
    assert not serious, f"axe: serious violations on {where}:\n{describe(serious)}"
    return violations
