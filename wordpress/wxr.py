"""A streaming, defused reader of WordPress eXtended RSS (WXR 1.0–1.2) exports.

The export is fed to expat in chunks through ``defusedxml``'s parser (no DTD, no
entity declarations, hence no entity-expansion bombs and no external entities; expat
never touches the network). Each top-level record (author, term, item with its
comments) is handed out as a plain dataclass as soon as its end tag is read, then
dropped from the tree, so memory stays bounded by the largest single item.

Problems do not stop the stream: a record that cannot be read becomes a
:class:`Problem` with its line number; a broken or truncated file ends the stream
with a last :class:`Problem` after every complete record before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

KNOWN_VERSIONS = {"1.0", "1.1", "1.2"}
CHUNK_SIZE = 64 * 1024

# Namespace URIs differ between WXR versions and http/https; records are read by
# short prefixes instead.
_NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/[\d.]+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/[\d.]+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
_RECORDS = {"item", "wp:author", "wp:category", "wp:tag", "wp:term"}


@functools.lru_cache(maxsize=512)  # a few dozen names, met millions of times
def short_name(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    for pattern, prefix in _NAMESPACES:
        if pattern.match(uri):
            return f"{prefix}:{local}"
    return local


@dataclass
class Problem:
    line: int
    message: str
    fatal: bool = False


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    version_line: int = 0


@dataclass
class Author:
    line: int
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category, tag or other taxonomy term; ``parent`` is the parent's slug."""

    line: int
    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass
class Comment:
    line: int
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0


@dataclass
class Item:
    line: int
    post_id: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    slug: str = ""
    status: str = ""
    parent: int = 0
    menu_order: int = 0
    attachment_url: str = ""
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


Record = Channel | Author | Term | Item | Problem


class _Target:
    """Builds one record's elements at a time and notes where each record starts."""

    def __init__(self) -> None:
        self.builder = TreeBuilder()
        self.parser: DefusedXMLParser | None = None
        self.stack: list[str] = []
        self.channel: Element | None = None
        self.ready: list[tuple[Element, int, list[int]]] = []
        self.starts: list[int] = []
        self.comment_lines: list[int] = []
        self.version_line = 0

    def _line(self) -> int:
        return self.parser.parser.CurrentLineNumber if self.parser else 0

    def start(self, tag: str, attrs: dict) -> Element:
        element = self.builder.start(tag, attrs)
        name = short_name(tag)
        if name == "channel":
            self.channel = element
        if name in _RECORDS and self.stack[-1:] == ["channel"]:
            self.starts.append(self._line())
        if name == "wp:comment" and self.stack[-1:] == ["item"]:
            self.comment_lines.append(self._line())
        if name == "wp:wxr_version" and self.stack[-1:] == ["channel"]:
            self.version_line = self._line()
        self.stack.append(name)
        return element

    def end(self, tag: str) -> Element:
        element = self.builder.end(tag)
        name = self.stack.pop()
        if name in _RECORDS and self.stack[-1:] == ["channel"]:
            self.ready.append((element, self.starts.pop(), self.comment_lines))
            self.comment_lines = []
            # Bounded memory: the channel forgets every record once it is read.
            self.channel.remove(element)
        return element

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> Element:
        return self.builder.close()


def _text(element: Element, name: str) -> str:
    for child in element:
        if short_name(child.tag) == name:
            return (
                (child.text or "").strip()
                if name != "content:encoded"
                else (child.text or "")
            )
    return ""


def _int(value: str) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _author(element: Element, line: int) -> Author | Problem:
    login = _text(element, "wp:author_login")
    if not login:
        return Problem(line, "penulis tanpa author_login dilewati")
    return Author(
        line=line,
        login=login,
        email=_text(element, "wp:author_email"),
        display_name=_text(element, "wp:author_display_name"),
        first_name=_text(element, "wp:author_first_name"),
        last_name=_text(element, "wp:author_last_name"),
    )


def _term(element: Element, line: int) -> Term | Problem:
    kind = short_name(element.tag)
    if kind == "wp:category":
        taxonomy, slug = "category", _text(element, "wp:category_nicename")
        name = _text(element, "wp:cat_name")
        parent = _text(element, "wp:category_parent")
        description = _text(element, "wp:category_description")
    elif kind == "wp:tag":
        taxonomy, slug = "post_tag", _text(element, "wp:tag_slug")
        name, parent = _text(element, "wp:tag_name"), ""
        description = _text(element, "wp:tag_description")
    else:
        taxonomy, slug = (
            _text(element, "wp:term_taxonomy"),
            _text(element, "wp:term_slug"),
        )
        name, parent = _text(element, "wp:term_name"), _text(element, "wp:term_parent")
        description = _text(element, "wp:term_description")
    if not slug:
        return Problem(line, f"istilah {taxonomy} tanpa slug dilewati")
    return Term(line, taxonomy, slug, name or slug, parent, description)


def _comment(element: Element, line: int) -> Comment:
    return Comment(
        line=line,
        wp_id=_int(_text(element, "wp:comment_id")),
        author=_text(element, "wp:comment_author"),
        email=_text(element, "wp:comment_author_email"),
        url=_text(element, "wp:comment_author_url"),
        ip=_text(element, "wp:comment_author_IP"),
        date=_text(element, "wp:comment_date"),
        date_gmt=_text(element, "wp:comment_date_gmt"),
        content=_text(element, "wp:comment_content"),
        approved=_text(element, "wp:comment_approved") or "1",
        type=_text(element, "wp:comment_type"),
        parent=_int(_text(element, "wp:comment_parent")),
    )


def _item(element: Element, line: int, comment_lines: list[int]) -> Item | Problem:
    post_id = _int(_text(element, "wp:post_id"))
    if post_id <= 0:
        return Problem(line, "item tanpa wp:post_id yang sah dilewati")
    item = Item(
        line=line,
        post_id=post_id,
        post_type=_text(element, "wp:post_type") or "post",
        title=_text(element, "title"),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, "dc:creator"),
        content=_text(element, "content:encoded"),
        excerpt=_text(element, "excerpt:encoded"),
        date=_text(element, "wp:post_date"),
        date_gmt=_text(element, "wp:post_date_gmt"),
        slug=_text(element, "wp:post_name"),
        status=_text(element, "wp:status"),
        parent=_int(_text(element, "wp:post_parent")),
        menu_order=_int(_text(element, "wp:menu_order")),
        attachment_url=_text(element, "wp:attachment_url"),
    )
    lines = iter(comment_lines)
    for child in element:
        name = short_name(child.tag)
        if name == "category":
            item.terms.append(
                (
                    child.get("domain", "category"),
                    child.get("nicename", ""),
                    (child.text or "").strip(),
                )
            )
        elif name == "wp:postmeta":
            item.meta[_text(child, "wp:meta_key")] = _text(child, "wp:meta_value")
        elif name == "wp:comment":
            item.comments.append(_comment(child, next(lines, line)))
    return item


def _record(
    element: Element, line: int, comment_lines: list[int]
) -> Author | Term | Item | Problem:
    name = short_name(element.tag)
    if name == "item":
        return _item(element, line, comment_lines)
    if name == "wp:author":
        return _author(element, line)
    return _term(element, line)


def read(stream: BinaryIO, channel: Channel | None = None) -> Iterator[Record]:
    """The export's records in file order; ``channel`` is filled in as read.

    The channel's fields (title, URLs, WXR version) precede the records in every
    WordPress export, so they are complete by the first record.
    """
    channel = channel if channel is not None else Channel()
    target = _Target()
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    target.parser = parser
    version_checked = False
    while True:
        chunk = stream.read(CHUNK_SIZE)
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except ParseError as error:
            yield from _drain(target, channel)
            line = error.position[0] if error.position else 0
            yield Problem(line, f"berkas XML rusak atau terpotong: {error}", True)
            return
        except DefusedXmlException as error:
            yield from _drain(target, channel)
            yield Problem(
                target._line(), f"berkas ditolak (tidak aman): {error!r}", True
            )
            return
        if target.channel is not None and not version_checked and target.ready:
            _fill_channel(channel, target.channel)
            channel.version_line = target.version_line
            version_checked = True
            yield channel
            if channel.wxr_version not in KNOWN_VERSIONS:
                yield Problem(
                    channel.version_line,
                    f"versi WXR tidak dikenal: {channel.wxr_version or '(tidak ada)'}; "
                    "dibaca seperti WXR 1.2",
                )
        yield from _drain(target, channel)
        if not chunk:
            if target.channel is None:
                yield Problem(1, "bukan ekspor WordPress: tidak ada <channel>", True)
            elif not version_checked:
                _fill_channel(channel, target.channel)
                yield channel
            return


def _fill_channel(channel: Channel, element: Element) -> None:
    channel.title = _text(element, "title")
    channel.link = _text(element, "link")
    channel.base_site_url = _text(element, "wp:base_site_url")
    channel.base_blog_url = _text(element, "wp:base_blog_url")
    channel.wxr_version = _text(element, "wp:wxr_version")


def _drain(target: _Target, channel: Channel) -> Iterator[Record]:
    ready, target.ready = target.ready, []
    for element, line, comment_lines in ready:
        yield _record(element, line, comment_lines)
