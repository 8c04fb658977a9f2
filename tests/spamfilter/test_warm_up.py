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


def test_the_filter_is_ready_once_warmed_up_until_its_model_must_be_checked_again(
    active_model, settings
):
    registry.clear_cache()
    assert not spamfilter.ready()  # score() would read the registry first
    spamfilter.warm_up()
    assert spamfilter.ready()
    settings.WARTA_SPAMFILTER_ACTIVE_CHECK_SECONDS = 0
    assert not spamfilter.ready()  # the activation is read again at the next score
