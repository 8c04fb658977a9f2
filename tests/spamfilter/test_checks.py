from django.core import checks


def check_ids():
    return [message.id for message in checks.run_checks()]


def test_the_check_warns_when_no_model_is_active(model_dir, db):
    assert "spamfilter.W001" in check_ids()


def test_the_check_is_quiet_with_an_active_model(active_model):
    assert "spamfilter.W001" not in check_ids()
