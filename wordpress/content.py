"""WordPress post content (classic HTML or block-editor markup) -> our StreamField data.

Paragraphs, lists and headings become ``paragraph`` blocks cleaned with bleach to the
features our rich text allows; images (``<img>``, ``[caption]``, ``[gallery]``, image
blocks) become ``image`` blocks, blockquotes ``quote`` blocks, embeds and oEmbed URLs
``embed`` blocks. Nothing is dropped silently: what has no block of its own (tables,
code, forms, unknown shortcodes, images whose file is missing) is kept as cleaned
text or a link, and named in :attr:`Converted.unmapped` for the report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import bleach
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

PARAGRAPH_TAGS = {"p", "b", "i", "a", "ol", "ul", "li", "h2", "h3", "br"}
_RENAME = {"strong": "b", "em": "i", "h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}
_BLOCK_TEXT = {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
_WRAPPERS = {"div", "section", "article", "main", "header", "footer", "center", "aside"}
_AS_TEXT = {"table", "pre", "dl", "address", "details", "form", "hr", "figure"}
_EMBEDS = {"iframe", "video", "audio", "object", "embed"}
_BLOCK_INSIDE_P = frozenset(
    {
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "pre",
        "blockquote",
        "div",
        "figure",
        "dl",
        "hr",
        "address",
        "iframe",
    }
)
_REMOVED = {"script", "style", "noscript", "template"}
_HARMLESS = {"span", "div", "p", "strong", "em", "h1", "h4", "h5", "h6", "html", "body"}

_WP_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]")
_EMBED_SC = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S)
_SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)(\s[^\]]*)?\]")
_ATTR = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.M)
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|table|pre|figure|hr|dl|address|"
    r"section|article|iframe|form|script|style)[\s>/]",
    re.I,
)
_WP_IMAGE_CLASS = re.compile(r"wp-image-(\d+)")
_BLOCK = (
    r"(?:ul|ol|li|h[1-6]|table|thead|tbody|tr|td|th|blockquote|pre|div|dl|dt|dd|"
    r"figure|figcaption|hr|p|address|iframe)"
)
_BLOCK_BEFORE = re.compile(rf"</?{_BLOCK}(?:\s[^>]*)?>\s*$", re.I)
_BLOCK_AFTER = re.compile(rf"\s*</?{_BLOCK}[\s>/]", re.I)
_RENAMED_TAG = re.compile(r"<(/?)(strong|em|h1|h4|h5|h6)(?=[\s>/])", re.I)
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_WRAPPED = re.compile(r"\s*<(?:p|h[1-6]|ul|ol)[\s>]", re.I)
_EMPTY_P = re.compile(r"<p>(?:\s|<br>)*</p>")


@dataclass
class ResolvedImage:
    image_id: int
    alt: str
    caption: str = ""


ImageResolver = Callable[[str, int], ResolvedImage | None]
# Attachment ids -> (id, original URL, alt) for each image of a gallery.
GalleryResolver = Callable[[list[int]], list[tuple[int, str, str]]]


@dataclass
class Converted:
    blocks: list[dict] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)


def shortcode_attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(html.unescape(text or ""))
    }


# Plain text (no character html5lib would rewrite or escape) and bare allowed tags.
_SIMPLE_TOKEN = re.compile(
    r"<(/?)(p|h2|h3|b|i)>|<br>|&(?:amp|lt|gt);|[^<>&\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+"
)
_BLOCKS = {"p", "h2", "h3"}


def _already_clean(markup: str) -> bool:
    """Whether bleach would give ``markup`` back unchanged: only text and bare
    ``p``/``h2``/``h3`` blocks (not nested) holding text, ``<br>`` and properly
    nested ``b``/``i``. Most paragraphs of a press release are; html5lib
    (bleach's parser, pure Python) then costs nothing."""
    open_tags: list[str] = []
    position = 0
    for match in _SIMPLE_TOKEN.finditer(markup):
        if match.start() != position:
            return False
        position = match.end()
        closing, name = match.groups()
        if name is None:
            continue
        if closing:
            if not open_tags or open_tags.pop() != name:
                return False
        elif name in _BLOCKS and open_tags:
            return False
        else:
            open_tags.append(name)
    return position == len(markup) and not open_tags


def clean_paragraph(markup: str) -> str:
    """``markup`` reduced to what a paragraph block allows (text always kept)."""
    renamed = _RENAMED_TAG.sub(
        lambda m: f"<{m.group(1)}{_RENAME[m.group(2).lower()]}", markup
    )
    if _already_clean(renamed):
        return _EMPTY_P.sub("", renamed).strip()
    cleaned = bleach.clean(
        renamed,
        tags=PARAGRAPH_TAGS,
        attributes={"a": ["href"]},
        protocols=["http", "https", "mailto"],
        strip=True,
        strip_comments=True,
    )
    return _EMPTY_P.sub("", cleaned).strip()


def text_of(node: Tag | str) -> str:
    if isinstance(node, str):
        return re.sub(r"\s+", " ", node).strip()
    return re.sub(r"[ \t]+", " ", node.get_text("\n")).strip()


def _tags(node: Tag, names: set[str] | frozenset[str]) -> list[Tag]:
    """``node.find_all(names)`` without bs4's SoupStrainer, whose construction
    at each call cost more than the search (a third of a conversion's time)."""
    return [d for d in node.descendants if isinstance(d, Tag) and d.name in names]


def autop(text: str) -> str:
    """WordPress's ``wpautop`` in short: blank lines part paragraphs, lines break."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if url := _URL_LINE.fullmatch(chunk):
            out.append(f'<figure class="wp-block-embed">{url.group(1)}</figure>')
        elif _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + _line_breaks(chunk.strip()) + "</p>")
    return "\n".join(out)


def _line_breaks(chunk: str) -> str:
    """Single newlines become ``<br>``, except beside block-level tags."""
    lines = chunk.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        joined = "\n"
        if not _BLOCK_BEFORE.search(out[-1]) and not _BLOCK_AFTER.match(line):
            joined = "<br>\n"
        out.append(joined + line)
    return "".join(out)


def _shortcodes(text: str, gallery: GalleryResolver, unmapped: list[str]) -> str:
    def caption(match: re.Match) -> str:
        attrs = shortcode_attrs(match.group(1))
        inner = match.group(2)
        soup = BeautifulSoup(inner, "html.parser")
        image = soup.find("img")
        if image is None:
            return inner
        (image.find_parent("a") or image).extract()
        text = attrs.get("caption") or text_of(soup)
        return f"<figure>{image}<figcaption>{html.escape(text)}</figcaption></figure>"

    def gallery_tag(match: re.Match) -> str:
        attrs = shortcode_attrs(match.group(1))
        ids = [
            int(i)
            for i in re.findall(r"\d+", attrs.get("ids", attrs.get("include", "")))
        ]
        found = gallery(ids)
        if not found:
            unmapped.append("[gallery] tanpa gambar")
            return ""
        tags = []
        for i, src, alt in found:
            src, alt = html.escape(src), html.escape(alt)
            tags.append(f'<img class="wp-image-{i}" src="{src}" alt="{alt}">')
        return "".join(tags)

    text = _CAPTION.sub(caption, text)
    text = _GALLERY.sub(gallery_tag, text)
    text = _EMBED_SC.sub(
        lambda m: (
            f'<figure class="wp-block-embed">{html.escape(m.group(1).strip())}</figure>'
        ),
        text,
    )
    for name in sorted(
        {m.group(2) for m in _SHORTCODE.finditer(text) if m.group(3) or m.group(1)}
    ):
        unmapped.append(f"shortcode [{name}] (disimpan sebagai teks)")
    return text


def convert(
    content: str,
    *,
    resolve_image: ImageResolver,
    gallery: GalleryResolver = lambda ids: [(i, "", "") for i in ids],
) -> Converted:
    """``content`` as StreamField raw data (``[{"type": ..., "value": ...}]``)."""
    result = Converted()
    if not content.strip():
        return result
    is_blocks = "<!-- wp:" in content
    text = _WP_COMMENT.sub("", content)
    text = _shortcodes(text, gallery, result.unmapped)
    if not is_blocks and "<p" not in text.lower():
        text = autop(text)
    else:
        text = _URL_LINE.sub(
            lambda m: f'<figure class="wp-block-embed">{m.group(1)}</figure>', text
        )
    soup = BeautifulSoup(text, "html.parser")
    _Walker(result, resolve_image).walk(soup)
    result.blocks = _merge_paragraphs(result.blocks)
    return result


def _merge_paragraphs(blocks: list[dict]) -> list[dict]:
    """Neighbouring paragraphs as one cleaned rich-text block, as an editor would."""
    merged: list[dict] = []
    for block in blocks:
        if (
            block["type"] == "paragraph"
            and merged
            and merged[-1]["type"] == "paragraph"
        ):
            merged[-1] = {
                "type": "paragraph",
                "value": merged[-1]["value"] + "\n" + block["value"],
            }
        else:
            merged.append(block)
    cleaned = []
    for block in merged:
        if block["type"] == "paragraph":
            value = clean_paragraph(block["value"])
            if not value:
                continue
            block = {"type": "paragraph", "value": value}
        cleaned.append(block)
    return cleaned


class _Walker:
    def __init__(self, result: Converted, resolve_image: ImageResolver) -> None:
        self.result = result
        self.resolve_image = resolve_image
        self.buffer: list[str] = []
        # Whether the buffer holds any text, known as it fills (parsing the joined
        # markup again to ask cost a fifth of a conversion).
        self.buffer_has_text = False

    # Output

    def flush(self) -> None:
        markup = "".join(self.buffer)
        has_text = self.buffer_has_text
        self.buffer, self.buffer_has_text = [], False
        if not has_text:
            return
        self.paragraph(
            markup if markup.lstrip().startswith("<") else f"<p>{markup}</p>"
        )

    def paragraph(self, markup: str) -> None:
        """Raw markup, cleaned once per run of paragraphs by :func:`convert`."""
        names = {name.lower() for name in _TAG_NAME.findall(markup)}
        for name in sorted(names - PARAGRAPH_TAGS - _HARMLESS):
            self.result.unmapped.append(f"<{name}> (format dihapus, teks disimpan)")
        if not _WRAPPED.match(markup):
            markup = f"<p>{markup}</p>"
        self.result.blocks.append({"type": "paragraph", "value": markup})

    def as_text(self, node: Tag, what: str) -> None:
        self.flush()
        self.result.unmapped.append(what)
        text = text_of(node)
        if text:
            paragraphs = [html.escape(p.strip()) for p in text.split("\n") if p.strip()]
            self.paragraph("<p>" + "<br>".join(paragraphs) + "</p>")

    def image(self, img: Tag, caption: str = "") -> None:
        self.flush()
        classes = " ".join(img.get("class") or [])
        match = _WP_IMAGE_CLASS.search(classes)
        attachment_id = int(match.group(1)) if match else 0
        src = img.get("src") or ""
        alt = (img.get("alt") or "").strip()
        resolved = self.resolve_image(src, attachment_id)
        if resolved is None:
            label = (
                alt or caption or src.rsplit("/", 1)[-1] or f"lampiran {attachment_id}"
            )
            self.result.missing_images.append(src or f"lampiran {attachment_id}")
            self.result.unmapped.append("gambar tanpa berkas (disimpan sebagai tautan)")
            link = (
                f'<a href="{html.escape(src)}">{html.escape(label)}</a>'
                if src.startswith(("http://", "https://"))
                else html.escape(label)
            )
            extra = f" – {html.escape(caption)}" if caption and caption != label else ""
            self.paragraph(f"<p>{link}{extra}</p>")
            return
        self.result.blocks.append(
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": resolved.image_id,
                        "alt_text": (alt or resolved.alt)[:255],
                        "decorative": False,
                    },
                    "caption": (caption or resolved.caption)[:255],
                    "credit": "",
                },
            }
        )

    def embed(self, url: str, node: Tag | None) -> None:
        self.flush()
        if url.startswith(("http://", "https://")):
            self.result.blocks.append({"type": "embed", "value": url})
        elif node is not None:
            self.as_text(node, f"<{node.name}> tanpa URL (disimpan sebagai teks)")

    def quote(self, node: Tag) -> None:
        self.flush()
        cite = node.find(["cite", "footer"])
        attribution = text_of(cite.extract()) if cite else ""
        text = text_of(node)
        if text:
            self.result.blocks.append(
                {
                    "type": "quote",
                    "value": {"quote": text, "attribution": attribution[:255]},
                }
            )

    # Walking

    def walk(self, parent: Tag) -> None:
        for node in list(parent.children):
            self.visit(node)
        self.flush()

    def visit(self, node) -> None:
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            self.buffer.append(html.escape(str(node), quote=False))
            self.buffer_has_text = self.buffer_has_text or bool(node.strip())
            return
        name = node.name
        if name in _REMOVED:
            self.flush()
            self.result.unmapped.append(f"<{name}> (dihapus: kode)")
            return
        if name == "img":
            self.image(node)
        elif name == "p" and any(
            isinstance(child, Tag) and child.name in _BLOCK_INSIDE_P
            for child in node.children
        ):
            self.flush()
            for child in list(node.children):
                self.visit(child)
            self.flush()
        elif name in _BLOCK_TEXT:
            self.block_text(node)
        elif name == "blockquote":
            self.quote(node)
        elif name in _EMBEDS:
            source = node.get("src") or node.get("data") or ""
            if not source and (inner := node.find("source")):
                source = inner.get("src") or ""
            self.embed(source, node)
        elif name == "figure":
            self.figure(node)
        elif name in _WRAPPERS:
            self.flush()
            for child in list(node.children):
                self.visit(child)
            self.flush()
        elif name in _AS_TEXT:
            self.as_text(node, f"<{name}> (disimpan sebagai teks)")
        elif name == "a" and node.find("img") and not text_of(node):
            for img in node.find_all("img"):
                self.image(img)
        else:
            self.buffer.append(str(node))
            self.buffer_has_text = self.buffer_has_text or bool(node.get_text().strip())

    def block_text(self, node: Tag) -> None:
        self.flush()
        images = _tags(node, {"img"})
        for img in images:
            anchor = img.parent
            if anchor is not node and anchor.name == "a" and not text_of(anchor):
                anchor.extract()
            else:
                img.extract()
            self.image(img)
        for child in _tags(node, {"table", "pre", "iframe", "blockquote"}):
            self.as_text(child.extract(), f"<{child.name}> (disimpan sebagai teks)")
        if text_of(node):
            self.paragraph(str(node))

    def figure(self, node: Tag) -> None:
        self.flush()
        caption_tag = node.find("figcaption")
        caption = text_of(caption_tag.extract()) if caption_tag else ""
        classes = " ".join(node.get("class") or [])
        if "wp-block-embed" in classes or "embed" in classes:
            frame = node.find(_EMBEDS)
            url = frame.get("src", "") if frame else text_of(node)
            self.embed(url.strip(), node)
            return
        images = node.find_all("img")
        if images:
            for img in images:
                self.image(img, caption if len(images) == 1 else "")
            if len(images) > 1 and caption:
                self.paragraph(f"<p>{html.escape(caption)}</p>")
            return
        if quote := node.find("blockquote"):
            self.quote(quote)
            return
        if frame := node.find(_EMBEDS):
            self.embed(frame.get("src", ""), frame)
            return
        for child in list(node.children):
            self.visit(child)
        if caption:
            self.buffer.append(f"<p>{html.escape(caption)}</p>")
            self.buffer_has_text = True
        self.flush()
