"""Training data: the bundled corpora, moderators' labels, de-duplication and
grouped splits.

The corpora live in ``spamfilter/data/`` (sources and licences in its
README). Moderators' decisions are handed in as data by the caller (the
comments app, through :func:`spamfilter.retrain`); their weight is multiplied
by ``WARTA_SPAMFILTER_MODERATOR_WEIGHT`` (default 5).

Splits never let near-copies straddle train, validation and test: rows whose
normalised texts are identical are collapsed into one, and rows that are near
duplicates (MinHash over word 3-shingles with digits masked, so ``LESTI77``
and ``ALEXIS17`` templates meet) or share a spam template (``blogcom_T07``)
form one group, and whole groups are assigned to a split.
"""

from __future__ import annotations

import csv
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .conf import setting
from .corpora import CORPORA, Corpus
from .normalise import shingles, skeleton
from .records import HAM, MODERATOR_SOURCE, SPAM, LabelledText
from .similarity import hash_family, permuted, word_hashes

__all__ = [
    "CORPORA",
    "HAM",
    "MODERATOR_SOURCE",
    "SPAM",
    "Corpus",
    "LabelledText",
    "shingles",
    "skeleton",
]

DATA_DIR = Path(__file__).resolve().parent / "data"


# The five videos of the YouTube Spam Collection, by their `group` value: the
# page each comment was really posted under, used as its article text.
YOUTUBE_VIDEOS = {
    "Psy": "PSY - GANGNAM STYLE (강남스타일) M/V",
    "KatyPerry": "Katy Perry - Roar (Official)",
    "LMFAO": "LMFAO - Party Rock Anthem ft. Lauren Bennett, GoonRock",
    "Eminem": "Eminem - Love The Way You Lie ft. Rihanna",
    "Shakira": "Shakira - Waka Waka (This Time for Africa) "
    "(The Official 2010 FIFA World Cup Song)",
}


def load_corpus(name: str) -> list[LabelledText]:
    """All rows of one bundled corpus."""
    corpus = CORPORA[name]
    rows = []
    with open(DATA_DIR / corpus.file, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            group = ""
            if corpus.template_column:
                value = row.get(corpus.template_column) or ""
                if value.startswith(corpus.template_prefix):
                    group = f"{name}:{value}"
            article = ""
            if name == "youtube_spam_collection_en":
                article = YOUTUBE_VIDEOS.get(row.get("group") or "", "")
            rows.append(
                LabelledText(
                    text=row["text"],
                    label=row["label"].strip().lower(),
                    source=name,
                    group=group,
                    article_text=article,
                )
            )
    return rows


def load_corpora(
    names: Iterable[str] | None = None,
    *,
    limit: int | None = None,
    random_state: int = 0,
) -> list[LabelledText]:
    """Rows of the bundled corpora (all by default).

    ``limit`` keeps at most that many rows per corpus, sampled per label in
    proportion (for quick tests and experiments).
    """
    rows: list[LabelledText] = []
    rng = np.random.default_rng(random_state)
    for name in names or CORPORA:
        corpus_rows = load_corpus(name)
        if limit is not None and len(corpus_rows) > limit:
            corpus_rows = _sample(corpus_rows, limit, rng)
        rows.extend(corpus_rows)
    return rows


def _sample(rows: list[LabelledText], limit: int, rng) -> list[LabelledText]:
    by_label: dict[str, list[LabelledText]] = defaultdict(list)
    for row in rows:
        by_label[row.label].append(row)
    kept = []
    for label_rows in by_label.values():
        n = max(1, round(limit * len(label_rows) / len(rows)))
        picks = rng.choice(len(label_rows), size=min(n, len(label_rows)), replace=False)
        kept.extend(label_rows[i] for i in sorted(picks))
    return kept


def weighted_as_moderator(rows: Iterable[LabelledText]) -> list[LabelledText]:
    """Moderators' labels with their weight multiplied by
    ``WARTA_SPAMFILTER_MODERATOR_WEIGHT`` (needs Django settings)."""
    weight = float(setting("MODERATOR_WEIGHT"))
    return [replace(row, weight=row.weight * weight) for row in rows]


def data_summary(rows: Iterable[LabelledText]) -> dict[str, dict[str, int]]:
    """Rows per source and label: ``{"citizen_posts_id": {"ham": 4200}}``."""
    summary: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        summary[row.source][row.label] += 1
    return {source: dict(sorted(c.items())) for source, c in sorted(summary.items())}


# De-duplication and near-duplicate groups


def deduplicate(
    rows: Sequence[LabelledText], skeletons: Sequence[str] | None = None
) -> list[LabelledText]:
    """Collapse rows with the same skeleton into the first one.

    A skeleton seen with both labels keeps the heavier label; on a tie the
    rows are dropped (the duplicate set is ambiguous and would teach nothing).
    """
    if skeletons is None:
        skeletons = [skeleton(row.text) for row in rows]
    first: dict[str, LabelledText] = {}
    weights: dict[str, Counter] = defaultdict(Counter)
    for row, key in zip(rows, skeletons, strict=True):
        key = key or row.text
        weights[key][row.label] += row.weight
        first.setdefault(key, row)
    result = []
    for key, row in first.items():
        spam, ham = weights[key][SPAM], weights[key][HAM]
        if spam and ham:
            if spam == ham:
                continue
            row = replace(row, label=SPAM if spam > ham else HAM)
        result.append(row)
    return result


def near_duplicate_groups(
    rows: Sequence[LabelledText],
    skeletons: Sequence[str] | None = None,
    *,
    n_hashes: int = 32,
    band_rows: int = 4,
    random_state: int = 0,
) -> np.ndarray:
    """A group id per row: connected components of near-duplicates.

    MinHash signatures over word 3-shingles of the skeleton; two rows meet
    when one of ``n_hashes / band_rows`` bands matches exactly. Rows sharing a
    non-empty ``group`` are joined too.

    The hashes are :func:`spamfilter.similarity.hash_family`'s over the 32-bit
    CRC of each shingle, the family of the campaign signatures, computed for
    all rows at once (``benchmarks/near_duplicates.py`` measures the S-curve).
    """
    n = len(rows)
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    if skeletons is None:
        skeletons = [skeleton(row.text) for row in rows]
    per_row = [
        word_hashes(shingles(text) or {row.text})
        for row, text in zip(rows, skeletons, strict=True)
    ]
    ids = np.repeat(np.arange(n, dtype=np.int64), [len(h) for h in per_row])
    values = np.concatenate(per_row) if per_row else np.zeros(0, dtype=np.uint64)
    order = np.argsort(ids, kind="stable")
    ids, values = ids[order], values[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    present = ids[starts]

    a, b = hash_family(n_hashes, random_state)
    signatures = np.empty((len(present), n_hashes), dtype=np.uint64)
    for k in range(n_hashes):
        signatures[:, k] = np.minimum.reduceat(permuted(values, a[k], b[k]), starts)

    for start in range(0, n_hashes, band_rows):
        buckets: dict[bytes, int] = {}
        band = np.ascontiguousarray(signatures[:, start : start + band_rows])
        for doc, key in zip(present, map(bytes, band), strict=True):
            first = buckets.setdefault(key, int(doc))
            if first != doc:
                union(first, int(doc))

    by_group: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.group:
            first = by_group.setdefault(row.group, i)
            if first != i:
                union(first, i)
    return np.array([find(i) for i in range(n)])


@dataclass(frozen=True)
class Splits:
    """Rows assigned to train, validation and test (after de-duplication)."""

    train: list[LabelledText]
    validation: list[LabelledText]
    test: list[LabelledText]


def grouped_split(
    rows: Sequence[LabelledText],
    *,
    validation_size: float = 0.2,
    test_size: float = 0.2,
    random_state: int = 0,
) -> Splits:
    """De-duplicate, group near-copies and assign whole groups to train,
    validation or test.

    Groups are stratified by their main source and label: within each
    stratum, groups are shuffled (``random_state``) and each goes to the split
    furthest below its target share of that stratum's rows. The assignment of
    a corpus does not depend on the other sources' rows.
    """
    skeletons = [skeleton(row.text) for row in rows]
    kept = deduplicate(rows, skeletons)
    index = {id(row): i for i, row in enumerate(rows)}
    kept_skeletons = [
        skeletons[index[id(row)]] if id(row) in index else skeleton(row.text)
        for row in kept
    ]
    groups = near_duplicate_groups(kept, kept_skeletons, random_state=random_state)
    members: dict[int, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[int(group)].append(i)
    by_stratum: dict[str, list[int]] = defaultdict(list)
    for group, rows_in_group in members.items():
        stratum = Counter(
            f"{kept[i].source}:{kept[i].label}" for i in rows_in_group
        ).most_common(1)[0][0]
        by_stratum[stratum].append(group)

    targets = np.array([1 - validation_size - test_size, validation_size, test_size])
    assigned = np.empty(len(kept), dtype=np.int64)
    for stratum in sorted(by_stratum):
        stratum_groups = sorted(by_stratum[stratum], key=lambda g: members[g][0])
        # One generator per stratum, so that adding moderators' labels does not
        # reshuffle the corpora: the same corpus rows stay in validation.
        rng = np.random.default_rng([random_state, zlib.crc32(stratum.encode())])
        counts = np.zeros(3)
        for position in rng.permutation(len(stratum_groups)):
            rows_in_group = members[stratum_groups[position]]
            split = int(np.argmin((counts + 1) / targets))
            counts[split] += len(rows_in_group)
            assigned[rows_in_group] = split
    return Splits(
        train=[r for r, s in zip(kept, assigned, strict=True) if s == 0],
        validation=[r for r, s in zip(kept, assigned, strict=True) if s == 1],
        test=[r for r, s in zip(kept, assigned, strict=True) if s == 2],
    )
