"""A theme's summary: two or three of its own sentences, central and unlike each other."""

from __future__ import annotations

import numpy as np

from analysis import Item, analyse
from analysis.summary import central_and_different, split_sentences, theme_summary

from . import corpus as c


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_sentences_split_at_full_stops_before_a_capital_but_not_inside_numbers_or_abbreviations():
    text = "Kommunen tillstyrker. Turtätheten bör öka till 2,5 turer i timmen t.ex. på linje 12! Vad händer då?"
    assert split_sentences(text) == [
        "Kommunen tillstyrker.",
        "Turtätheten bör öka till 2,5 turer i timmen t.ex. på linje 12!",
        "Vad händer då?",
    ]


def test_the_most_central_comes_first_and_a_near_copy_of_it_is_passed_over():
    vectors = np.vstack(
        [
            unit(1, 0.3, 0.1),  # the most central
            unit(1, 0.32, 0.12),  # nearly the same as the first
            unit(1, -0.2, 0.2),  # a little less central, and each says something else
            unit(1, 0.3, -0.5),
        ]
    )
    centre = unit(*vectors.mean(axis=0))
    first, second, third = central_and_different(vectors, centre, 3)
    assert first == 0
    assert {second, third} == {2, 3}


def test_summary_takes_the_sentence_with_the_themes_words_not_the_senders_introduction():
    texts = [
        "Ulvsjö kommun har tagit del av remissen. Kollektivtrafiken med buss behöver fler turer till Björkvik.",
        "Hej! Jag pendlar med buss varje dag och bussen är ofta full.",
    ]
    vectors = np.vstack([unit(1, 0.1), unit(0.9, 0.3)])
    summary = theme_summary(texts, vectors, unit(1, 0.15), ["kollektivtrafik", "buss", "turer"])
    assert summary == [
        "Kollektivtrafiken med buss behöver fler turer till Björkvik.",
        "Jag pendlar med buss varje dag och bussen är ofta full.",
    ]


def test_identical_sentences_from_two_texts_are_quoted_once():
    texts = ["Bygg fler cykelvägar.", "Bygg fler cykelvägar!", "Cykelvägen till skolan saknar belysning."]
    vectors = np.vstack([unit(1, 0), unit(1, 0.01), unit(0.7, 0.7)])
    summary = theme_summary(texts, vectors, unit(1, 0.2), ["cykelvägar"])
    assert len(summary) == 2
    assert summary[0].startswith("Bygg fler cykelvägar")
    assert summary[1] == "Cykelvägen till skolan saknar belysning."


def test_a_sentence_longer_than_a_summary_line_is_cut_at_a_word_and_marked():
    text = "Vi vill " + "att cykelvägarna ska byggas ut " * 20 + "nu."
    (line,) = theme_summary([text], unit(1, 0)[None, :], unit(1, 0), ["cykelvägarna"])
    assert line.endswith(" …") and len(line) <= 302
    assert text.startswith(line[:-2])


def test_every_theme_of_an_analysis_gets_two_or_three_of_its_own_sentences():
    items = [Item(id=i, text=t, source=s) for i, s, t in c.TRANSPORT + c.SKILLS + c.HOUSING + c.CLIMATE]
    result = analyse(items, n_themes=4, use_embeddings=False)
    text_of = {item.id: item.text for item in items}
    for theme in result.themes:
        assert 2 <= len(theme.summary) <= 3
        assert len(set(theme.summary)) == len(theme.summary)
        member_text = " ".join(" ".join(text_of[i].split()) for i in theme.item_ids)
        for sentence in theme.summary:
            assert sentence in member_text  # quoted from the theme's own texts, as written


def test_a_theme_of_one_short_text_is_summarised_by_that_text():
    result = analyse([Item(id="a", text="Mer cykelvägar.")], n_themes=1, use_embeddings=False)
    assert result.themes[0].summary == ["Mer cykelvägar."]
