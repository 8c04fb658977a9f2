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


def test_the_status_panels_time_and_author_are_indonesian():
    assert english_left([("SPAN", "05:20 oleh humas")]) == []
    assert english_left([("SPAN", "3 jam yang lalu oleh Nur Ain")]) == []
