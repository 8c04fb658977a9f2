from spamfilter.normalise import (
    EMAIL_TOKEN,
    PHONE_TOKEN,
    URL_TOKEN,
    fold,
    host_of,
    normalise,
)


def test_mathematical_bold_letters_and_digits_fold_to_ascii():
    assert normalise("𝐋𝐄𝐒𝐓𝐈𝟕𝟕 gacor").text == "LESTI77 gacor"


def test_cyrillic_and_greek_look_alikes_fold_to_latin():
    assert normalise("ЅLОТ GАСОR").text == "SLOT GACOR"
    assert normalise("ΚΟΙ ѕlοt").text == "KOI slot"


def test_full_width_and_squared_letters_fold_to_ascii():
    assert normalise("Ｆｕｌｌ ｗｉｄｔｈ").text == "Full width"
    assert normalise("🅿🅻🅰🆈 ❼❼").text == "PLAY 77"


def test_canadian_syllabics_look_alikes_fold_to_latin():
    result = normalise("main di ᑭᑌᒪ4ᑌᗯ1ᑎ")
    assert result.text == "main di PUL4UW1N"
    assert result.n_obfuscated == 6


def test_strike_through_marks_and_zero_width_characters_are_removed():
    assert normalise("s̶l̶o̶t̶ ͟g͟a͟c͟o͟r͟").text == "slot gacor"
    assert normalise("ga\u200bcor").text == "gacor"


def test_disguised_characters_are_counted():
    assert normalise("𝐋𝐄𝐒𝐓𝐈 gacor").n_obfuscated == 5
    assert normalise("plain text").n_obfuscated == 0


def test_a_word_mixing_scripts_is_counted_but_a_whole_fancy_text_is_not():
    assert normalise("main di ЅLОТ sekarang").n_mixed_words == 1
    assert normalise("𝐛𝐚𝐧𝐲𝐚𝐤 𝐬𝐚𝐦𝐩𝐚𝐡").n_mixed_words == 0


def test_letters_spaced_apart_are_joined():
    result = normalise("rame soal ⭐ A L E X I S 1 7 ⭐")
    assert "ALEXIS17" in result.text
    assert result.n_spaced == 1


def test_letters_fenced_by_symbols_are_joined():
    for disguised, word in (
        ("░A░░L░░E░░X░░I░░S░░1░░7░", "ALEXIS17"),
        ("【P】【U】【L】【A】【U】【7】【7】【7】", "PULAU777"),
        ("*M.A.M.I.B.E.T*", "MAMIBET"),
        ("♦︎I♦︎N♦︎G♦︎G♥︎A♦︎8♦︎8♦︎8", "INGGA888"),
    ):
        result = normalise(f"gas di {disguised} sekarang")
        assert word in result.text.split(), disguised
        assert result.n_spaced == 1


def test_ordinary_punctuation_between_letters_is_not_a_fence():
    for text in (
        "K..k..i'm also fine",  # apostrophes do not fence
        "GANGMAN STY- *D-D-D-D-D-D--DROP THE BASS!!*",  # nor do hyphens
        "mana ngartii!1!1!!1!1!!!",  # digits alone are not a word
        "the U.S.A. and version 1.0.4",  # three letters are an abbreviation
        "Pak R.T. 05/R.W. 03, jam 10.30, tgl 1/2/2024",
    ):
        result = normalise(text)
        assert result.text == " ".join(text.split()), text
        assert result.n_spaced == 0


def test_a_bare_domain_is_found_after_punctuation_but_not_inside_a_dotted_name():
    # The bare-domain pattern may start only where a dotted name starts (so a
    # long "a.a.a.…" run is read once); the links around punctuation stay.
    cases = {
        "visit example.com.": ("example.com",),
        "Mampir ke...slotgacor88.xyz ya": ("slotgacor88.xyz",),
        "(gacor.com) daftar-di-gacor88.com": ("gacor.com", "daftar-di-gacor88.com"),
        "x.example.co.id/daftar": ("x.example.co.id",),
        "Rp.50.000 saja, a.b.c.d.e": (),
    }
    for text, domains in cases.items():
        assert normalise(text).domains == domains, text


def test_a_long_run_of_dots_and_letters_is_neither_link_nor_address():
    for text in ("a." * 2000 + "ab", "a.+" * 1500 + "@"):
        result = normalise(text)
        assert (result.n_urls, result.n_emails, result.domains) == (0, 0, ())


def test_dots_of_links_and_e_mail_addresses_do_not_fence_letters():
    result = normalise("lihat http://a.b.c.d/x atau tulis ke a.b@c.d.co.id")
    assert result.text == f"lihat {URL_TOKEN} a b c atau tulis ke {EMAIL_TOKEN}"
    assert result.n_spaced == 0


def test_links_become_a_token_followed_by_the_words_of_their_host():
    result = normalise("daftar https://www.slot-gacor88.xyz/daftar?ref=1 sekarang")
    assert result.text == f"daftar {URL_TOKEN} slot gacor88 sekarang"
    assert result.domains == ("slot-gacor88.xyz",)
    assert result.n_urls == 1


def test_bare_and_spaced_domains_are_links():
    result = normalise("check kidsmediausa . com and tsel.me/promo")
    assert result.domains == ("kidsmediausa.com", "tsel.me")


def test_email_addresses_become_a_token():
    result = normalise("kirim ke humas@palopokota.go.id ya")
    assert result.text == f"kirim ke {EMAIL_TOKEN} ya"
    assert result.n_emails == 1
    assert result.domains == ()


def test_indonesian_and_international_phone_numbers_become_a_token():
    result = normalise("hubungi 0812-3456-7890 atau +62 812 3456 7890")
    assert result.text == f"hubungi {PHONE_TOKEN} atau {PHONE_TOKEN}"
    assert result.n_phones == 2


def test_dates_and_small_numbers_are_not_phone_numbers():
    result = normalise("Rabu (26/10) pukul 09.30, tahun 2016, Rp 35 ribu")
    assert result.n_phones == 0


def test_elongated_letters_are_squeezed_to_two():
    result = normalise("mantaaaap bangeeet, www.example.com")
    assert result.text.startswith("mantaap bangeet,")
    assert result.n_elongated == 2
    assert result.domains == ("example.com",)


def test_fold_leaves_ordinary_indonesian_text_alone():
    text = "Jalan rusak di Kecamatan Wara, kapan diperbaiki?"
    assert fold(text) == (text, 0, 0, 0)


def test_host_of_strips_scheme_www_and_path():
    assert host_of("HTTPS://WWW.Example.co.id/a/b?c") == "example.co.id"
    assert host_of("") == ""


def test_double_struck_letters_fold_to_the_plain_brand():
    assert normalise("main di 𝕃𝔼𝕊𝕋𝕀𝟟𝟟 ℙ𝕌𝕃𝔸𝕌𝕎𝕀ℕ").text == "main di LESTI77 PULAUWIN"


def test_private_use_and_blank_glyphs_are_removed_and_counted():
    result = normalise("L\ue000E\ue000S\ue000T\ue000I77 gacor\u3164\u200b")
    assert result.text == "LESTI77 gacor"
    assert result.n_invisible == 6


def test_emoji_joiners_are_not_invisible_disguise():
    assert normalise("keluarga 👨\u200d👩\u200d👧 sehat").n_invisible == 0


def test_links_to_trusted_domains_are_not_counted_as_links():
    result = normalise(
        "Daftar di https://disdukcapil.palopokota.go.id/antrian atau slot88.xyz",
        ("go.id",),
    )
    assert result.domains == ("slot88.xyz",)
    assert result.n_urls == 1
    assert result.trusted_domains == ("disdukcapil.palopokota.go.id",)
    assert "disdukcapil palopokota go" in result.text
