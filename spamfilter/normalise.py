"""Text normalisation applied before any feature is computed.

Spam on Indonesian sites hides its words from filters: brand names in
mathematical bold (``𝐋𝐄𝐒𝐓𝐈𝟕𝟕``), Cyrillic and Greek look-alikes (``ЅLОТ``),
negative squared letters (``🅿🅻🅰🆈``), Canadian syllabics look-alikes
(``ᑭᑌᒪᗩᑌ``), letters spaced apart (``A L E X I S``) or fenced by symbols
(``░A░L░E░X░``, ``【P】【U】【L】``), strike-through combining marks and
zero-width characters. :func:`normalise` undoes all of that so one word has
one spelling, replaces links, e-mail addresses and phone numbers by
placeholder tokens (keeping the link domains aside as a feature) and squeezes
elongated letters (``bangeeet`` -> ``bangeet``).

Everything here is plain Python so that it can run without scikit-learn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

URL_TOKEN = "URLTOKEN"
EMAIL_TOKEN = "EMAILTOKEN"
PHONE_TOKEN = "PHONETOKEN"
PLACEHOLDERS = (URL_TOKEN, EMAIL_TOKEN, PHONE_TOKEN)

# Look-alikes NFKC leaves alone. Cyrillic and Greek letters are folded even in
# words written wholly in those scripts: the site is Indonesian, and spam writes
# whole brand names with them.
_HOMOGLYPHS = {
    # Cyrillic
    "А": "A", "В": "B", "С": "C", "Е": "E", "Ё": "E", "Н": "H", "І": "I",
    "Ї": "I", "Ј": "J", "К": "K", "М": "M", "О": "O", "Р": "P", "Ѕ": "S",
    "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ӏ": "I", "Я": "R", "Ь": "b",
    "Ԁ": "d", "Ԛ": "Q", "Ԝ": "W", "П": "n",
    "а": "a", "в": "b", "е": "e", "ё": "e", "с": "c", "о": "o", "р": "p",
    "х": "x", "у": "y", "ү": "y", "і": "i", "ї": "i", "ј": "j", "ѕ": "s",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "к": "k", "м": "m",
    "н": "h", "т": "t", "я": "r", "п": "n", "ь": "b", "г": "r",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Λ": "A", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y",
    "Χ": "X", "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin small capitals and other Latin look-alikes
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g",
    "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n",
    "ᴏ": "o", "ᴘ": "p", "ǫ": "q", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u",
    "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ɑ": "a", "ɡ": "g", "ı": "i",
    "ȷ": "j", "ø": "o", "Ø": "O", "ß": "ss", "ɾ": "r", "ʋ": "u",
    # Canadian syllabics of "fancy text" generators (ᑭᑌᒪᗩᑌᗯᑎ: PULAUWIN)
    "ᗩ": "A", "ᗷ": "B", "ᑕ": "C", "ᗪ": "D", "ᗴ": "E", "ᕮ": "E", "ᖴ": "F",
    "ᘜ": "G", "ᕼ": "H", "ᒍ": "J", "ᒪ": "L", "ᗰ": "M", "ᑎ": "N", "ᑭ": "P",
    "ᑫ": "Q", "ᖇ": "R", "ᔕ": "S", "ᑌ": "U", "ᐯ": "V", "ᗯ": "W", "᙭": "X",
    "ᘔ": "Z",
    # Lycian and Carian letters seen in gambling spam
    "𐊗": "T", "𐊀": "A", "𐊂": "B", "𐊆": "I", "𐊒": "O", "𐊕": "P", "𐊠": "A",
    "𐊡": "P", "𐊢": "D", "𐊫": "O", "𐊰": "X",
}  # fmt: skip


def _build_table() -> dict[int, str]:
    table = {ord(k): v for k, v in _HOMOGLYPHS.items()}
    # Negative circled/squared letters and regional indicators: A-Z.
    for start in (0x1F150, 0x1F170, 0x1F1E6):
        for i in range(26):
            table[start + i] = chr(ord("A") + i)
    # Dingbat circled digits (plain and negative) carry no NFKC decomposition.
    for start in (0x2776, 0x2780, 0x278A):
        for i in range(9):
            table[start + i] = str(i + 1)
        table[start + 9] = "10"
    table[0x24FF] = "0"
    table[0x24EA] = "0"
    return table


_FOLD_TABLE = _build_table()
_STRIPPED_CATEGORIES = {"Mn", "Me", "Cf"}
_EMOJI_SELECTORS = {"\ufe0e", "\ufe0f", "\u20e3"}
# Characters that render as nothing, so that a brand written with them between
# its letters (or a whole line of them) looks like blank space to a reader:
# Private Use Area glyphs (no font draws them), the Hangul fillers, the blank
# Braille pattern, and the format characters (zero-width space, direction
# marks) other than the joiner and the selectors emoji sequences need.
_BLANK_LETTERS = frozenset("\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0\u034f")
_EMOJI_JOINERS = {"\u200d", *_EMOJI_SELECTORS}

_SPACED_LETTERS = re.compile(r"(?<!\S)(?:[^\W_] ){3,}[^\W_](?!\S)")
# Four or more single letters or digits, at least two of them letters, each
# fenced by one to three symbols: ``░A░░L░░E░``, ``【P】【U】【L】``,
# ``*M.A.M.I*``. Apostrophes and hyphens do not fence ("K..k..i'm", a stutter
# "D-D-D-DROP" are ham), and ordinary text has few such runs (an abbreviation
# "U.S.A." or a version "1.0.4" has three). It runs after links and e-mail
# addresses are taken out, as their dots would fence the letters of "a.b.c.d".
_FENCE_CHARS = r"[^\w\s'\u2019`-]"
_FENCED_LETTERS = re.compile(
    rf"(?<![^\W_]){_FENCE_CHARS}{{0,3}}(?:[A-Za-z0-9]{_FENCE_CHARS}{{1,3}}){{3,}}"
    r"[A-Za-z0-9](?![^\W_])"
)
_FENCE = re.compile(_FENCE_CHARS)
_SPACED_DOT_TLD = re.compile(
    r"(?<=\w)\s*[.,]\s*(com|net|org|xyz|id|info|biz|co|me|io|vip|site|online|top)\b",
    re.IGNORECASE,
)
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}")
# A match starts only where a run of address characters starts, so that a
# long run without "@" is read once, not once per character (the difference
# between linear and quadratic time on a comment such as "a.a.a.a…").
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TLDS = (
    "com|net|org|info|biz|xyz|id|co|me|io|ly|link|site|online|top|club|vip|asia|"
    "live|pro|app|shop|store|ru|cn|uk|us|tk|ml|ga|cf|gq|ws|gov|ac|sch|web|my|in|tv|"
    "cc|gl|be|to|fm|gg|bet|win|games|casino|mobi|tel|name|eu|de|fr|nl|au|ca|sg|ph"
)
_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"']+"
    # a bare domain starts a word that is not inside a dotted name ("a.b.c.d…",
    # read once instead of once per label: 2 s on 5,000 characters before)
    r"|(?<![\w-])(?<![\w-]\.)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:" + _TLDS + r")\b"
    r"(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?62|\(\+?62\)|0)[\s.-]?8\d{1,3}(?:[\s.-]?\d{2,5}){1,4}(?!\w)"
    r"|(?<![\w+])\+?\d(?:[\s().-]?\d){8,14}(?!\w)"
)
_HOST = re.compile(r"^(?:[a-z]+://)?(?:www\d?\.)?([^/?#:\s]+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class NormalisedText:
    """The result of :func:`normalise`.

    ``text`` keeps case (shouting is a feature) and carries the placeholder
    tokens; ``domains`` are the lower-cased host names of the links found,
    without ``www.``.
    """

    text: str
    domains: tuple[str, ...] = ()
    n_urls: int = 0
    n_emails: int = 0
    n_phones: int = 0
    n_obfuscated: int = 0
    n_mixed_words: int = 0
    n_elongated: int = 0
    n_spaced: int = 0
    n_emoji: int = 0
    original_length: int = 0
    n_invisible: int = 0
    trusted_domains: tuple[str, ...] = ()
    n_styled_words: int = 0

    @cached_property
    def words(self) -> tuple[str, ...]:
        """:func:`words` of ``text``, split once: the article overlap, the
        language rule and the campaign signature all read the same comment's
        words (a frozen dataclass still has an instance dict to keep it in)."""
        return tuple(words(self.text))


def fold(text: str) -> tuple[str, int, int, int]:
    """NFKC, look-alike folding and removal of combining, format and
    invisible characters.

    Returns the folded text, the number of characters that disguised a letter
    or digit (another script, a decorative form, an overlaid combining mark),
    the number of pictographic symbols (emoji) and the number of invisible
    characters removed (Private Use Area, blank letters, format characters
    other than emoji joiners).
    """
    nfkc = unicodedata.normalize("NFKC", text)
    folded = nfkc.translate(_FOLD_TABLE)
    if folded.isascii():  # nothing to strip or count: skip the loop below
        return folded, (0 if text.isascii() else _count_disguised(text)), 0, 0
    out = []
    emoji = 0
    marks = 0
    invisible = 0
    for ch in unicodedata.normalize("NFD", folded):
        if ch.isascii():
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in _STRIPPED_CATEGORIES:
            if category == "Cf":
                invisible += ch not in _EMOJI_JOINERS
            elif ch not in _EMOJI_SELECTORS:
                marks += 1
            continue
        if category == "Co" or ch in _BLANK_LETTERS:
            invisible += 1
            continue
        if category == "So":
            emoji += 1
        out.append(ch)
    result = unicodedata.normalize("NFC", "".join(out))
    obfuscated = marks + (0 if text.isascii() else _count_disguised(text))
    return result, obfuscated, emoji, invisible


def _is_disguised(ch: str) -> bool:
    if ch.isascii():
        return False
    if ord(ch) in _FOLD_TABLE:
        return True
    nfkc = unicodedata.normalize("NFKC", ch)
    return nfkc != ch and nfkc.isascii() and nfkc.isalnum()


def _count_disguised(text: str) -> int:
    return sum(_is_disguised(ch) for ch in text)


def mixed_words(text: str) -> int:
    """Words mixing disguised letters with plain ones (``𝑲O𝑰𝑺𝑳0𝑻``, ``ЅLОТ``
    with a Latin ``L``): a whole text in a fancy font is style, a brand name
    half in another script is evasion."""
    if text.isascii():
        return 0
    count = 0
    for word in text.split():
        plain = disguised = False
        for ch in word:
            if ch.isascii():
                plain = plain or ch.isalnum()
            elif _is_disguised(ch):
                disguised = True
        count += plain and disguised
    return count


def _is_flag_letter(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def styled_words(text: str) -> int:
    """Words written wholly in a decorative alphabet (``,,𝘽𝙊𝙎𝙎𝙒𝘿,,`` or
    ``semoga 𝑷𝑶𝑲𝑬𝑹𝑩𝑶𝑳𝑨 jaya``) in a text that also has plain words.

    Why: a reader who likes a fancy font writes the whole comment in it (see
    :func:`mixed_words`); an advertisement sets the one name it wants seen in
    bold or italic mathematical letters among ordinary words, because filters
    and moderators read past it and viewers do not. Only words of three or
    more letters or digits count, and only when the text has a plain word of
    two or more letters."""
    if text.isascii():
        return 0
    styled = 0
    plain_word = False
    for word in text.split():
        # Flags (regional indicator pairs, 🇧🇷) fold to letters for the
        # n-grams, but a reader greeting from Brazil sets no name apart.
        characters = [
            ch
            for ch in word
            if (ch.isalnum() or _is_disguised(ch)) and not _is_flag_letter(ch)
        ]
        if not characters:
            continue
        disguised = sum(map(_is_disguised, characters))
        if disguised == len(characters) and disguised >= 3:
            styled += 1
        elif disguised == 0 and sum(ch.isascii() and ch.isalpha() for ch in word) >= 2:
            plain_word = True
    return styled if plain_word else 0


def remove_links(text: str) -> tuple[str, int]:
    """``text`` with its links (as :func:`normalise` finds them) taken out,
    and how many there were."""
    return _URL.subn(" ", text)


def host_of(url: str) -> str:
    """The lower-cased host of a link, without ``www.``; ``""`` if none."""
    match = _HOST.match(url.strip())
    return match.group(1).lower().rstrip(".") if match else ""


def host_words(host: str) -> list[str]:
    """Words of a host name without its top-level domain: ``slot-gacor.xyz``
    -> ``["slot", "gacor"]``."""
    labels = host.split(".")
    if len(labels) > 1:
        labels = labels[:-1]
    return [w for label in labels for w in _WORD.findall(label)]


def is_trusted_host(host: str, trusted: tuple[str, ...]) -> bool:
    """Whether ``host`` is one of ``trusted`` or under one (``dinkes.palopokota.go.id``
    is under ``go.id``)."""
    return any(host == t or host.endswith("." + t) for t in trusted if t)


def normalise(text: str, trusted_domains: tuple[str, ...] = ()) -> NormalisedText:
    """Fold, tokenise links/e-mails/phones and squeeze elongations.

    The placeholder for a link is followed by the words of its host, so that
    ``https://slot-gacor88.xyz/daftar`` becomes ``URLTOKEN slot gacor88``: the
    n-grams see the words a spammer put into the domain. A link to a host in
    ``trusted_domains`` (or under one) is not a link as evidence: it becomes
    the words of its host alone, is not counted in ``n_urls`` or ``domains``
    and is listed in ``trusted_domains``.
    """
    folded, n_obfuscated, n_emoji, n_invisible = fold(text)

    n_spaced = 0

    def _join_spaced(match: re.Match[str]) -> str:
        nonlocal n_spaced
        n_spaced += 1
        return match.group(0).replace(" ", "")

    def _join_fenced(match: re.Match[str]) -> str:
        nonlocal n_spaced
        joined = _FENCE.sub("", match.group(0))
        if sum(map(str.isalpha, joined)) < 2:  # "!1!1!!1!" is shouting
            return match.group(0)
        n_spaced += 1
        return f" {joined} "

    folded = _SPACED_LETTERS.sub(_join_spaced, folded)
    folded = _SPACED_DOT_TLD.sub(r".\1", folded)

    folded, n_emails = _EMAIL.subn(f" {EMAIL_TOKEN} ", folded)

    domains: list[str] = []
    trusted: list[str] = []

    def _url(match: re.Match[str]) -> str:
        host = host_of(match.group(0))
        if trusted_domains and is_trusted_host(host, trusted_domains):
            trusted.append(host)
            return " ".join(["", *host_words(host), ""])
        domains.append(host)
        return " ".join([f" {URL_TOKEN}", *host_words(host), ""])

    folded = _URL.sub(_url, folded)
    folded = _FENCED_LETTERS.sub(_join_fenced, folded)

    folded, n_phones = _PHONE.subn(f" {PHONE_TOKEN} ", folded)

    n_elongated = 0

    def _squeeze(match: re.Match[str]) -> str:
        nonlocal n_elongated
        n_elongated += 1
        return match.group(1) * 2

    folded = _ELONGATION.sub(_squeeze, folded)
    folded = " ".join(folded.split())
    return NormalisedText(
        text=folded,
        domains=tuple(dict.fromkeys(d for d in domains if d)),
        n_urls=len(domains),
        n_emails=n_emails,
        n_phones=n_phones,
        n_obfuscated=n_obfuscated,
        n_mixed_words=mixed_words(text),
        n_elongated=n_elongated,
        n_spaced=n_spaced,
        n_emoji=n_emoji,
        original_length=len(text),
        n_invisible=n_invisible,
        trusted_domains=tuple(dict.fromkeys(trusted)),
        n_styled_words=styled_words(text),
    )


# Every step costs time in proportion to the text's length; a long comment is
# read as its first 480 and last 120 characters (links are often at the end).
# 1.7% of the bundled comments are longer.
MAX_TEXT_CHARS = 600


def clip(text: str, limit: int | None = None) -> str:
    """``text`` if it has at most ``limit`` (``MAX_TEXT_CHARS``) characters,
    else its beginning and its end (a fifth of ``limit``) joined by a line
    break."""
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(text) <= limit:
        return text
    tail = limit // 5
    return f"{text[: limit - tail - 1]}\n{text[-tail:]}"


@lru_cache(maxsize=32)
def normalise_clipped(
    text: str, trusted_domains: tuple[str, ...] = ()
) -> NormalisedText:
    """:func:`normalise` of :func:`clip` ``(text)``, remembered for the last
    few texts: the filter's features and the campaign signature read the same
    comment one after the other, and normalising is most of either's time."""
    return normalise(clip(text), trusted_domains)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of already normalised text."""
    return _WORD.findall(text.lower())


_DIGITS = re.compile(r"\d")


def skeleton(text: str) -> str:
    """Normalised, lower-cased words; a word with a digit becomes ``0`` (the
    brand names of gambling templates: ``LESTI77``, ``JALAK4D``). What
    near-copies are compared on."""
    return " ".join(
        "0" if _DIGITS.search(w) else w for w in words(normalise(text).text)
    )


def shingles(skeleton_text: str, size: int = 3) -> set[str]:
    """Word ``size``-shingles of a :func:`skeleton` (the whole text when it
    has fewer words; empty for an empty text)."""
    tokens = skeleton_text.split()
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[k : k + size]) for k in range(len(tokens) - size + 1)}
