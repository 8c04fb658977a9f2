import pytest

from spamfilter import ModelUnavailable, SpamFilterError, registry
from spamfilter.models import ModelVersion


def test_a_saved_model_loads_back_and_scores_the_same(trained, save):
    row = save()
    assert row.sha256 and row.size > 0
    assert (registry.model_dir() / row.file_path).is_file()
    assert set(row.library_versions) == {"sklearn", "skops", "numpy", "python"}
    loaded = registry.load_version(row)
    records = trained.splits.validation[:20]
    assert list(loaded.pipeline.predict_proba(records)[:, 1]) == list(
        trained.pipeline.predict_proba(records)[:, 1]
    )
    assert loaded.spam_threshold == trained.spam_threshold


def test_a_tampered_model_file_is_refused(save):
    row = save()
    path = registry.model_dir() / row.file_path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelUnavailable, match="checksum"):
        registry.load_version(row)


def test_a_corrupt_model_file_with_a_matching_checksum_is_refused(save):
    row = save()
    path = registry.model_dir() / row.file_path
    path.write_bytes(b"not a zip file")
    row.size, row.sha256 = path.stat().st_size, registry.sha256_of(path)
    with pytest.raises(ModelUnavailable, match="cannot be loaded"):
        registry.load_version(row)


def test_a_missing_model_file_is_refused(save):
    row = save()
    (registry.model_dir() / row.file_path).unlink()
    with pytest.raises(ModelUnavailable, match="missing"):
        registry.load_version(row)


def test_a_model_saved_by_another_scikit_learn_is_refused(save):
    row = save()
    row.library_versions = {**row.library_versions, "sklearn": "0.24.0"}
    with pytest.raises(ModelUnavailable, match="scikit-learn"):
        registry.load_version(row)


def test_a_file_holding_an_untrusted_type_is_refused(save, monkeypatch):
    row = save()
    monkeypatch.setattr(registry, "TRUSTED_TYPES", registry.TRUSTED_TYPES[1:])
    with pytest.raises(ModelUnavailable, match="cannot be loaded"):
        registry.load_version(row)


def test_without_an_active_model_loading_raises_model_unavailable(model_dir, db):
    with pytest.raises(ModelUnavailable):
        registry.load_active()


def test_activating_a_version_deactivates_the_others(save):
    first, second = save(make_active=True), save()
    registry.activate(second.version)
    assert list(ModelVersion.objects.filter(is_active=True)) == [second]
    first.refresh_from_db()
    assert not first.is_active


def test_the_database_refuses_two_active_versions(save):
    from django.db import IntegrityError, transaction

    save(make_active=True)
    other = save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.filter(pk=other.pk).update(is_active=True)


def test_activating_an_unknown_version_raises_lookup_error(model_dir, db):
    with pytest.raises(LookupError):
        registry.activate("no-such-version")


def test_rollback_returns_to_the_previously_active_version(save):
    first = save(make_active=True)
    second = save(make_active=True)
    assert registry.active_version() == second
    assert registry.rollback() == first
    assert registry.active_version() == first
    assert (registry.model_dir() / second.file_path).is_file()


def test_rollback_without_a_previous_version_raises(save):
    save(make_active=True)
    with pytest.raises(SpamFilterError):
        registry.rollback()


def test_the_loaded_model_is_cached_until_another_version_is_activated(save, settings):
    settings.WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS = 0
    first = save(make_active=True)
    second = save()
    loaded = registry.load_active()
    assert registry.load_active() is loaded
    assert loaded.version == first.version
    # Another process activates a version: only the database row changes.
    ModelVersion.objects.filter(pk=first.pk).update(is_active=False)
    ModelVersion.objects.filter(pk=second.pk).update(is_active=True)
    assert registry.load_active().version == second.version


def test_within_the_check_interval_the_cached_model_is_used(save, settings):
    settings.WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS = 3600
    first = save(make_active=True)
    second = save()
    registry.load_active()
    ModelVersion.objects.filter(pk=first.pk).update(is_active=False)
    ModelVersion.objects.filter(pk=second.pk).update(is_active=True)
    assert registry.load_active().version == first.version
