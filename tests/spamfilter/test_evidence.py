"""Links and pasted technical text alone do not bin a comment
(``spamfilter.evidence``, ``comments.policy.filter_status``)."""

import pytest

import spamfilter
from spamfilter.evidence import content_record, is_technical, words_only

# Genuine comments the model binned in the stream benchmark (news_comments_en,
# held-out test split): a reader's sources, and a pasted error log.
LINK_LIST = (
    "Unfortunately, they are true in the below links. http: //www.bbc.co.uk/news/"
    "world-us-canada-12101647http: //www.cbc.ca/news/canada/toronto/burkas-worn-"
    "by-robbers-in-500k-toronto-jewelry-store-heist-1.2840489"
)
STACK_TRACE = (
    'Hey guys, Installed 1.1.1 and upon clicking the "Hooks" button, I get the '
    "following error: [code]Processing HooksController#index (for 192.168.1.85 "
    "at 2007-10-15 11:08:32) [GET] Session ID: BAh7BiIKZmxhc2hJQzonQWN0aW9uQ29"
    "udHJvbGxlcjo6Rmxhc2g6OkZsYXNo%0ASGFzaHsABjoKQHVzZWR7AA%3D%3D--fbec10b5ed11e7"
    ' Parameters: {"action"=>"index"} lib/warehouse/hooks/base.rb:12:in '
    "`initialize' app/views/hooks/_hook.html.erb:2:in `_run_erb' Any ideas?"
)


def test_a_link_list_keeps_only_the_readers_words():
    assert words_only(LINK_LIST) == (
        "Unfortunately, they are true in the below links.",
        2,
    )


def test_a_pasted_log_keeps_only_the_readers_words():
    text, removed = words_only(STACK_TRACE)
    assert removed >= 8
    for piece in ("1.1.1", "192.168.1.85", "HooksController#index", "BAh7", "`"):
        assert piece not in text
    assert text.startswith("Hey guys, Installed and upon clicking the")
    assert text.endswith("Any ideas?")


@pytest.mark.parametrize(
    "chunk",
    [
        "2007-10-15",
        "11:08:32",
        "v2.1.0",
        "Foo::Bar",
        "a/b/c",
        "fbec10b5ed11e70564577",
        'href="',
        "<img",
        "${serverUrl}/tickets/",
    ],
)
def test_technical_pieces(chunk):
    assert is_technical(chunk) or is_technical(chunk.lstrip("v"))


@pytest.mark.parametrize(
    "chunk",
    [
        "Palopo",
        "e-KTP",
        "ribu,",
        ":)",
        "LESTI77",
        "dan/atau",
        "Rp100.000",
        # judi online's brands stay evidence: they are what bins it
        "7.7/7",
        "Pulau7/7/7,",
        "MantappGarudahoki,2hari",
        "Terimakasih🔥VISI4D🔥,",
        "𝐀𝐸𝐑𝐎𝟴8menyediakan",
        "diP͟͟U͟͟L͟͟A͟͟U͟͟W͟͟I͟͟N͟͟?",
        "[̲̅P][̲̅U][̲̅L][̲̅A][̲̅U][̲̅7][̲̅7][̲̅7]",
    ],
)
def test_words_brands_and_amounts_are_not_technical(chunk):
    assert not is_technical(chunk)


def test_a_comment_of_words_alone_has_no_second_look():
    assert content_record({"text": "Semoga jalan desa cepat diperbaiki"}) is None
    reduced = content_record({"text": "Mantap", "website": "https://x.example"})
    assert reduced == {"text": "Mantap", "website": ""}


def test_the_verdict_carries_the_probability_of_the_words_alone(active_model):
    verdict = spamfilter.score(LINK_LIST)
    if verdict.probability >= min(verdict.hold_threshold, verdict.spam_threshold):
        assert verdict.content_probability is not None
        assert verdict.content_probability < verdict.probability
    plain = spamfilter.score("Semoga jalan desa cepat diperbaiki pak")
    assert plain.content_probability is None


def test_a_failing_second_look_says_the_words_alone_are_not_spam(
    active_model, monkeypatch, caplog
):
    import spamfilter.evidence

    def broken(scorer, record):
        raise ValueError("broken")

    monkeypatch.setattr(spamfilter.evidence, "content_probability", broken)
    verdict = spamfilter.score(
        "Slot gacor hari ini di ZORO88 maxwin terus, depo 10rb langsung wd "
        "https://zoro88.xyz"
    )

    assert verdict.probability >= verdict.spam_threshold, verdict
    assert verdict.content_probability == 0.0  # held, never binned
    assert "Second look" in caplog.text


def test_judol_with_a_link_is_still_spam_in_its_words(active_model):
    verdict = spamfilter.score(
        "Slot gacor hari ini di ZORO88 maxwin terus, depo 10rb langsung wd "
        "https://zoro88.xyz"
    )
    assert verdict.probability >= verdict.spam_threshold, verdict
    assert verdict.content_probability >= verdict.spam_threshold, verdict
