"""The bundled training corpora by name (files in ``spamfilter/data/``; sources
and licences in its README). No heavy imports: commands list the names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Corpus:
    file: str
    # Column whose values name spam templates (near-copies by construction).
    template_column: str = ""
    template_prefix: str = ""


CORPORA: dict[str, Corpus] = {
    "youtube_spam_collection_en": Corpus("youtube_spam_collection_en.csv"),
    "sms_spam_collection_en": Corpus("sms_spam_collection_en.csv"),
    "indonesian_sms_spam_id": Corpus("indonesian_sms_spam_id.csv"),
    "indonesian_youtube_judol_id": Corpus("indonesian_youtube_judol_id.csv"),
    "blog_spam_en": Corpus("blog_spam_en.csv", "group", "blogcom_"),
    "news_comments_en": Corpus("news_comments_en.csv"),
    "citizen_posts_id": Corpus("citizen_posts_id.csv"),
}
