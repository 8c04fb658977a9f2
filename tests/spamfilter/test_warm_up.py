import pytest

import spamfilter
from spamfilter import registry


@pytest.mark.django_db
def test_warm_up_without_a_model_logs_and_returns_nothing(model_dir, caplog):
    registry.clear_cache()
    assert spamfilter.warm_up() is None
    assert "spam filter not loaded" in caplog.text


def test_warm_up_loads_the_active_model_so_scoring_needs_no_load(active_model):
    registry.clear_cache()
    version = spamfilter.warm_up()
    assert version == active_model.version
    assert registry.load_active() is registry.load_active()
    assert spamfilter.score("Pelayanan di Palopo makin baik.").model_version == version


@pytest.mark.django_db
def test_the_filter_is_not_ready_without_a_model(model_dir):
    registry.clear_cache()
    spamfilter.warm_up()
    assert not spamfilter.ready()


def test_the_filter_is_ready_once_warmed_up_while_its_model_is_the_active_one(
    active_model, settings, django_assert_num_queries
):
    registry.clear_cache()
    assert not spamfilter.ready()  # score() would load the model first
    spamfilter.warm_up()
    with django_assert_num_queries(0):
        assert spamfilter.ready()
    settings.WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS = 0
    with django_assert_num_queries(1):  # the check is due: which version is active
        assert spamfilter.ready()


def test_the_filter_is_not_ready_once_its_model_is_no_longer_the_active_one(
    active_model, settings
):
    from spamfilter.models import ModelVersion

    registry.clear_cache()
    spamfilter.warm_up()
    settings.WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS = 0
    ModelVersion.objects.filter(pk=active_model.pk).update(is_active=False)

    assert not spamfilter.ready()  # score() must read the registry and load
