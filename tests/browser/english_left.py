"""Find English left on an admin page that should speak Indonesian.

Two nets, both built from the catalogues themselves rather than a hand-made list:

- *messages*: every English message of Wagtail, Django and the libraries the
  admin uses (their ``locale/en`` catalogues list every msgid) that the active
  Indonesian catalogue leaves untranslated, matched against each piece of text
  on the page as a whole (placeholders such as ``%(count)s`` match anything);
- *words*: the words of those untranslated messages that never occur in any
  Indonesian translation (``MIXED_WORDS`` names the few that both languages
  use), looked for in every piece of text, to catch a message split across
  elements or built by JavaScript.

``PAGE_TEXT_JS`` collects what a person sees or hears from a page: text nodes
(hidden panels and menus included, as they open on a click), and the
``placeholder``, ``title``, ``alt`` and ``aria-label`` attributes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib
from django.apps import apps
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

# Walks the DOM; returns [[where, text], ...].
PAGE_TEXT_JS = """
() => {
  const out = [["TITLE", document.title]];
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  // Never shown: the date picker's apply button (Wagtail leaves it off); place
  // names in the time-zone choices are names, not English.
  const ignored = ".xdsoft_save_selected, select[name$='time_zone'] option";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (skip.has(node.tagName) || node.closest(ignored)) continue;
      for (const attr of ["placeholder", "title", "alt", "aria-label"]) {
        const value = node.getAttribute(attr);
        if (value && value.trim()) out.push([node.tagName + "@" + attr, value]);
      }
    } else if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      if (!parent || skip.has(parent.tagName)) continue;
      if (parent.closest("script, style, noscript, template")) continue;
      if (parent.closest(ignored)) continue;
      const text = node.textContent.trim();
      if (text) out.push([parent.tagName, text]);
    }
  }
  document.querySelectorAll("input[type=submit], input[type=button]").forEach(
    (input) => input.value && out.push(["INPUT@value", input.value]));
  return out;
}
"""

# Words both languages write (loanwords, names, units): never evidence of English.
MIXED_WORDS = {
    "admin",
    "alt",
    "bold",
    "draftail",
    "email",
    "embed",
    "gif",
    "heic",
    "html",
    "jpeg",
    "jpg",
    "link",
    "login",
    "logout",
    "mis",
    "online",
    "pdf",
    "png",
    "sidebar",
    "slug",
    "status",
    "svg",
    "url",
    "utc",
    "modal",
    "username",
    "wagtail",
    "web",
    "webp",
    "avif",
}
# Wagtail writes these without gettext, so no catalogue can translate them:
# (where, text) -> the template that hard-codes it.
HARD_CODED = {
    ("INPUT@value", "Search"): "wagtailadmin/home.html, shared/header.html "
    "(a visually hidden submit button)",
}
# Two-letter English words that no Indonesian text uses between two values:
# "05:20 by humas" ("%(time)s by %(user_display_name)s") and "1-3 of 3 halaman"
# are English however short.
SHORT_WORDS = {"by", "of"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Words between spaces and punctuation; "Broken_Hill" or "news.homepage" are names.
WORD = re.compile(r"(?<![\w./])[A-Za-z]+(?:'[a-z]+)?(?![\w/]|\.\w)")


@dataclass(frozen=True)
class Leftover:
    where: str
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.text!r} ({self.where}): {self.why}"


def _english_catalogues() -> Iterable[tuple[str, Path, Path]]:
    """(domain, English .po, locale dir) of every installed app with one."""
    from django.conf import settings

    seen: set[Path] = set()
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts:
            continue  # our own apps' messages are Indonesian
        locale = Path(config.path) / "locale"
        for domain in ("django", "djangojs"):
            po = locale / "en" / "LC_MESSAGES" / f"{domain}.po"
            if po.is_file() and po not in seen:
                seen.add(po)
                yield domain, po, locale
    import django

    conf = Path(django.__file__).parent / "conf" / "locale"
    yield "django", conf / "en" / "LC_MESSAGES" / "django.po", conf


def _translated(entry: polib.POEntry, catalogue: DjangoTranslation) -> bool:
    """Whether the Indonesian catalogue has the entry (a translation may equal
    its msgid: "Status", "April")."""
    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    if entry.msgid_plural:
        return (key, 0) in catalogue._catalog
    return key in catalogue._catalog


def _pattern(message: str) -> re.Pattern | None:
    literal = PLACEHOLDER.sub("", message)
    letters = len(re.findall(r"[A-Za-z]", literal))
    if letters < 3 and not (letters == 2 and _words(literal) & SHORT_WORDS):
        return None
    parts = [re.escape(part) for part in PLACEHOLDER.split(" ".join(message.split()))]
    if message[:1].isalpha():
        # Django capitalises lower-case labels ("density" -> "Density").
        parts[0] = f"(?i:{parts[0][:1]}){parts[0][1:]}"
    return re.compile(r"\s*" + r".+?".join(parts) + r"\s*", re.DOTALL)


@dataclass
class Untranslated:
    messages: frozenset[str]
    patterns: list[tuple[str, re.Pattern]]
    words: frozenset[str]


@functools.cache
def untranslated() -> Untranslated:
    """English messages and words the Indonesian admin does not translate."""
    messages: set[str] = set()
    patterns: list[tuple[str, re.Pattern]] = []
    english_words: set[str] = set()
    indonesian_words: set[str] = set()
    catalogues = list(_english_catalogues())
    js_dirs = [str(locale) for domain, _, locale in catalogues if domain == "djangojs"]
    # As the admin's JavaScript catalogue view builds it (it adds LOCALE_PATHS).
    js = DjangoTranslation("id", domain="djangojs", localedirs=js_dirs)
    with translation.override("id"):
        django = translation.trans_real.translation("id")
        for domain, po, _ in catalogues:
            for entry in polib.pofile(str(po)):
                if entry.obsolete or not entry.msgid:
                    continue
                if _translated(entry, js if domain == "djangojs" else django):
                    continue
                for message in filter(None, (entry.msgid, entry.msgid_plural)):
                    messages.add(" ".join(message.split()))
                    if pattern := _pattern(message):
                        patterns.append((message, pattern))
                    english_words.update(_words(PLACEHOLDER.sub(" ", message)))
        for domain, _po, locale in catalogues:
            for path in locale.glob(f"id*/LC_MESSAGES/{domain}.po"):
                for entry in polib.pofile(str(path)):
                    indonesian_words.update(_words(entry.msgstr))
                    for text in entry.msgstr_plural.values():
                        indonesian_words.update(_words(text))
        indonesian_words.update(_project_words())
    words = {
        word
        for word in english_words - indonesian_words - MIXED_WORDS
        if len(word) >= 3
    }
    # A message with placeholders counts only by its English-only words: "Status
    # %(status)s" must not match "Status halaman saat ini:".
    patterns = [
        (message, pattern)
        for message, pattern in patterns
        if _words(PLACEHOLDER.sub(" ", message)) & (words | SHORT_WORDS)
    ]
    return Untranslated(frozenset(messages), patterns, frozenset(words))


def _project_words() -> set[str]:
    """Words of the project's own Indonesian: the msgids of its English
    catalogue and the translations of its Indonesian one."""
    from django.conf import settings

    found: set[str] = set()
    for locale in settings.LOCALE_PATHS:
        for path in Path(locale).glob("*/LC_MESSAGES/*.po"):
            indonesian = path.parent.parent.name == "id"
            for entry in polib.pofile(str(path)):
                found.update(_words(entry.msgstr if indonesian else entry.msgid))
    return found


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text)}


def english_left(pieces: Iterable[tuple[str, str]]) -> list[Leftover]:
    """The pieces of text (``(where, text)``) that are English UI strings."""
    catalogue = untranslated()
    found: list[Leftover] = []
    for where, raw in pieces:
        text = " ".join(raw.split())
        if (where, text) in HARD_CODED:
            continue
        lowered = text[:1].lower() + text[1:]
        message = (
            text
            if text in catalogue.messages or lowered in catalogue.messages
            else next(
                (m for m, pattern in catalogue.patterns if pattern.fullmatch(text)),
                None,
            )
        )
        if message is not None:
            found.append(Leftover(where, text, f"untranslated message {message!r}"))
            continue
        english = sorted(_words(text) & catalogue.words)
        if english:
            found.append(Leftover(where, text, f"English words {english}"))
    return found
