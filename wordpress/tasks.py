"""The import as a background task, its progress kept in the (shared) cache."""

from __future__ import annotations

from pathlib import Path

from django.core.cache import cache
from django_tasks import task

from .importer import Options, import_export

JOB_KEY = "warta:wordpress:job:{job}"
JOB_TTL = 7 * 24 * 60 * 60


def job_state(job: str) -> dict | None:
    """``{"percent", "done", "failed", "lines"}`` of a job, or None if unknown."""
    return cache.get(JOB_KEY.format(job=job))


def set_job_state(job: str, **state) -> None:
    current = job_state(job) or {"percent": 0, "done": False, "failed": False}
    cache.set(JOB_KEY.format(job=job), {**current, **state}, JOB_TTL)


@task(backend="background")
def run_import(path: str, media_dir: str = "", job: str = "") -> dict:
    """Import the export at ``path``; returns the report's lines.

    Progress and the report go to the cache under ``job`` (shared by every worker
    in production), where the admin's status page reads them.
    """

    def progress(done: int, total: int) -> None:
        set_job_state(job, percent=int(100 * done / total) if total else 100)

    try:
        report = import_export(
            Path(path),
            Options(media_dir=Path(media_dir) if media_dir else None),
            progress=progress,
        )
    except Exception:
        set_job_state(job, done=True, failed=True)
        raise
    lines = report.lines()
    set_job_state(job, percent=100, done=True, lines=lines)
    return {"lines": lines}
