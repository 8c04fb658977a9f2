import random
from collections import Counter

import pytest

from spamfilter.data import (
    CORPORA,
    LabelledText,
    deduplicate,
    grouped_split,
    load_corpora,
    load_corpus,
    near_duplicate_groups,
)


def row(text, label="spam", source="s", **kwargs):
    return LabelledText(text=text, label=label, source=source, **kwargs)


def test_every_bundled_corpus_loads_with_spam_or_ham_labels():
    for name in CORPORA:
        rows = load_corpus(name)
        assert rows, name
        assert {r.label for r in rows} <= {"spam", "ham"}
        assert all(r.source == name for r in rows)


def test_youtube_comments_carry_the_title_of_their_video_as_article():
    rows = load_corpus("youtube_spam_collection_en")
    assert all(r.article_text for r in rows)
    assert any("GANGNAM" in r.article_text for r in rows)


def test_blog_spam_templates_are_groups():
    groups = Counter(r.group for r in load_corpus("blog_spam_en") if r.group)
    assert len(groups) == 30
    assert set(groups.values()) == {10}


def test_limit_samples_each_corpus_keeping_both_labels():
    rows = load_corpora(["indonesian_sms_spam_id"], limit=100)
    assert 95 <= len(rows) <= 105
    assert set(Counter(r.label for r in rows)) == {"spam", "ham"}


def test_a_label_must_be_spam_or_ham():
    with pytest.raises(ValueError):
        row("x", label="maybe")


def test_deduplication_ignores_case_disguise_and_digits():
    rows = [row("SLOT GACOR 77 daftar"), row("𝐬𝐥𝐨𝐭 gacor 88 daftar"), row("lain")]
    assert [r.text for r in deduplicate(rows)] == ["SLOT GACOR 77 daftar", "lain"]


def test_duplicates_with_conflicting_labels_keep_the_heavier_label():
    rows = [row("sama", "spam"), row("sama", "ham", weight=5.0)]
    assert [r.label for r in deduplicate(rows)] == ["ham"]


def test_near_duplicate_templates_share_a_group():
    rows = [
        row("Heboh bener di semua platform rame soal ALEXIS17 bonus gede banget"),
        row("Heboh bener di semua platform rame soal LESTI77 bonus gede banget"),
        row("Pak wali tolong perbaiki jalan di depan pasar sentral yang berlubang"),
    ]
    groups = near_duplicate_groups(rows)
    assert groups[0] == groups[1] != groups[2]


def test_rows_with_the_same_group_value_share_a_group():
    rows = [row("one text", group="t1"), row("other words entirely", group="t1")]
    groups = near_duplicate_groups(rows)
    assert groups[0] == groups[1]


def test_grouped_split_keeps_templates_on_one_side():
    rows = load_corpora(["blog_spam_en", "indonesian_sms_spam_id"])
    splits = grouped_split(rows, random_state=3)
    sides = {}
    for name in ("train", "validation", "test"):
        for r in getattr(splits, name):
            if r.group:
                sides.setdefault(r.group, set()).add(name)
    assert sides and all(len(s) == 1 for s in sides.values())
    total = len(splits.train) + len(splits.validation) + len(splits.test)
    assert 0.15 < len(splits.test) / total < 0.25
    assert 0.15 < len(splits.validation) / total < 0.25


def test_grouped_split_is_reproducible_and_depends_on_the_seed():
    rows = load_corpora(["indonesian_sms_spam_id"])
    first = grouped_split(rows, random_state=1).test
    assert first == grouped_split(rows, random_state=1).test
    assert first != grouped_split(rows, random_state=2).test


def test_adding_rows_of_another_source_does_not_move_a_corpus_between_splits():
    rows = load_corpora(["indonesian_sms_spam_id"])
    extra = [
        row(f"komentar moderator nomor {i} tentang jalan", "ham", "moderator")
        for i in range(50)
    ]
    alone = grouped_split(rows, random_state=0).validation
    together = grouped_split(rows + extra, random_state=0).validation
    assert [r for r in together if r.source != "moderator"] == alone


def test_near_duplicate_hashes_pick_different_shingles():
    # 32 independent hashes meet at Jaccard 0.3 about 6 % of the time (8 bands
    # of 4); hashes that all pick the same shingle met about 30 % of the time.
    rng = random.Random(0)
    vocabulary = [f"kata{i}" for i in range(5000)]
    met = 0
    for _ in range(200):
        first = rng.choices(vocabulary, k=40)
        second = first[:20] + rng.choices(vocabulary, k=20)  # Jaccard 18/58
        pair = [LabelledText(" ".join(t), "ham", "s") for t in (first, second)]
        groups = near_duplicate_groups(pair, [row.text for row in pair])
        met += groups[0] == groups[1]
    assert met < 30
