"""Package discovery for the one thing pyproject.toml cannot express.

The ``site/`` folder is installed as the package ``warta_site``; its subpackages are
found under ``site/`` and renamed, the apps are found as usual.
"""

from setuptools import find_packages, setup

APPS = ["news", "news.*", "comments", "comments.*", "spamfilter", "spamfilter.*"]

setup(
    packages=[
        *find_packages(include=APPS),
        "warta_site",
        *(f"warta_site.{name}" for name in find_packages("site")),
    ]
)
