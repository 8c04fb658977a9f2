"""Our CACHE_URL forms read by ours, django-environ and django-cache-url.

    .venv/bin/pip install django-environ django-cache-url   # not dependencies
    .venv/bin/python benchmarks/cache_urls.py

For every URL form the README documents, prints the backend, location and
timeout each parser gives, and counts the forms where a library's reading
differs from ours. Both libraries get every chance: django-environ is taught
our scheme names (``locmem``, ``db``, ``file``, ``dummy``) and both are told
to use our fail-open Redis backend.
"""

from __future__ import annotations

from warta_site.settings.env import cache_from_url

REDIS_BACKEND = "warta_site.cache.ResilientRedisCache"
URLS = [
    "locmem://",
    "locmem://warta-test",
    "dummy://",
    "db://warta_cache",
    "db://warta_cache?timeout=60",
    "file:///var/tmp/warta-cache",
    "redis://127.0.0.1:6379/0",
    "redis://127.0.0.1:6379/0?timeout=60",
    "rediss://cache.internal:6380/1",
    "redis://warta:rahasia@cache.internal:6379/2",
]


def essentials(config: dict) -> tuple:
    """What Django acts on: backend, location, timeout (300 when unset)."""
    return (
        config.get("BACKEND"),
        config.get("LOCATION", ""),
        int(config.get("TIMEOUT", 300)),
    )


def environ_reading(url: str) -> dict:
    import environ

    schemes = environ.Env.CACHE_SCHEMES
    env = type(
        "WartaEnv",
        (environ.Env,),
        {
            "CACHE_SCHEMES": {
                **schemes,
                "locmem": schemes["locmemcache"],
                "db": schemes["dbcache"],
                "file": schemes["filecache"],
                "dummy": schemes["dummycache"],
            }
        },
    )
    redis = url.startswith("redis")
    return env.cache_url_config(url, backend=REDIS_BACKEND if redis else None)


def cache_url_reading(url: str) -> dict:
    import django_cache_url

    config = django_cache_url.parse(url)
    if url.startswith("redis"):
        config["BACKEND"] = REDIS_BACKEND
    return config


def main() -> None:
    differing = {"django-environ": 0, "django-cache-url": 0}
    for url in URLS:
        ours = essentials(cache_from_url(url))
        print(f"{url}\n  {'ours':>16}: {ours}")
        for name, reading in (
            ("django-environ", environ_reading),
            ("django-cache-url", cache_url_reading),
        ):
            try:
                theirs = essentials(reading(url))
            except Exception as exc:  # noqa: BLE001 - a refusal is a result here
                theirs = f"refused: {exc}"
            same = theirs == ours
            differing[name] += not same
            print(f"  {name:>16}: {'same' if same else theirs}")
    for name, count in differing.items():
        print(f"{name}: {count} of {len(URLS)} forms read differently from ours")


if __name__ == "__main__":
    main()
