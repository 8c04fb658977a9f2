"""The custom transformers take comment records, not numeric arrays, so
scikit-learn's generic ``parametrize_with_checks`` suite (which feeds them
random floats) does not apply; these tests check the estimator contract that
matters to a Pipeline and to skops instead."""

import numpy as np
import pytest
import skops.io
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from spamfilter.features import (
    LEGACY_SIGNAL_NAMES,
    SIGNAL_NAMES,
    CommentPreparer,
    CommentSignals,
    CompactTfidfVectorizer,
    FlooredTfidfVectorizer,
    ngram_text,
    other_language,
    prepare,
    raw_signals,
    record_fields,
)
from spamfilter.normalise import MAX_TEXT_CHARS, clip

ARTICLE = (
    "Walikota Palopo menghadiri Forum Nasional Replikasi Inovasi Pelayanan "
    "Publik di Bandung dan menandatangani MoU replikasi inovasi."
)


def signals(text, **fields):
    values = raw_signals(prepare({"text": text, **fields}))
    return dict(zip(SIGNAL_NAMES, values, strict=True))


def test_records_may_be_strings_mappings_or_objects():
    class Comment:
        text = "halo"
        website = "https://a.example"

    assert record_fields("halo")["text"] == "halo"
    assert record_fields({"text": "halo", "name": None})["name"] == ""
    assert record_fields(Comment())["website"] == "https://a.example"


def test_links_and_their_domains_are_counted():
    values = signals("lihat https://a.xyz dan https://b.xyz/x dan https://a.xyz/y")
    assert values["links"] == pytest.approx(np.log1p(3))
    assert values["domains"] == pytest.approx(np.log1p(2))


def test_the_website_field_counts_as_a_link_and_its_words_reach_the_ngrams():
    prepared = prepare({"text": "bagus", "website": "https://slot-gacor.xyz"})
    values = dict(zip(SIGNAL_NAMES, raw_signals(prepared), strict=True))
    assert values["website"] == 1.0
    assert values["links"] > 0
    assert "slot gacor" in ngram_text(prepared)


def test_a_comment_about_the_article_is_more_relevant_than_generic_praise():
    about = signals(
        "Semoga replikasi inovasi pelayanan publik ini juga di Palopo",
        article_text=ARTICLE,
    )
    praise = signals(
        "Awesome things here, I am very happy to see your post", article_text=ARTICLE
    )
    assert about["article_relevance"] > 0.5
    assert praise["article_relevance"] == 0.0


def test_without_an_article_relevance_is_missing_and_becomes_neutral():
    assert np.isnan(signals("apa saja")["article_relevance"])
    fitted = CommentSignals(relevance_centre=0.2).fit([prepare("x")])
    row = fitted.transform([prepare("tanpa artikel")])[0]
    assert row[SIGNAL_NAMES.index("article_relevance")] == 0.0


def test_language_shouting_and_disguise_signals():
    english = signals("I am very happy to read your post and this is the best")
    indonesian = signals("saya tidak setuju dengan kebijakan yang ada di kota ini")
    assert english["english"] > english["indonesian"]
    assert indonesian["indonesian"] > indonesian["english"]
    assert signals("JALAN RUSAK PARAH TOLONG DIPERBAIKI")["uppercase"] == 1.0
    assert signals("main di 𝐋𝐄𝐒𝐓𝐈𝟕𝟕 sekarang")["disguised"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "Hey there! I found your weblog via Google and I have bookmarked it. "
        "Keep up the superb writing!",
        "Does your site have a contact page? I'd like to shoot you an email. "
        "I will be back often to read more.",
        "I was searching for info about this topic for hours; your piece of "
        "writing is the best the internet has.",
    ],
)
def test_generic_praise_of_the_page_is_page_talk(text):
    assert signals(text)["page_talk"] >= 2 / 3


@pytest.mark.parametrize(
    "text",
    [
        "The minister's plan ignores the pensioners who lose most from it.",
        "Forgot you were working today! Drop me a text when you're free, "
        "I'll ring when I get back.",
        "Mohon info alamat email dinas kependudukan untuk pengaduan KTP",
        "Pemkot lamban sekali urus sampah di pasar, bau sampai ke rumah warga!!",
    ],
)
def test_comments_about_the_matter_or_in_indonesian_are_not_page_talk(text):
    assert signals(text)["page_talk"] == 0.0


def test_page_talk_counts_kinds_not_repetitions():
    once = signals("I love your blog.")["page_talk"]
    assert once == pytest.approx(1 / 3)
    assert (
        signals("I love your blog. Your blog, your blog, your blog!")["page_talk"]
        == once
    )


def test_several_kinds_of_page_talk_are_a_signal_of_their_own():
    assert signals("I love your blog.")["page_talk_several"] == 0.0
    assert signals("I love your blog, bookmarked it!")["page_talk_several"] == 1.0
    assert signals("Pemkot lamban urus sampah")["page_talk_several"] == 0.0


def test_long_texts_are_clipped_to_their_beginning_and_end():
    text = "awal " + "isi " * 1000 + "https://akhir.xyz"
    clipped = clip(text)
    assert len(clipped) == MAX_TEXT_CHARS
    assert clipped.startswith("awal ")
    assert clipped.endswith("https://akhir.xyz")
    assert clip("pendek") == "pendek"
    assert prepare(text).normalised.domains == ("akhir.xyz",)


def test_signals_fitted_before_page_talk_keep_their_columns():
    fitted = CommentSignals().fit([prepare("halo"), prepare("your blog rocks")])
    assert fitted.transform([prepare("x")]).shape == (1, len(SIGNAL_NAMES))
    del fitted.signal_names_  # as in a model saved by the previous version
    row = fitted.transform([prepare("your blog, bookmarked")])
    assert row.shape == (1, len(LEGACY_SIGNAL_NAMES))
    assert list(fitted.get_feature_names_out()) == list(LEGACY_SIGNAL_NAMES)


def test_signals_fitted_before_page_talk_several_keep_their_columns():
    fitted = CommentSignals().fit([prepare("halo"), prepare("your blog rocks")])
    saved = SIGNAL_NAMES[: SIGNAL_NAMES.index("page_talk_several")]
    fitted.signal_names_ = saved  # as saved before the column existed
    row = fitted.transform([prepare("your blog, bookmarked")])
    assert row.shape == (1, len(saved))
    assert "page_talk_several" not in fitted.get_feature_names_out()


def test_every_signal_is_bounded():
    text = "🔥🔥 ЅLОТ!!!! https://x.xyz 08123456789 " * 20
    values = raw_signals(prepare({"text": text, "website": "x.xyz"}))
    finite = [v for v in values if not np.isnan(v)]
    assert max(finite) <= 3.0
    assert min(finite) >= 0.0


def test_signals_learn_the_relevance_centre_and_mean_in_fit():
    records = [
        prepare({"text": t, "article_text": ARTICLE})
        for t in ("replikasi inovasi", "inovasi hebat", "nice post")
    ]
    fitted = CommentSignals().fit(records)
    assert fitted.relevance_centre_ == 0.5  # overlaps 1, 0.5 and 0
    assert fitted.mean_.shape == (len(SIGNAL_NAMES),)
    np.testing.assert_allclose(
        fitted.transform(records), CommentSignals().fit_transform(records)
    )


@pytest.mark.parametrize("estimator", [CommentPreparer(), CommentSignals(0.1)])
def test_transformers_clone_with_their_parameters(estimator):
    copy = clone(estimator)
    assert copy.get_params() == estimator.get_params()
    assert not [k for k in vars(copy) if k.endswith("_")]


@pytest.mark.parametrize("estimator", [CommentPreparer(), CommentSignals()])
def test_transformers_must_be_fitted_before_transform(estimator):
    with pytest.raises(NotFittedError):
        estimator.transform([prepare("halo")])


def test_compact_vectorizer_survives_a_skops_round_trip(tmp_path):
    vectorizer = CompactTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3))
    docs = ["slot gacor malam ini", "jalan rusak di kota", "gacor parah"]
    vectorizer.fit(docs)
    path = tmp_path / "v.skops"
    skops.io.dump(vectorizer, path)
    assert "vocabulary_" in vars(vectorizer)
    loaded = skops.io.load(path, trusted=["spamfilter.features.CompactTfidfVectorizer"])
    assert loaded.vocabulary_ == vectorizer.vocabulary_
    np.testing.assert_allclose(
        loaded.transform(docs).toarray(), vectorizer.transform(docs).toarray()
    )


LONG = [
    "jalan rusak di kelurahan wara mohon segera diperbaiki sebelum musim hujan",
    "terima kasih atas informasi pelayanan kependudukan keliling di kecamatan",
    "kapan jadwal vaksinasi untuk lansia di puskesmas bara tahun ini pak",
    "slot gacor malam ini deposit pulsa tanpa potongan langsung jackpot besar",
]


def test_a_short_comment_weighs_less_than_a_long_one():
    vectorizer = FlooredTfidfVectorizer(norm=None)
    X = vectorizer.fit_transform([*LONG, "gacor"])
    lengths = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    # Rows above the floor have unit length, as with plain L2 rows; the
    # one-word comment is not blown up to the length of a whole comment.
    np.testing.assert_allclose(lengths[:4], 1.0, rtol=1e-5)
    assert 0 < lengths[4] < 0.5
    new = vectorizer.transform(["gacor", LONG[0]])
    new_lengths = np.sqrt(np.asarray(new.multiply(new).sum(axis=1)).ravel())
    assert new_lengths[0] == pytest.approx(lengths[4], rel=1e-5)
    assert new_lengths[1] == pytest.approx(1.0, rel=1e-5)


def test_the_floored_vectorizer_needs_norm_none_and_a_fit():
    with pytest.raises(ValueError, match="norm=None"):
        FlooredTfidfVectorizer().fit(LONG)
    with pytest.raises(NotFittedError):
        FlooredTfidfVectorizer(norm=None).transform(LONG)


def test_floored_vectorizer_survives_a_skops_round_trip(tmp_path):
    from spamfilter.registry import TRUSTED_TYPES

    vectorizer = FlooredTfidfVectorizer(norm=None).fit([*LONG, "gacor"])
    path = tmp_path / "v.skops"
    skops.io.dump(vectorizer, path)
    loaded = skops.io.load(path, trusted=TRUSTED_TYPES)
    assert loaded.norm_floor_ == vectorizer.norm_floor_
    np.testing.assert_allclose(
        loaded.transform(LONG).toarray(), vectorizer.transform(LONG).toarray()
    )


def signal(text: str, name: str, **fields) -> float:
    return raw_signals(prepare({"text": text, **fields}))[SIGNAL_NAMES.index(name)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Main di ZORO88 lebih cuan dari tempat lain", "brand_shaped"),
        ("gas di DEWABET sekarang", "brand_shaped"),
        ("Gasken bareng 𝑩 0 𝑺 𝑺 𝑾 𝑫 lancar sobat", "brand_shaped"),
        ("sore p3t1r lancar sc4tt3r teman", "gambling"),
        ("🔥ZORO88🔥 paling mantap", "brand_fenced"),
        ("Z\ue000O\ue000R\ue000O88 mantap", "invisible"),
        ("slot gacor maxwin terus", "gambling"),
        ("baru wd 3jt di tempat sebelah", "short_winning"),
        # a name set in a decorative alphabet among plain words
        ("Baru main langsung profit dari ,,𝘽𝙊𝙎𝙎𝙒𝘿,,", "styled_word"),
        ("Sangat bermanfaat, semoga 𝑷𝑶𝑲𝑬𝑹𝑩𝑶𝑳𝑨 jaya terus", "styled_word"),
        # fenced by doubled punctuation
        ("Baru main langsung profit dari ,,BOSSWD,,", "brand_fenced"),
        ("coba di **ZORO88** dijamin", "brand_fenced"),
        # a gambling stem at the start, the number spelled out or set apart
        ("semoga POKERBOLA jaya terus", "brand_shaped"),
        ("Santai aja, main di Pu Lau Tujuh Tujuh Tujuh", "brand_shaped"),
        ("Mau kaya? Pulau 7/7/7 tempatnya", "brand_shaped"),
        ("Bergabung ke Pulau 7.7/7 sekarang", "brand_shaped"),
        # a name of that shape with gambling words
        ("SHALAT24434 ASLI GACORRRRRR BANGET", "brand_and_gambling"),
    ],
)
def test_unseen_judol_shapes_are_signals(text, name):
    assert signal(text, name) > 0


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a whole comment in a fancy font is style, not one name set apart
        ("𝐛𝐚𝐧𝐲𝐚𝐤 𝐬𝐚𝐦𝐩𝐚𝐡 𝐝𝐢 𝐬𝐮𝐧𝐠𝐚𝐢", "styled_word"),
        ("ya..bagus..sekali pak", "brand_fenced"),
        ("bom dia a todos, acompanho do Brazil 👍🇧🇷🗽🇧🇷🤝", "styled_word"),
        ("dua tiga hari lagi baru selesai", "brand_shaped"),
        ("satu dua orang saja yang datang", "brand_shaped"),
        ("Acara tanggal 17/8/2024 di lapangan", "brand_shaped"),
        ("Installed 1.1.1 and it works", "brand_shaped"),
        ("Judicial review ke MK soal slot waktu sidang", "brand_shaped"),
        # a hash or session id pasted from a log is no brand
        ("Session ID: fbec10b5ed11e70564577d7f46ee0f5f6a40f597", "brand_shaped"),
        ("gacor artinya apa sih, jangan main judi", "brand_and_gambling"),
        ("Nomor antrean A17 sudah dipanggil", "brand_and_gambling"),
    ],
)
def test_readers_writing_is_not_an_unseen_judol_shape(text, name):
    assert signal(text, name) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Harga beras di pasar naik 2 ribu, tolong pemkot cek distribusinya",
        "Ada diskon pajak kendaraan sampai akhir bulan, lumayan buat warga",
        "Jangan lupa subscribe kanal Diskominfo biar dapat info vaksin covid19",
        "Bantuan BLT sudah cair belum? Rumah sebelah sudah dapat 600 ribu",
    ],
)
def test_citizen_talk_of_prices_and_subscribing_has_no_brand(text):
    assert signal(text, "short_winning") == 0
    assert signal(text, "brand_shaped") == 0
    assert signal(text, "brand_fenced") == 0
    assert signal(text, "invisible") == 0


def test_a_trusted_link_is_not_a_link_signal():
    text = "Jadwalnya ada di https://dinkes.palopokota.go.id/jadwal ya"
    assert signal(text, "links") > 0
    assert signal(text, "links", trusted_domains=("go.id",)) == 0
    assert signal(text, "links", site_domain="dinkes.palopokota.go.id") == 0


ARTICLE = {
    "article_title": "Walikota Palopo tandatangani MoU di Bandung",
    "article_text": "Pemerintah Kota Palopo mendapat undangan penandatanganan MoU "
    "replikasi inovasi pelayanan publik bersama 42 inovator di Bandung.",
    "article_language": "id",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I truly enjoyed this, you have a great writing style, will return", True),
        ("Semoga pelayanan makin cepat dan warga tidak perlu antre lama", False),
        ("Great news for Palopo, the MoU on public service innovation matters", False),
        ("ok", False),
    ],
)
def test_another_language_sharing_nothing_with_the_article(text, expected):
    assert other_language(prepare({"text": text, **ARTICLE})) is expected


def test_without_an_article_the_language_does_not_matter():
    assert not other_language(prepare("I truly enjoyed this, will come back again"))


# A long comment's language, read from its first 200 characters when they
# leave no doubt, else from the first 400.
_LIST_OF_PLACES = (
    "Palopo 2026: 1. Wara 2. Wara Utara 3. Wara Selatan 4. Wara Timur 5. Wara "
    "Barat 6. Bara 7. Telluwanua 8. Sendana 9. Mungkajang. Kode: A1, B2, C3, D4, "
    "E5, F6, G7, H8. Tel 0471-21001, 0471-21002, 0471-21003."
)
_CITIZEN = (
    " Kami warga kelurahan sangat berterima kasih kepada pemerintah kota yang "
    "sudah memperbaiki jalan dan saluran air di depan rumah kami, semoga "
    "pelayanan seperti ini terus berlanjut."
)
_READER_EN = (
    "I have been reading the coverage of the flood relief for a week now and I "
    "still do not understand why the provincial office has not published the "
    "list of villages that received the aid. Could someone from the office "
    "explain how the money was divided between the regencies? My neighbours are "
    "still waiting for the clean water tanks that were promised last month."
)


def _ranked_lengths(monkeypatch) -> list[int]:
    from spamfilter import language

    model = language._model()
    lengths: list[int] = []

    class Counting:
        def rank(self, text):
            lengths.append(len(text))
            return model.rank(text)

    monkeypatch.setattr(language, "_model", Counting)
    return lengths


def test_a_long_comment_clear_from_its_beginning_is_read_from_it(monkeypatch):
    from spamfilter import language

    assert len(_READER_EN) > language.QUICK_CHARS + 100
    lengths = _ranked_lengths(monkeypatch)
    assert language.detect(_READER_EN) == "en"
    assert lengths == [language.QUICK_CHARS]


def test_a_long_comment_unclear_at_its_beginning_is_read_further(monkeypatch):
    from spamfilter import language

    text = _LIST_OF_PLACES + _CITIZEN
    assert language.QUICK_CHARS + 100 < len(text) <= language.MAX_CHARS
    lengths = _ranked_lengths(monkeypatch)
    assert language.detect(text) == "id"
    assert lengths == [language.QUICK_CHARS, len(text)]
