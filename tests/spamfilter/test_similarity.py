"""Campaign signatures: spintax copies are alike, other texts are not."""

from __future__ import annotations

import random
import re

import spamfilter
from spamfilter.normalise import clip

TEMPLATE = (
    "{I have been|I've been} {browsing|surfing|reading} {online|the web} {more "
    "than|over} {two|three|4} hours {today|lately} and never found an {article|"
    "post} as {useful|valuable} as yours. {Visit|Check} {my site|my blog} for "
    "{cheap|discount} {watches|bags} at {bestdeals|topreviews}.example"
)
OTHER = (
    "Jalan di depan pasar Sentral sudah tiga minggu berlubang dan tergenang "
    "kalau hujan, mohon Dinas PU segera memperbaiki sebelum ada korban."
)


def spin(template: str, rng: random.Random) -> str:
    return re.sub(
        r"\{([^{}]*)\}", lambda m: rng.choice(m.group(1).split("|")), template
    )


def test_spintax_copies_share_most_of_their_signature_and_some_bands():
    rng = random.Random(3)
    first, second = (
        spamfilter.campaign_signature(spin(TEMPLATE, rng)) for _ in range(2)
    )

    assert spamfilter.campaign_similarity(first.values, second.values) >= 0.4
    assert set(first.bands) & set(second.bands)


def test_unrelated_texts_share_no_band():
    first = spamfilter.campaign_signature(spin(TEMPLATE, random.Random(1)))
    other = spamfilter.campaign_signature(OTHER)

    assert spamfilter.campaign_similarity(first.values, other.values) < 0.2
    assert not set(first.bands) & set(other.bands)


def test_disguised_letters_sign_like_plain_ones():
    plain = spamfilter.campaign_signature(OTHER)
    disguised = spamfilter.campaign_signature(
        OTHER.replace("pasar", "𝐩𝐚𝐬𝐚𝐫").replace("Jalan", "Јаlаn")
    )

    assert disguised.values == plain.values


def test_short_texts_get_no_signature():
    assert spamfilter.campaign_signature("Mantap pak, terima kasih infonya") is None
    assert spamfilter.campaign_signature("satu dua tiga", min_words=3) is not None


def test_a_signature_has_fixed_size_and_one_key_per_band():
    signature = spamfilter.campaign_signature(OTHER)

    assert len(signature.values) == 240
    assert len(signature.bands) == 20
    assert all(-(2**63) <= key < 2**63 for key in signature.bands)
    assert spamfilter.campaign_signature(OTHER) == signature


def test_similarities_compare_with_each_candidate_in_one_pass():
    rng = random.Random(4)
    mine = spamfilter.campaign_signature(spin(TEMPLATE, rng))
    others = [
        spamfilter.campaign_signature(spin(TEMPLATE, rng)).values for _ in range(3)
    ]
    others.append(spamfilter.campaign_signature(OTHER).values)

    found = spamfilter.campaign_similarities(mine.values, [*others, b"short"])

    assert found == [
        *(spamfilter.campaign_similarity(mine.values, o) for o in others),
        0.0,
    ]
    assert found[0] >= 0.4 > found[3]
    assert spamfilter.campaign_similarities(mine.values, []) == []


def test_a_long_comment_is_signed_as_the_filter_reads_it_beginning_and_end():
    text = spin(TEMPLATE, random.Random(5))
    padded = text[:200] + " kata" * 2000 + " " + text[-200:]

    signed = spamfilter.campaign_signature(padded)

    assert signed.values == spamfilter.campaign_signature(clip(padded)).values
    assert set(text[-100:].split()) <= set(clip(padded).split())


def test_a_scored_comment_is_signed_from_the_filters_normalised_text():
    from spamfilter.features import prepare
    from spamfilter.normalise import normalise_clipped

    record = spamfilter.CommentText(
        spin(TEMPLATE, random.Random(6)) + " https://dinkes.palopokota.go.id/info",
        trusted_domains=("go.id",),
    )
    prepare(record)
    before = normalise_clipped.cache_info()

    signed = spamfilter.campaign_signature(record)

    after = normalise_clipped.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    plain = spamfilter.campaign_signature(record.text)
    assert spamfilter.campaign_similarity(signed.values, plain.values) >= 0.8
