"""The project on ``sys.path`` and its development settings named, for the
benchmark scripts that set Django up themselves: imported before anything of the
project (``from project import ROOT``)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta_site.settings.dev")
