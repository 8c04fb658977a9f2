"""Package discovery for the one thing pyproject.toml cannot express.

The ``site/`` folder is installed as the package ``warta_site``; its subpackages are
found under ``site/`` and renamed, the apps are found as usual. Namespace discovery
keeps template, static and data folders inside the packages they belong to.
"""

from setuptools import find_namespace_packages, setup

APPS = [
    *("news", "news.*", "comments", "comments.*", "spamfilter", "spamfilter.*"),
    *("wordpress", "wordpress.*"),
]
EXCLUDE = ["*.__pycache__", "*.tests"]

setup(
    packages=[
        *find_namespace_packages(include=APPS, exclude=EXCLUDE),
        "warta_site",
        *(
            f"warta_site.{name}"
            for name in find_namespace_packages("site", exclude=EXCLUDE)
        ),
    ]
)
