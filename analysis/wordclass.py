"""Which words may be part of a theme's name: nouns and adjectives, not verbs, adverbs or function words.

spaCy's blank Swedish pipeline has no tagger, so the word class is guessed from the stop
lists, a list of prepositions and adverbs the stop list lacks, the lookup lemmatiser's
table read backwards (which forms a base form has) and suffix rules:

- a Swedish base form ending in -a whose forms include verb endings (-ar/-er, -ade/-de,
  -at/-it, -as/-s) and no noun endings (-an, -or, -orna, -ans) is a verb ("fånga", "driva",
  "redovisa"); a form of it is too ("efterfrågar", "redovisas", "kombinerat"). A form that is
  also a noun plural of a known base form stays a noun ("bussar" from "buss").
- a base form with the endings -t and -a among its forms ("stor", "stort", "stora") is an
  adjective: it may start a name but not end one ("Regional kollektivtrafik", not "Regionala").
- words ending in -ligen, -vis or -mässigt are adverbs.

`tests/analysis/test_names.py` measures it on a hand-checked list of verbs, adverbs and nouns.
"""

from __future__ import annotations

from functools import cache, lru_cache

from .text import pipeline, stop_words

# Prepositions, adverbs and conjunctions spaCy's stop lists lack, and remiss verbs whose
# forms the lookup table does not tell apart from nouns.
NOT_IN_NAMES = {
    "sv": set(
        [
            "längs",
            "trots",
            "kring",
            "runt",
            "samt",
            "via",
            "hos",
            "bortom",
            "gentemot",
            "jämte",
            "inklusive",
            "exklusive",
            "beträffande",
            "angående",
            "avseende",
            "gällande",
            "rörande",
            "särskilt",
            "främst",
            "framför",
            "främja",
            "öppet",
            "idag",
            "ofta",
            "gärna",
            "snarare",
            "ganska",
            "mycket",
            "mer",
            "mest",
            "mindre",
            "minst",
            "bättre",
            "redan",
            "fortfarande",
            "dessutom",
            "därmed",
            "därtill",
            "härmed",
            "hittills",
            "tidigt",
            "sent",
            "tydligt",
            "tydligare",
            "viktigt",
            "viktigare",
            "nödvändigt",
            "möjligt",
            "möjligheten",
            "exempel",
            "exempelvis",
            "bl.a",
            "t.ex",
            "efterfråga",
            "efterfrågar",
            "efterlysa",
            "efterlyser",
            "saknas",
            "saknar",
            "saknade",
            "föreslå",
            "föreslår",
            "föreslås",
            "anser",
            "anse",
            "tycker",
            "tycka",
            "önskar",
            "önska",
            "menar",
            "mena",
            "vill",
            "ska",
            "skulle",
            "kan",
            "kunde",
            "bör",
            "borde",
            "måste",
            "välkomnar",
            "välkomna",
            "tillstyrker",
            "avstyrker",
            "instämmer",
            "motsätter",
            "stödjer",
            "stöder",
            "lyfter",
            "lyfta",
            "ser",
            "behöver",
            "behövs",
            "gäller",
            "finns",
            "fanns",
            "blir",
            "bli",
            "får",
            "fått",
            "ges",
            "gör",
            "göra",
        ]
    ),
    "en": set(
        [
            "should",
            "would",
            "could",
            "must",
            "need",
            "needs",
            "want",
            "wants",
            "ask",
            "asks",
            "propose",
            "proposes",
            "proposed",
            "suggest",
            "suggests",
            "welcome",
            "welcomes",
            "support",
            "supports",
            "oppose",
            "opposes",
            "believe",
            "think",
            "ensure",
            "make",
            "made",
            "include",
            "includes",
            "also",
            "very",
            "more",
            "most",
            "less",
            "particularly",
            "especially",
            "already",
            "still",
            "really",
            "please",
            "lack",
            "lacks",
            "missing",
        ]
    ),
    "de": set(
        [
            "sollte",
            "sollten",
            "müsste",
            "könnte",
            "wäre",
            "gibt",
            "bitte",
            "mehr",
            "sehr",
            "auch",
            "schon",
            "noch",
            "immer",
        ]
    ),
}
# Allowed inside a name between two content words: "Bredband och mobiltäckning på landsbygden".
CONNECTORS = {
    "sv": {"och", "i", "på", "för", "inom", "av", "med", "till", "mellan"},
    "en": {"and", "in", "of", "for", "on", "to"},
    "de": {"und", "in", "im", "für", "von", "der", "des"},
}
_ADVERB_SUFFIXES = ("ligen", "vis", "mässigt")
_EN_ADVERB = "ly"


@cache
def _table(lang: str):
    """The lookup table (written form -> base form; keys are hashed, so it is asked, never listed)."""
    try:
        return pipeline(lang).get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):
        return {}


class _Forms:
    """ "Is this a form of that base form?", asked of the lookup table."""

    def __init__(self, table) -> None:
        self.table = table

    def lemma(self, word: str) -> str:
        return self.table.get(word, word)

    def has(self, form: str, lemma: str) -> bool:
        return self.table.get(form) == lemma

    def known(self, lemma: str) -> bool:
        """A base form some other form maps to ("buss": "bussen" and "bussar" map to it)."""
        return any(
            self.has(lemma + ending, lemma) for ending in ("en", "et", "n", "t", "ar", "er", "or", "s", "r", "a", "na")
        )


def _is_swedish_verb_base(lemma: str, forms: _Forms) -> bool:
    if not lemma.endswith("a"):
        return False
    stem = lemma[:-1]
    verb_forms = (
        lemma + "r",
        stem + "er",
        lemma + "de",
        stem + "de",
        lemma + "t",
        stem + "t",
        stem + "it",
        lemma + "s",
    )
    noun_forms = (stem + "or", stem + "orna", lemma + "n", lemma + "ns")
    verb = any(forms.has(f, lemma) for f in verb_forms)
    return verb and not any(forms.has(f, lemma) for f in noun_forms)


def _is_swedish_adjective_base(lemma: str, forms: _Forms) -> bool:
    if lemma.endswith("en"):  # öppen, öppet, öppna
        return forms.has(lemma[:-1] + "t", lemma) and forms.has(lemma[:-2] + "na", lemma)
    return forms.has(lemma + "t", lemma) and forms.has(lemma + "a", lemma)


def _swedish(word: str) -> str:
    forms = _Forms(_table("sv"))
    if word.endswith(_ADVERB_SUFFIXES):
        return "drop"
    lemma = forms.lemma(word)
    if _is_swedish_verb_base(lemma, forms):
        if not word.endswith("a") and forms.known(word):  # "buss" -> "bussa", yet "bussen" -> "buss"
            return "noun"
        # "bussar" -> "bussa" in the table, but "buss" is a base form: a noun plural, not a verb.
        for ending in ("ar", "er", "or", "en", "et", "n"):
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3 and forms.known(stem) and not stem.endswith("a"):
                return "noun"
        return "drop"
    if _is_swedish_adjective_base(lemma, forms):
        return "modifier"
    return "noun"


@lru_cache(maxsize=200_000)  # asked for every word of every text
def word_kind(word: str, lang: str) -> str:
    """ "noun" (may end a name), "modifier" (may start one), "connector" (only inside) or "drop"."""
    lowered = word.lower()
    if len(lowered) < 2 or not lowered.replace("-", "").isalpha():
        return "drop"
    if lowered in CONNECTORS.get(lang, ()):
        return "connector"
    if lowered in NOT_IN_NAMES.get(lang, ()) or lowered in stop_words(lang):
        return "drop"
    if lang == "sv":
        return _swedish(lowered)
    if lang == "en":
        if lowered.endswith(_EN_ADVERB) or lowered.endswith("ed"):
            return "drop"
        return "noun"
    if lang == "de":  # German nouns are written with a capital: the rest may only modify
        return "noun" if word[:1].isupper() else "modifier"
    return "noun"


def may_name(word: str, lang: str) -> bool:
    """True for a word that may stand in a theme's key terms (not a verb, adverb or function word)."""
    return word_kind(word, lang) in ("noun", "modifier")
