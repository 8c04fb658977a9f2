"""WordPress post content -> StreamField data, and the WXR stream reader."""

from __future__ import annotations

import io

import bleach
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wordpress import content, wxr


def _none(src: str, attachment_id: int):
    return None


def _image_7(src: str, attachment_id: int):
    if attachment_id == 7 or src.endswith("foto.jpg"):
        return content.ResolvedImage(image_id=70, alt="Alt lampiran", caption="Ket")
    return None


def test_classic_text_becomes_paragraphs_with_line_breaks():
    result = content.convert(
        "Satu\nbaris dua.\n\nParagraf <strong>kedua</strong>.", resolve_image=_none
    )
    assert result.blocks == [
        {
            "type": "paragraph",
            "value": "<p>Satu<br>\nbaris dua.</p>\n<p>Paragraf <b>kedua</b>.</p>",
        }
    ]
    assert result.unmapped == []


def test_block_editor_markup_loses_its_comments_and_keeps_headings_lists_quotes():
    markup = (
        '<!-- wp:heading {"level":1} --><h1>Judul</h1><!-- /wp:heading -->\n'
        "<!-- wp:list --><ul><li>satu</li><li><em>dua</em></li></ul><!-- /wp:list -->\n"
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Kutipan.</p>'
        "<cite>Camat</cite></blockquote><!-- /wp:quote -->\n"
        '<!-- wp:embed {"url":"https://youtu.be/x"} --><figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">\nhttps://youtu.be/x\n</div></figure>'
        "<!-- /wp:embed -->"
    )
    result = content.convert(markup, resolve_image=_none)
    assert result.blocks == [
        {
            "type": "paragraph",
            "value": "<h2>Judul</h2>\n<ul><li>satu</li><li><i>dua</i></li></ul>",
        },
        {"type": "quote", "value": {"quote": "Kutipan.", "attribution": "Camat"}},
        {"type": "embed", "value": "https://youtu.be/x"},
    ]


def test_image_block_and_caption_shortcode_become_image_blocks():
    markup = (
        '<!-- wp:image {"id":7} --><figure class="wp-block-image"><img src="x.jpg" '
        'alt="Rapat" class="wp-image-7"/><figcaption>Rapat pleno</figcaption></figure>'
        "<!-- /wp:image -->"
        '[caption id="attachment_8"]<img src="https://s/wp-content/uploads/foto.jpg"> '
        "Keterangan[/caption]"
    )
    result = content.convert(markup, resolve_image=_image_7)
    images = [b["value"] for b in result.blocks if b["type"] == "image"]
    assert [
        (i["image"]["image"], i["image"]["alt_text"], i["caption"]) for i in images
    ] == [
        (70, "Rapat", "Rapat pleno"),
        (70, "Alt lampiran", "Keterangan"),
    ]


def test_gallery_of_missing_files_is_kept_as_text_and_listed():
    result = content.convert('[gallery ids="3,4"]', resolve_image=_none)
    assert [b["type"] for b in result.blocks] == ["paragraph"]
    assert "lampiran 3" in result.blocks[0]["value"]
    assert result.unmapped.count("gambar tanpa berkas (disimpan sebagai tautan)") == 2


def test_what_has_no_block_is_kept_as_text_and_named():
    markup = (
        "<p>Lihat <code>x = 1</code> dan <u>ini</u>.</p>"
        "<table><tr><td>A</td><td>B</td></tr></table>"
        '[contact-form id="3"]<script>alert(1)</script>'
    )
    result = content.convert(markup, resolve_image=_none)
    text = " ".join(b["value"] for b in result.blocks)
    assert "x = 1" in text and "ini" in text and "A<br>B" in text
    assert "alert" not in text and "<script" not in text
    assert '[contact-form id="3"]' in text
    assert sorted(result.unmapped) == [
        "<code> (format dihapus, teks disimpan)",
        "<script> (dihapus: kode)",
        "<table> (disimpan sebagai teks)",
        "<u> (format dihapus, teks disimpan)",
        "shortcode [contact-form] (disimpan sebagai teks)",
    ]


def test_links_keep_only_safe_addresses():
    result = content.convert(
        '<p><a href="javascript:alert(1)" onclick="x">klik</a> '
        '<a href="https://palopokota.go.id" style="color:red">situs</a></p>',
        resolve_image=_none,
    )
    assert result.blocks[0]["value"] == (
        '<p><a>klik</a> <a href="https://palopokota.go.id">situs</a></p>'
    )


def test_the_reader_hands_out_records_with_their_lines():
    export = b"""<?xml version="1.0"?>
<rss xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
<title>T</title>
<wp:wxr_version>1.1</wp:wxr_version>
<wp:author><wp:author_login>a</wp:author_login></wp:author>
<item><title>P</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>9</wp:comment_id></wp:comment>
</item>
<item><title>no id</title></item>
</channel></rss>"""
    records = list(wxr.read(io.BytesIO(export)))
    kinds = [type(r).__name__ for r in records]
    assert kinds == ["Channel", "Author", "Item", "Problem"]
    assert records[0].wxr_version == "1.1" and records[0].version_line == 5
    assert records[1].line == 6
    assert (records[2].line, records[2].comments[0].line) == (7, 8)
    assert records[3].line == 10


def test_the_reader_keeps_memory_flat_on_a_long_export():
    import tracemalloc

    item = (
        b"<item><title>x</title><wp:post_id>%d</wp:post_id>"
        b"<content:encoded>" + b"teks " * 400 + b"</content:encoded></item>\n"
    )
    head = (
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        b'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        b"<wp:wxr_version>1.2</wp:wxr_version>"
    )
    body = b"".join(item % i for i in range(1, 5001))
    stream = io.BytesIO(head + body + b"</channel></rss>")
    tracemalloc.start()
    count = sum(1 for r in wxr.read(stream) if isinstance(r, wxr.Item))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 5000
    # The export is ~10 MB; the reader holds a chunk and one item at a time.
    assert peak < 2_000_000, peak


def _bleached(markup: str) -> str:
    """What clean_paragraph gave before its fast path: bleach on every paragraph."""
    cleaned = bleach.clean(
        markup,
        tags=content.PARAGRAPH_TAGS,
        attributes={"a": ["href"]},
        protocols=["http", "https", "mailto"],
        strip=True,
        strip_comments=True,
    )
    return content._EMPTY_P.sub("", cleaned).strip()


_PIECES = st.sampled_from(
    ["<p>", "</p>", "<h2>", "</h2>", "<h3>", "</h3>", "<b>", "</b>", "<i>", "</i>"]
    + ["<br>", "<br/>", "<ul>", "<li>", "</li>", "</ul>", '<p class="x">', "<span>"]
    + ["&amp;", "&lt;", "&gt;", "&nbsp;", "&", "<", ">", "\r\n", "\n", " ", "\x01"]
    + ["Bupati", "meresmikan", "jalan", "’", "\xa0", '"', "'", "<!-- c -->"]
)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>a<p>b</p>c</p>",
        "<b><p>x</p></b>",
        "<p>a<h2>b</h2></p>",
        "<b><i>x</b></i>",
        "<p>a</b></p>",
        "<p>x",
        "a &gt; b &lt; c &amp; d > e",
    ],
)
def test_clean_paragraph_misnested_as_bleach(markup: str) -> None:
    assert content.clean_paragraph(markup) == _bleached(markup)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_clean_paragraph_fast_path_matches_bleach(markup: str) -> None:
    assert content.clean_paragraph(markup) == _bleached(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Bupati <b>meresmikan</b> jalan<br>baru &amp; jembatan</p>\n<h2>Judul</h2>",
        "<p>satu <b><i>dua</i></b></p><p>tiga</p>",
    ],
)
def test_clean_paragraph_fast_path_taken(markup: str) -> None:
    assert content._already_clean(markup)
    assert content.clean_paragraph(markup) == _bleached(markup) == markup
