"""The word-by-word difference of revised Swedish text, as the comparison page shows it."""

from __future__ import annotations

import pytest

from consultation.drafts.word_diff import Op, Piece, changed_pieces, diff_words

OLD = (
    "Regionen ska verka för att kompetensförsörjningen stärks i hela länet, särskilt inom vård och omsorg. "
    "Samverkan mellan kommuner, lärosäten och näringsliv är avgörande."
)
NEW = (
    "Regionen ska aktivt verka för att kompetensförsörjningen stärks i alla delar av länet, särskilt inom "
    "vård, omsorg och industrin. Samverkan mellan kommunerna, lärosätena och näringslivet är avgörande "
    "för en hållbar utveckling."
)


def _old(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op is not Op.INSERT)


def _new(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op is not Op.DELETE)


def test_a_revised_paragraph_reads_as_whole_word_insertions_and_deletions():
    pieces = diff_words(OLD, NEW)

    assert _old(pieces) == OLD and _new(pieces) == NEW
    inserted = [p.text for p in pieces if p.op is Op.INSERT]
    deleted = [p.text for p in pieces if p.op is Op.DELETE]
    assert " aktivt" in inserted
    assert "hela" in deleted and "alla delar av" in inserted
    assert " för en hållbar utveckling" in inserted
    # "kommuner" → "kommunerna" is a changed word, never "kommuner" + an inserted "na".
    assert all(not p.text.startswith("na") for p in pieces)
    assert "kommuner, lärosäten och näringsliv" in deleted


def test_a_short_word_between_two_changes_is_taken_into_one_change():
    pieces = diff_words("vård och omsorg.", "vård, omsorg och industrin.")

    assert pieces == [
        Piece(Op.EQUAL, "vård"),
        Piece(Op.DELETE, " och omsorg"),
        Piece(Op.INSERT, ", omsorg och industrin"),
        Piece(Op.EQUAL, "."),
    ]
    assert changed_pieces(pieces) == 2


def test_å_ä_ö_are_letters_of_a_word():
    pieces = diff_words("Åtgärder för älvdalens öar", "Åtgärderna för älvdalens öar")

    assert pieces[0] == Piece(Op.DELETE, "Åtgärder")
    assert pieces[1] == Piece(Op.INSERT, "Åtgärderna")
    assert pieces[2] == Piece(Op.EQUAL, " för älvdalens öar")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", []),
        ("Samma text.", "Samma text.", [Piece(Op.EQUAL, "Samma text.")]),
        ("", "Ny text.", [Piece(Op.INSERT, "Ny text.")]),
        ("Gammal text.", "", [Piece(Op.DELETE, "Gammal text.")]),
    ],
)
def test_unchanged_new_and_removed_texts(old, new, expected):
    assert diff_words(old, new) == expected


def test_markup_in_the_text_is_compared_as_text():
    pieces = diff_words("Se <b>punkt</b> 3.", "Se <script>punkt</script> 3.")

    assert _new(pieces) == "Se <script>punkt</script> 3."
    assert any(p.op is Op.INSERT and "script" in p.text for p in pieces)
