import numpy as np
import pytest

from spamfilter.evaluation import (
    choose_thresholds,
    decision_metrics,
    evaluate,
    read_labelled_csv,
    recall_at_fpr,
    threshold_for_fpr,
)


def test_decision_metrics_count_the_confusion_matrix():
    figures = decision_metrics([1, 1, 0, 0, 0], [0.9, 0.4, 0.8, 0.1, 0.2], 0.5)
    assert figures == {
        "precision": 0.5,
        "recall": 0.5,
        "false_positive_rate": pytest.approx(1 / 3),
        "tp": 1,
        "fp": 1,
        "tn": 2,
        "fn": 1,
    }


def test_threshold_for_fpr_lets_at_most_the_target_share_of_ham_through():
    rng = np.random.default_rng(0)
    p = rng.random(2000)
    y = np.zeros(2000, dtype=int)
    threshold = threshold_for_fpr(y, p, 0.005)
    assert np.sum(p >= threshold) == 10
    assert np.sum(p >= np.nextafter(threshold, 0) - 1e-9) > 10


def test_thresholds_meet_the_target_on_every_large_source():
    y = np.array([0] * 1000 + [0] * 1000 + [1] * 100)
    p = np.r_[np.linspace(0, 0.5, 1000), np.linspace(0, 0.9, 1000), np.full(100, 0.95)]
    sources = ["a"] * 1000 + ["b"] * 1000 + ["b"] * 100
    hold, spam = choose_thresholds(
        y,
        p,
        sources,
        spam_target_fpr=0.004,
        hold_target_fpr=0.02,
        min_ham_per_source=500,
    )
    for source in "ab":
        mask = (np.array(sources) == source) & (y == 0)
        assert np.mean(p[mask] >= spam) <= 0.004
        assert np.mean(p[mask] >= hold) <= 0.02
    assert hold <= spam


def test_recall_at_fpr_for_perfectly_separated_scores_is_one():
    assert recall_at_fpr([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 0.0) == 1.0


def test_evaluate_without_both_classes_has_no_auc():
    figures = evaluate([0, 0], [0.1, 0.7], hold_threshold=0.5, spam_threshold=0.9)
    assert figures["roc_auc"] is None
    assert figures["hold"]["fp"] == 1
    assert figures["spam"]["fp"] == 0


def test_read_labelled_csv_rejects_an_unknown_label(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,label\nhalo,maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="spam or ham"):
        read_labelled_csv(path)


def test_read_labelled_csv_needs_text_and_label_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("body,label\nhalo,ham\n", encoding="utf-8")
    with pytest.raises(ValueError, match="text"):
        read_labelled_csv(path)
