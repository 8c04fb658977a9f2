import numpy as np
import pytest

from spamfilter.evaluation import SPAM_TARGET_FPR, threshold_for_fpr
from spamfilter.pipeline import (
    build_baseline,
    build_pipeline,
    fit_classifier,
    nb_scale,
)
from spamfilter.scoring import Scorer
from spamfilter.training import labels, sample_weights


def test_the_pipeline_has_named_steps_and_a_calibrated_classifier(trained):
    pipeline = trained.pipeline
    assert list(pipeline.named_steps) == ["prepare", "features", "classifier"]
    assert type(pipeline.named_steps["classifier"]).__name__ == "CalibratedClassifierCV"


def test_unknown_pipeline_parameters_are_refused():
    with pytest.raises(TypeError):
        build_pipeline(n_layers=3)


def test_the_trained_model_separates_held_out_spam_from_ham(trained):
    figures = trained.metrics["test"]["all"]
    assert figures["roc_auc"] > 0.97
    assert figures["spam"]["recall"] > 0.6


def test_the_spam_threshold_meets_the_false_positive_target_on_validation(trained):
    figures = trained.metrics["validation"]["all"]["spam"]
    assert figures["false_positive_rate"] <= SPAM_TARGET_FPR
    assert trained.hold_threshold <= trained.spam_threshold


def test_the_hold_threshold_holds_few_citizens_on_validation(trained):
    figures = trained.metrics["validation"]["all"]["hold"]
    assert figures["false_positive_rate"] <= 0.02


def test_the_fast_scorer_agrees_with_predict_proba(trained):
    rows = trained.splits.test[:200]
    expected = trained.pipeline.predict_proba(rows)[:, 1]
    scorer = Scorer(trained.pipeline)
    actual = np.array([scorer.score(row)[0] for row in rows])
    np.testing.assert_allclose(actual, expected, atol=1e-6)


def test_character_ngrams_counted_word_by_word_are_the_analyzers(trained):
    from collections import Counter

    from spamfilter.features import prepare

    part = Scorer(trained.pipeline).chars
    assert part.per_word
    texts = [
        "Jalan  rusak\tdi\nKecamatan Wara,   mohon diperbaiki!! a b",
        "SLOT GACOR 88 🔥🔥 maxwin wd lancar",
        "x",
        "Terima kasih pak... terima kasih pak",
    ]
    for text in texts:
        prepared = prepare({"text": text})
        expected = Counter(
            key
            for key in map(part.vocabulary.get, part.analyzer(prepared))
            if key is not None
        )
        for _ in range(2):  # computed, then remembered
            keys, counts = part.counts(prepared)
            assert dict(zip(keys.tolist(), counts.tolist(), strict=True)) == expected


def test_sample_weights_balance_sources_and_keep_moderator_weight(trained):
    rows = trained.splits.train
    weights = sample_weights(rows)
    assert weights.mean() == pytest.approx(1.0)
    by_source = {}
    for row, weight in zip(rows, weights, strict=True):
        by_source.setdefault(row.source, []).append(weight)
    big = max(by_source, key=lambda s: len(by_source[s]))
    small = min(by_source, key=lambda s: len(by_source[s]))
    assert np.mean(by_source[small]) > np.mean(by_source[big])


def test_the_naive_bayes_baseline_trains_on_the_same_rows(trained):
    rows = trained.splits.train
    baseline = build_baseline().fit(rows, labels(rows))
    p = baseline.predict_proba(trained.splits.validation)[:, 1]
    assert p.shape == (len(trained.splits.validation),)
    assert 0.0 <= threshold_for_fpr(labels(trained.splits.validation), p, 0.005) <= 1.0


def test_nb_scale_weighs_n_grams_by_their_naive_bayes_evidence():
    import scipy.sparse as sp

    # columns: only in spam, in both equally, only in ham, then one signal
    X = sp.csr_matrix(
        np.array([[1, 1, 0, 5.0], [1, 1, 0, 5.0], [0, 1, 1, 5.0], [0, 1, 1, 5.0]])
    )
    scale = nb_scale(X, [1, 1, 0, 0], None, alpha=1.0, n_scaled=3)
    assert scale[0] == pytest.approx(np.log(3)) == pytest.approx(scale[2])
    assert scale[1] == pytest.approx(0.0)
    assert scale[3] == 1.0  # signals are left alone


def test_the_nb_scaled_fit_is_folded_into_a_plain_logistic_model(trained):
    from sklearn.base import clone

    from spamfilter.pipeline import ngram_columns

    rows = trained.splits.train[:600]
    y = labels(rows)
    pipeline = build_pipeline()
    features = pipeline[:-1].fit_transform(rows).tocsr()
    unfitted = clone(pipeline.named_steps["classifier"])
    fit_classifier(pipeline, features, y, nb_alpha=1.0)
    classifier = pipeline.named_steps["classifier"]
    assert type(classifier).__name__ == "LogisticRegression"

    scale = nb_scale(features, y, None, 1.0, ngram_columns(pipeline))
    scaled = features.multiply(scale).tocsr()
    reference = unfitted.fit(scaled, y)
    np.testing.assert_allclose(
        classifier.decision_function(features),
        reference.decision_function(scaled),
        rtol=1e-5,
        atol=1e-6,
    )
