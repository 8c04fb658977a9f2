"""Near-copies of comments: MinHash signatures and LSH band keys of a text.

A spam campaign is one spintax template expanded into many comments: the copies
share most of their words but rarely three in a row (``I have been
surfing/browsing online more than three/3/4 hours``). So the shingles are the
set of the normaliser's words (a disguised brand folds to its plain spelling),
and two texts are alike when the Jaccard similarity of their word sets is high.
On the bundled blog-spam templates, two copies of one template share a median
0.65 of their words (5th percentile 0.40), while pairs of genuine comments from
the citizen and news corpora above 0.4 are about 1 in 80,000 (and those are
mostly real reposts).

A :class:`Signature` is the MinHash of that set (``NUM_PERM`` 32-bit values)
cut into ``BANDS`` bands of ``BAND_ROWS`` values; each band becomes one 64-bit
key. The hashes are :func:`hash_family`'s, the same family that groups
near-duplicates of the training data (``spamfilter.data``): one MinHash in the
filter. Texts sharing a band key are candidates (for Jaccard 0.4, three
rows in twenty bands find a pair 73 % of the time, 93 % at 0.5, and a copy
usually meets several earlier copies); the candidates are then compared on
their whole signatures (:func:`similarities`). Texts with fewer than
``min_words`` distinct words get no signature: genuine short comments
("Mantap pak, terima kasih") are alike without being a campaign.

Plain functions over numpy (imported on first use, so importing spamfilter
stays cheap); nothing here knows the database.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .normalise import normalise_clipped

NUM_PERM = 60
BAND_ROWS = 3
BANDS = NUM_PERM // BAND_ROWS
MIN_WORDS = 10

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Signature:
    """The MinHash of a text's word set: ``values`` (``NUM_PERM`` little-endian
    uint32, 240 bytes) and the LSH ``bands`` (signed 64-bit keys)."""

    values: bytes
    bands: tuple[int, ...]


# The largest prime below 2**32: the modulus of the hash family.
MINHASH_PRIME = (1 << 32) - 5
_SEED = 1


@lru_cache(maxsize=8)
def hash_family(n_hashes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)``: ``n_hashes`` Carter-Wegman hashes ``(a * v + b) mod p`` with
    ``p = 2**32 - 5`` and ``a, b`` uniform below ``p``, drawn from ``seed``.

    ``v`` is a 32-bit CRC, so ``a * v`` fits in 64 bits and every hash wraps the
    prime many times: an independent random order of the words per hash, which
    is what makes band matches follow the S-curve. (An earlier family drew
    ``a`` below 2**29 over a 61-bit prime; ``a * v + b`` hardly wrapped and
    most hashes picked the same word.)
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    a = rng.integers(1, MINHASH_PRIME, size=n_hashes, dtype=np.uint64)
    b = rng.integers(0, MINHASH_PRIME, size=n_hashes, dtype=np.uint64)
    a.flags.writeable = b.flags.writeable = False
    return a, b


def permuted(values: np.ndarray, a: np.uint64, b: np.uint64) -> np.ndarray:
    """One hash of the family applied to ``values`` (uint64 CRCs)."""
    import numpy as np

    prime = np.uint64(MINHASH_PRIME)
    # a < 2**32 and v < 2**32: the product fits in uint64, nothing overflows.
    return ((a * values) % prime + b) % prime


def word_hashes(items: set[str]) -> np.ndarray:
    """The 32-bit CRC of each item, as uint64 (the family's input)."""
    import numpy as np

    return np.fromiter(
        (zlib.crc32(item.encode("utf-8")) for item in items),
        dtype=np.uint64,
        count=len(items),
    )


def shingles(text: str, trusted_domains: tuple[str, ...] = ()) -> set[str]:
    """The distinct words of ``text`` after the filter's normalisation, read
    as the filter reads it (a long comment's beginning and end, ``clip``):
    campaign texts are short, and normalising a long one costs milliseconds.
    With the filter's ``trusted_domains`` the normalised text is the one the
    filter has just made (``normalise_clipped`` remembers it)."""
    return set(normalise_clipped(text, trusted_domains).words)


def signature(
    text: str, *, min_words: int = MIN_WORDS, trusted_domains: tuple[str, ...] = ()
) -> Signature | None:
    """The signature of ``text``, or None when it has fewer than ``min_words``
    distinct words."""
    found = shingles(text, trusted_domains)
    if len(found) < max(min_words, 1):
        return None
    a, b = hash_family(NUM_PERM, _SEED)
    minima = permuted(word_hashes(found)[None, :], a[:, None], b[:, None]).min(axis=1)
    values = minima.astype("<u4").tobytes()
    return Signature(values, band_keys(values))


def band_keys(values: bytes) -> tuple[int, ...]:
    """One signed 64-bit key per band (the band's number is part of the key)."""
    width = 4 * BAND_ROWS
    return tuple(
        int.from_bytes(
            hashlib.blake2b(
                bytes([band]) + values[band * width : (band + 1) * width],
                digest_size=8,
            ).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    )


def similarity(values: bytes, other: bytes) -> float:
    """The share of equal MinHash values of two signatures' ``values``."""
    return similarities(values, [other])[0]


def similarities(values: bytes, others: list[bytes]) -> list[float]:
    """:func:`similarity` of ``values`` with each of ``others``, in one pass
    (a look-up compares a new comment with up to 50 candidates); 0.0 for an
    empty signature or one of another size."""
    import numpy as np

    if not values:
        return [0.0] * len(others)
    mine = np.frombuffer(values, dtype="<u4")
    fits = [len(other) == len(values) for other in others]
    theirs = np.frombuffer(
        b"".join(other for other, fit in zip(others, fits, strict=True) if fit),
        dtype="<u4",
    ).reshape(-1, mine.size)
    shares = iter((np.count_nonzero(theirs == mine, axis=1) / mine.size).tolist())
    return [next(shares) if fit else 0.0 for fit in fits]
