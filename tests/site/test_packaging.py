"""The site/ folder works as warta_site when installed with `pip install .`.

(`pip install -e .` is how the test run itself is installed, and manage.py and
pytest run through it; this covers the built wheel and gunicorn.)
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    # Build from a copy so that no build/ or egg-info appears in the checkout.
    shutil.copytree(
        ROOT,
        build / "src",
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "__pycache__", "*.egg-info"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(build / "src"),
        ],
        check=True,
        timeout=300,
    )
    return next(out.glob("warta-*.whl"))


def test_wheel_installs_site_folder_as_warta_site_with_its_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "warta_site/settings/production.py" in names
    assert "warta_site/templates/base.html" in names
    assert "warta_site/static/css/warta.css" in names
    assert "news/demo/seeds/000_79588dd97111e2d7.txt" in names
    assert not any(name.startswith("site/") for name in names)


def test_installed_wheel_serves_the_site_through_gunicorn(wheel, tmp_path):
    target = tmp_path / "lib"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = {
        **os.environ,
        # The wheel's packages come first, ahead of the editable checkout.
        "PYTHONPATH": str(target),
        "DJANGO_SETTINGS_MODULE": "warta_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WARTA_VAR_DIR": str(tmp_path / "var"),
    }
    where = subprocess.run(
        [sys.executable, "-c", "import warta_site; print(warta_site.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v0"],
        env=env,
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "warta_site.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt") as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Disallow: /admin/" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/") as r:
            assert r.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
