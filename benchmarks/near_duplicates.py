"""Our near-duplicate grouping beside datasketch's MinHash LSH, on the bundled corpora.

    .venv/bin/pip install datasketch   # not a dependency of the project
    .venv/bin/python benchmarks/near_duplicates.py [--repeat 5]

Both sides get the same input: every bundled corpus, de-duplicated the way
``grouped_split`` does it, with the same word 3-shingles of the same skeletons
and the same banding (32 hashes, 8 bands of 4 rows). Prints the median time of
the grouping step for each, the number of rows in a group of two or more, the
pairs of rows put in one group by one side only, and, on synthetic pairs of
texts, how often each side puts two texts in one group against the Jaccard
similarity of their shingles (8 bands of 4 rows should meet about
1 - (1 - J^4)^8 of the time: 1 % at 0.2, 40 % at 0.5, 89 % at 0.7).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spamfilter.data import (  # noqa: E402
    LabelledText,
    deduplicate,
    load_corpora,
    near_duplicate_groups,
    skeleton,
)

N_HASHES, BAND_ROWS = 32, 4


def shingles(text: str, fallback: str) -> set[bytes]:
    tokens = text.split()
    if len(tokens) >= 3:
        found = {" ".join(tokens[k : k + 3]) for k in range(len(tokens) - 2)}
    else:
        found = {" ".join(tokens) or fallback}
    return {s.encode("utf-8") for s in found}


def datasketch_groups(rows, skeletons) -> np.ndarray:
    """The same components, with datasketch's MinHash and MinHashLSH."""
    from datasketch import MinHash, MinHashLSH

    def crc32(data: bytes) -> int:
        return zlib.crc32(data)

    documents = [
        shingles(text, row.text) for row, text in zip(rows, skeletons, strict=True)
    ]
    minhashes = MinHash.bulk(
        [list(d) for d in documents], num_perm=N_HASHES, seed=0, hashfunc=crc32
    )
    lsh = MinHashLSH(num_perm=N_HASHES, params=(N_HASHES // BAND_ROWS, BAND_ROWS))
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, minhash in enumerate(minhashes):
        for j in lsh.query(minhash):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
        lsh.insert(i, minhash)
    first_of_group: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.group:
            j = first_of_group.setdefault(row.group, i)
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    return np.array([find(i) for i in range(len(rows))])


def same_group_pairs(groups: np.ndarray) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(int(g), []).append(i)
    return {
        (a, b)
        for rows in members.values()
        if len(rows) > 1
        for k, a in enumerate(rows)
        for b in rows[k + 1 :]
    }


def timed(function, repeat: int) -> tuple[float, np.ndarray]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def meeting_curve(trials: int) -> None:
    """Pairs of 40-word texts, the second with some words replaced: how often
    each side groups them, by the Jaccard similarity of their shingles."""
    rng = random.Random(0)
    vocabulary = [f"kata{i}" for i in range(5000)]
    bins: dict[float, list[tuple[bool, bool]]] = {}
    for _ in range(trials):
        first = rng.choices(vocabulary, k=40)
        second = list(first)
        for position in rng.sample(range(40), rng.randint(1, 12)):
            second[position] = rng.choice(vocabulary)
        texts = [" ".join(first), " ".join(second)]
        a, b = (shingles(t, t) for t in texts)
        jaccard = len(a & b) / len(a | b)
        pair = [LabelledText(text=t, label="ham", source="s") for t in texts]
        ours = near_duplicate_groups(pair, texts)
        theirs = datasketch_groups(pair, texts)
        bins.setdefault(round(jaccard, 1), []).append(
            (ours[0] == ours[1], theirs[0] == theirs[1])
        )
    print("Jaccard  pairs  ours met  datasketch met  ideal 8x4")
    for jaccard in sorted(bins):
        met = bins[jaccard]
        ideal = 1 - (1 - jaccard**4) ** 8
        print(
            f"{jaccard:7.1f} {len(met):6d} {sum(o for o, _ in met) / len(met):9.2f}"
            f" {sum(t for _, t in met) / len(met):15.2f} {ideal:10.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=2000)
    args = parser.parse_args()
    meeting_curve(args.pairs)

    rows = load_corpora()
    skeletons = {id(row): skeleton(row.text) for row in rows}
    kept = deduplicate(rows, [skeletons[id(r)] for r in rows])
    # A row relabelled by deduplicate is a new object: its skeleton is recomputed.
    kept_skeletons = [skeletons.get(id(r)) or skeleton(r.text) for r in kept]
    print(f"rows: {len(rows)} bundled, {len(kept)} after de-duplication")

    ours_s, ours = timed(
        lambda: near_duplicate_groups(kept, kept_skeletons), args.repeat
    )
    theirs_s, theirs = timed(
        lambda: datasketch_groups(kept, kept_skeletons), args.repeat
    )
    for name, seconds, groups in (
        ("ours", ours_s, ours),
        ("datasketch", theirs_s, theirs),
    ):
        sizes = Counter(groups.tolist())
        grouped = sum(n for n in sizes.values() if n > 1)
        print(
            f"{name:>10}: median {seconds * 1000:8.1f} ms over {args.repeat} runs, "
            f"{len(sizes)} groups, {grouped} rows in a group of 2+, "
            f"largest {max(sizes.values())}"
        )
    print(f"ratio datasketch/ours: {theirs_s / ours_s:.1f}x")
    ours_pairs, their_pairs = same_group_pairs(ours), same_group_pairs(theirs)
    print(
        f"same-group pairs: ours {len(ours_pairs)}, datasketch {len(their_pairs)}, "
        f"only ours {len(ours_pairs - their_pairs)}, "
        f"only datasketch {len(their_pairs - ours_pairs)}"
    )
    differing_rows = {i for pair in ours_pairs ^ their_pairs for i in pair}
    print(f"rows whose group differs: {len(differing_rows)} of {len(kept)}")


if __name__ == "__main__":
    main()
