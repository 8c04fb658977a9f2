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
