import pytest

from spamfilter import ModelUnavailable, SpamFilterError, registry
from spamfilter.models import ModelFile, ModelVersion


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


def _tamper(row, data: bytes) -> None:
    ModelFile.objects.filter(version=row).update(data=data)


def test_the_model_bytes_are_stored_in_the_database_with_their_checksum(save):
    import hashlib

    row = save()
    data = bytes(ModelFile.objects.get(version=row).data)
    assert hashlib.sha256(data).hexdigest() == row.sha256
    assert len(data) == row.size


def test_another_host_without_the_file_loads_the_model_from_the_database(
    save, settings, tmp_path
):
    row = save()
    settings.WARTA_SPAMFILTER_MODEL_DIR = tmp_path / "other-host"
    assert not registry.local_path(row).exists()
    loaded = registry.load_version(row)
    assert loaded.version == row.version
    # ... and keeps a verified local copy for the next load.
    assert registry.local_path(row).read_bytes() == bytes(
        ModelFile.objects.get(version=row).data
    )


def test_a_tampered_local_copy_is_replaced_by_the_database_bytes(save):
    row = save()
    path = registry.local_path(row)
    path.write_bytes(b"PK\x03\x04 not the model")
    assert registry.load_version(row).version == row.version
    assert registry.model_bytes(row) == path.read_bytes()
    assert len(path.read_bytes()) == row.size


def test_tampered_database_bytes_are_refused(save):
    row = save()
    registry.local_path(row).unlink()
    data = bytearray(ModelFile.objects.get(version=row).data)
    data[len(data) // 2] ^= 0xFF
    _tamper(row, bytes(data))
    with pytest.raises(ModelUnavailable, match="checksum"):
        registry.load_version(row)


def test_corrupt_bytes_with_a_matching_checksum_are_refused(save):
    import hashlib

    row = save()
    registry.local_path(row).unlink()
    _tamper(row, b"not a zip file")
    row.size, row.sha256 = 14, hashlib.sha256(b"not a zip file").hexdigest()
    with pytest.raises(ModelUnavailable, match="cannot be loaded"):
        registry.load_version(row)


def test_a_version_without_stored_bytes_is_refused(save):
    row = save()
    registry.local_path(row).unlink()
    ModelFile.objects.filter(version=row).delete()
    with pytest.raises(ModelUnavailable, match="no stored file"):
        registry.load_version(row)


def test_an_unwritable_model_dir_only_costs_the_local_copy(save, settings, caplog):
    row = save()
    settings.WARTA_SPAMFILTER_MODEL_DIR = "/proc/warta-no-such-dir"
    assert registry.load_version(row).version == row.version
    assert "No local copy" in caplog.text


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
    assert ModelFile.objects.filter(version=second).exists()


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


def test_the_migration_stores_the_files_of_earlier_versions(save, caplog):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("spamfilter.migrations.0002_model_file")
    kept, lost = save(), save()
    ModelFile.objects.all().delete()  # as before the migration: files only
    registry.local_path(lost).unlink()

    migration.store_existing_files(apps, None)

    assert list(ModelFile.objects.values_list("version", flat=True)) == [kept.pk]
    assert registry.load_version(kept).version == kept.version
    assert f"Model {lost.version}: no file" in caplog.text
