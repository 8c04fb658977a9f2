# Shared by scripts/serve and scripts/test: a virtualenv with the project installed.
# Usage: source scripts/lib.sh; ensure_venv [extras]

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${WARTA_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

ensure_venv() {
    local extras="${1:-}"
    if [ ! -x "$PY" ]; then
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PY" -m pip install --quiet --disable-pip-version-check -e "$ROOT${extras:+[$extras]}"
    # setuptools leaves its build metadata beside the sources; the editable install
    # does not read it (its own metadata is in the virtualenv).
    rm -rf "$ROOT"/*.egg-info
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    # Debian packages the suite needs (chromium, postgresql), installed once.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# axe-core, the accessibility checker the browser tests inject into pages
# (tests/browser/axe.py), from npm at a pinned version into the virtualenv's folder,
# so that a test run leaves nothing in the checkout but .venv.
AXE_CORE_VERSION="4.14.1"
AXE_DIR="$VENV/axe-core-$AXE_CORE_VERSION"

ensure_axe() {
    if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
        npm install --silent --no-audit --no-fund --no-save --prefix "$AXE_DIR" \
            "axe-core@$AXE_CORE_VERSION"
    fi
}
