# Shared by the scripts: a virtualenv with the project installed, Debian's
# packages, a throwaway PostgreSQL's helpers.
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

# ensure_packages PACKAGE...: installs, in one apt call, those of Debian's packages
# whose program is missing (postgresql by its initdb, varnish by varnishd,
# chromium by WARTA_CHROMIUM or /usr/bin/chromium, with its fonts; the others by
# their own name).
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        case "$package" in
            chromium) [ -x "${WARTA_CHROMIUM:-/usr/bin/chromium}" ] ||
                missing+=(chromium fonts-dejavu-core) ;;
            postgresql) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null ||
                missing+=(postgresql) ;;
            varnish) command -v varnishd >/dev/null || missing+=(varnish) ;;
            *) command -v "$package" >/dev/null || missing+=("$package") ;;
        esac
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing Debian packages: ${missing[*]}"
        apt_install "${missing[@]}"
    fi
}

# A throwaway PostgreSQL: the newest installed server's programs, run as the
# postgres user when we are root (initdb refuses root).
pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# varnish_backends HOST_HEADER PURGER... -- APP_ADDRESS...: the backends.vcl that
# varnish/warta.vcl includes: one backend per app server (host:port) with a
# health probe, the round-robin director `app`, and the addresses allowed to
# PURGE (the app servers and task workers). HOST_HEADER is a host name the
# app servers accept (ALLOWED_HOSTS), sent by the probe.
varnish_backends() {
    local host_header="$1"; shift
    local purgers=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do purgers+=("$1"); shift; done
    shift
    local n=0 address
    for address in "$@"; do
        n=$((n + 1))
        cat <<VCL
backend app$n {
    .host = "${address%:*}";
    .port = "${address##*:}";
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
    .probe = {
        .request = "GET /robots.txt HTTP/1.1"
            "Host: $host_header"
            "Connection: close";
        .interval = 1s;
        .timeout = 5s;
        .window = 5;
        .threshold = 2;
        .initial = 2;
    }
}
VCL
    done
    echo "acl purgers {"
    for address in "${purgers[@]}"; do echo "    \"$address\";"; done
    echo "}"
    echo "sub vcl_init {"
    echo "    new app = directors.round_robin();"
    for ((i = 1; i <= n; i++)); do echo "    app.add_backend(app$i);"; done
    echo "}"
}
