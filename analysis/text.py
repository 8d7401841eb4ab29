"""Language detection and lemmatising with spaCy's blank pipelines and lookup lemmatisers.

Only the tokenizer and the lookup lemmatizer are used, so preprocessing is fast and
needs no trained model: `spacy.blank(lang)` with tables from spacy-lookups-data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache

log = logging.getLogger(__name__)

SUPPORTED = ("sv", "en", "de")

# Consultation boilerplate: phrases that say who is speaking or how, not what about.
DOMAIN_STOP = {
    "sv": {
        "kommun",
        "kommunen",
        "kommunstyrelse",
        "region",
        "regionen",
        "förslag",
        "förslaget",
        "remiss",
        "remissvar",
        "synpunkt",
        "synpunkter",
        "anse",
        "tillstyrka",
        "avstyrka",
        "framhålla",
        "vilja",
        "lämna",
        "följande",
        "strategi",
        "strategin",
        "utvecklingsstrategi",
        "avsnitt",
        "myndighet",
        "förening",
        "vår",
        "även",
        "bör",
        "behöva",
        "viktig",
        "bra",
        "se",
        "ge",
        "ta",
        "ställa",
        "sammanfattningsvis",
        "inledningsvis",
        "välkomna",
        "instämma",
        "delvis",
        "särskilt",
        "understryka",
        "betona",
        "erfarenhet",
        "tack",
        "hej",
        "hoppas",
        "tycka",
        "vänlig",
        "hälsning",
    },
    "en": {"strategy", "proposal", "region", "comment", "please", "think", "would", "also", "need", "important"},
    "de": {"bitte", "sollte", "gibt", "wäre", "bonn", "stadt", "straße", "strasse"},
}

# Kept out of theme labels only: lemmas of function words whose written forms spaCy lists as
# stop words but whose lemmas it does not ("borde" -> "böra"), and words nearly every
# consultation text uses. Clustering still sees them: removing them there measured worse
# (SIB sv/en mixed, k = 7: V 0.44 with them, 0.42 without).
LABEL_STOP = {
    "sv": {
        "böra",
        "skola",
        "denna",
        "sådan",
        "år",
        "sätt",
        "fråga",
        "del",
        "finnas",
        "göra",
        "kunna",
        "måste",
        "behov",
        "gälla",
    },
    "en": {"should", "must", "could", "year"},
    "de": {"müssen", "sollen", "können", "jahr"},
}

BOILERPLATE = re.compile(
    r"^(kommunen|kommunstyrelsen|regionen|myndigheten|vi|jag|föreningen|lärosätet|forskningen)\b.{0,80}"
    r"\b(tillstyrker|avstyrker|ställer sig bakom|har behandlat|lämnar följande|vill lämna|vill bidra|välkomnar|delar i huvudsak|"
    r"har inget att invända|vill lyfta|vill säga|ser fram emot|bidrar gärna|medverkar gärna)\b"
    r"|^(tack för|hoppas att|med vänlig|hej[!.]?$)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@cache
def stop_words(lang: str) -> frozenset[str]:
    import importlib

    try:
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        words = set(module.STOP_WORDS)
    except ImportError:
        words = set()
    return frozenset(words | DOMAIN_STOP.get(lang, set()))


def detect_language(text: str) -> str:
    """The supported language whose stop words the text uses most; Swedish when undecided."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return "sv"
    scores = {lang: sum(w in stop_words(lang) for w in words) for lang in SUPPORTED}
    best = max(SUPPORTED, key=lambda lang: (scores[lang], lang == "sv"))
    return best if scores[best] > 0 else "sv"


@cache
def pipeline(lang: str):
    """spaCy's blank pipeline with the lookup lemmatizer, loaded once per language."""
    import spacy

    nlp = spacy.blank(lang)
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception as error:  # no lookup tables for this language: tokens stay as they are
        log.warning("No lookup lemmatizer for %s (%s); using lower-cased tokens.", lang, error)
        nlp = spacy.blank(lang)
    nlp.max_length = 2_000_000
    return nlp


@cache
def headwords(lang: str) -> frozenset[str]:
    """Every base form the lookup table maps some word to (for Swedish: ~93,000 words)."""
    try:
        table = pipeline(lang).get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):
        return frozenset()
    return frozenset(table.values())


def base_form(word: str, lemma: str, lang: str) -> str:
    """The lookup lemma, except where it turns a Swedish noun into a verb.

    The table has one entry per written form, so a form that is both a noun and a verb
    stem gets the verb: "buss" -> "bussa", "företag" -> "företa". A word that is itself the
    base form of other words ("bussen" -> "buss") is taken as that base form instead.
    """
    if lang == "sv" and lemma != word and lemma.endswith("a") and word in headwords(lang):
        return word
    return lemma


def label_words(processed: Processed) -> tuple[list[str], list[str], list[bool]]:
    """The lemmas that may name a theme, with their written forms and adjacency: no verbs or adverbs."""
    from .wordclass import may_name  # it reads this module's pipelines

    stops = LABEL_STOP.get(processed.lang, set())
    lemmas, forms, follows = [], [], []
    gap = False
    for lemma, form, follow in zip(processed.lemmas, processed.forms, processed.follows, strict=True):
        lemma = base_form(form, lemma, processed.lang)
        if lemma in stops or not may_name(form, processed.lang):
            gap = True
            continue
        lemmas.append(lemma)
        forms.append(form)
        follows.append(follow and not gap)
        gap = False
    return lemmas, forms, follows


@dataclass
class Processed:
    lang: str
    lemmas: list[str]  # content lemmas, stop words removed
    content_text: str  # the text without boilerplate sentences, for embedding
    forms: list[str] = field(default_factory=list)  # the word as written (lower case), one per lemma
    # True where the word directly follows the previous kept word in the text: only such
    # pairs make bigrams ("unga och äldre" gives no "unga äldre").
    follows: list[bool] = field(default_factory=list)


def drop_boilerplate(text: str) -> str:
    sentences = [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]
    kept = [s for s in sentences if not BOILERPLATE.search(s)]
    return " ".join(kept) if kept else text.strip()


def preprocess(texts: list[str], langs: list[str | None]) -> list[Processed]:
    """Detect language where missing, drop boilerplate, lemmatise in batches per language."""
    resolved = [lang if lang in SUPPORTED else detect_language(t) for t, lang in zip(texts, langs, strict=True)]
    content = [drop_boilerplate(t) for t in texts]
    lemmas: list[list[str]] = [[] for _ in texts]
    forms: list[list[str]] = [[] for _ in texts]
    adjacent: list[list[bool]] = [[] for _ in texts]
    for lang in SUPPORTED:
        indices = [i for i, code in enumerate(resolved) if code == lang]
        if not indices:
            continue
        nlp = pipeline(lang)
        stops = stop_words(lang)
        # Lower-case before lookup (Swedish and English tables are lower-case); German
        # nouns are capitalised in its table, so German keeps its case until after lookup.
        batch = (content[i] if lang == "de" else content[i].lower() for i in indices)
        for index, doc in zip(indices, nlp.pipe(batch, batch_size=256), strict=True):
            words, written, follows = [], [], []
            previous_kept = False
            for token in doc:
                lemma = (token.lemma_ or token.text).lower()
                if (
                    not token.is_alpha
                    or len(token.text) < 2
                    or lemma in stops
                    or token.text.lower() in stops
                    or len(lemma) < 2
                ):
                    previous_kept = False
                    continue
                words.append(lemma)
                written.append(token.text.lower())
                follows.append(previous_kept)
                previous_kept = True
            lemmas[index], forms[index], adjacent[index] = words, written, follows
    return [
        Processed(lang, words, text, written, follows)
        for lang, words, text, written, follows in zip(resolved, lemmas, content, forms, adjacent, strict=True)
    ]
