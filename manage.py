#!/usr/bin/env python
"""Django's command-line utility for Warta (``warta_site`` is the ``site/`` folder)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta_site.settings.dev")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Django is not installed: run the set-up command from the README."
        ) from exc
    try:
        import warta_site  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            "warta_site (the site/ folder) is not importable: install the project "
            "with `pip install -e .` as the README says."
        ) from exc
    execute_from_command_line(sys.argv)
