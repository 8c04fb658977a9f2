"""StreamField blocks of a press release body, each with its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class LabelledImageBlock(ImageBlock):
    """Wagtail's ImageBlock with a translated label on its image chooser.

    ImageBlock builds its chooser without a label, so the editor showed the
    child's name, "Image", untranslated.
    """

    def __init__(self, required: bool = True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Gambar")


class CaptionedImageBlock(blocks.StructBlock):
    # ImageBlock demands alt text unless the editor marks the image decorative.
    image = LabelledImageBlock(label=_("Gambar"))
    caption = blocks.CharBlock(required=False, label=_("Keterangan"))
    credit = blocks.CharBlock(required=False, label=_("Kredit foto"))

    class Meta:
        icon = "image"
        label = _("Gambar")
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Kutipan"))
    attribution = blocks.CharBlock(required=False, label=_("Sumber"))

    class Meta:
        icon = "openquote"
        label = _("Kutipan")
        template = "news/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokumen"))
    title = blocks.CharBlock(required=False, label=_("Judul tautan"))

    class Meta:
        icon = "doc-full"
        label = _("Tautan dokumen")
        template = "news/blocks/document.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h2", "h3"],
        label=_("Paragraf"),
        template="news/blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Sematan (video/media)"), template="news/blocks/embed.html"
    )
    document = DocumentLinkBlock()
