"""The English-left net itself: what it must catch, and what it must let pass."""

from __future__ import annotations

from .english_left import _pattern, english_left


def test_a_two_letter_english_word_between_values_is_caught():
    # "05:20 by humas" was missed: its literal text is too short for the
    # message net and "by" too short for the word net.
    pattern = _pattern("%(time)s by %(user_display_name)s")
    assert pattern is not None
    assert pattern.fullmatch("05:20 by humas")
    assert not pattern.fullmatch("05:20 oleh humas")
    counted = _pattern(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"
    )
    assert counted.fullmatch("1-3 of 3 halaman")


def test_the_status_panel_and_the_listing_count_are_indonesian():
    assert english_left([("SPAN", "05:20 oleh humas")]) == []
    assert english_left([("SPAN", "3 jam yang lalu oleh Nur Ain")]) == []
    assert english_left([("SPAN", "1-3 dari 3 halaman")]) == []
