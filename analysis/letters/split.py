"""split_letter: the letter's paragraphs as excerpts, each boilerplate or a comment on a section.

A comment's section is scored over the draft's sections from three kinds of evidence, added up:
what its text explicitly refers to ("avsnitt 4.1", "kapitel 4", "målområde 2", "under rubriken
…"), the letter heading it sits under (matched to the draft's headings by lemmas, character
n-grams for Swedish compounds and e5 vectors, so "Freight transport" finds "Gods och logistik"),
and what the passage itself is about (e5 vectors and lemmas against each section's text). The
content term is strong enough that a paragraph arguing about 4.2 under a "4.4" heading goes to
4.2. Summaries, general remarks and remarks on what the draft lacks go to the whole document.
A paragraph whose later sentence names another section is split there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..types import EmbeddingCache
from . import boilerplate as bp
from .types import FOOTER, HEADER, HEADING, TABLE_HEADER, TABLE_ROW, Excerpt, Excerpts, Letter, Section, Span

COMMENT = "comment"
BOILERPLATE = "boilerplate"

# Weights of the evidence (z-scores over the sections; measured on the dev letters, bench/letters.py).
CONTENT = 1.0
LEXICAL = 0.5
HEADING_WEIGHT = 1.2
REFERENCE = 3.0
CHAPTER_REFERENCE = 1.5
HEADING_MATCH = 2.2
DISAGREE = 1.0  # the heading is no evidence when its section's content z-score is this far below the best …
CLEAR = 1.5  # … and the best reaches this  # a letter heading counts as naming a section when its z-score reaches this

WHOLE_HEADING = re.compile(
    r"^(\d+[.)]?\s*)?(sammanfattning|sammanfattande|allmänt|allmänna|övergripande|generella|inledande|inledning|"
    r"övriga synpunkter|summary|general|overall|introduction)\b",
    re.IGNORECASE,
)
WHOLE_CUE = re.compile(
    r"\b(som helhet|i sin helhet|i stort|överlag|genomgående|hela strategin|hela förslaget|alla målområden|"
    r"samtliga målområden|(tre|fyra|fem) målområden|(strategin|förslaget) (saknar|berör inte|nämner inte|tar inte upp)|"
    r"saknar ett (eget )?avsnitt|saknas helt|as a whole|overall|in general|throughout the (draft|strategy)|"
    r"the (draft|strategy) (lacks|does not mention)|svår att läsa|lätt att läsa)\b",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9”\"])")
UNITS = r"(%|procent|kr|kronor|miljon|miljard|mw|gw|kw|km|meter|mil|timm|minut|år\b|dagar|personer|invånare)"


@dataclass
class Piece:
    paragraph: int
    start: int
    end: int
    text: str
    kind: str = COMMENT
    section: str | None = None
    confidence: float = 0.5
    reason: str = ""


def _title(section: Section) -> str:
    """The heading without its number or a "Målområde 2:" prefix."""
    title = re.sub(r"^\s*\d+(\.\d+)*\s*", "", section.heading)
    return re.sub(r"^(målområde|mål|goal area)\s+\d+\s*[:.–-]\s*", "", title, flags=re.IGNORECASE).strip()


def _label(section: Section) -> str:
    return f"{section.number} {_title(section)}".strip()


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


class Draft:
    def __init__(self, sections: list[Section]):
        self.sections = sections
        self.index = {s.key: i for i, s in enumerate(sections)}
        self.goal_areas: dict[str, str] = {}
        for s in sections:
            match = re.search(r"\b(målområde|goal area)\s+(\d+)\b", s.heading, re.IGNORECASE)
            if match:
                self.goal_areas[match.group(2)] = s.key
        self.titles = [_norm(_title(s)) for s in sections]
        self.keys = [s.key for s in sections]
        chapters_with_parts = {s.chapter for s in sections if s.key != s.chapter}
        self.parents = np.array([s.key in chapters_with_parts for s in sections], dtype=bool)

    def refer(self, text: str) -> list[tuple[str, str]]:
        """(key, reason) for each section the text names, in order."""
        found: list[tuple[int, str, str]] = []
        for m in re.finditer(
            r"\b(avsnitt(?:et|en)?|kapitel|kapitlet|kapitlen|section|chapter|punkt(?:en)?)\s+(\d+(?:\.\d+)?)",
            text,
            re.IGNORECASE,
        ):
            key = m.group(2)
            if key in self.index:
                found.append((m.start(), key, f"nämner {m.group(1).lower()} {key}"))
        for m in re.finditer(r"\b(målområde(?:t)?|goal area)\s+(\d+)\b", text, re.IGNORECASE):
            key = self.goal_areas.get(m.group(2))
            if key:
                found.append((m.start(), key, f"nämner målområde {m.group(2)}"))
        for m in re.finditer(r"(?<![\d.,/-])(\d+\.\d+)(?![\d.,/-]*\d)(?!\s*" + UNITS + ")", text, re.IGNORECASE):
            key = m.group(1)
            if key in self.index and not any(abs(m.start() - start) < 20 for start, _, _ in found):
                found.append((m.start(), key, f"nämner {key}"))
        for m in re.finditer(
            r"\b(under rubriken|i rubriken|under the heading|avsnittet om)\s+[”“\"']?", text, re.IGNORECASE
        ):
            after = _norm(text[m.end() : m.end() + 120])
            best = None
            for i, title in enumerate(self.titles):
                head = " ".join(title.split()[:4])
                if head and after.startswith(head) and (best is None or len(title) > len(self.titles[best])):
                    best = i
            if best is not None:
                s = self.sections[best]
                found.append((m.start(), s.key, f"nämner rubriken '{_label(s)}'"))
        found.sort()
        return [(key, reason) for _, key, reason in found]


def _z(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 1e-9 else np.zeros_like(values)


class Similarity:
    """Texts against the draft's sections: e5 cosine (where the model loads) and lemma/character TF-IDF."""

    def __init__(self, draft: Draft, cache: EmbeddingCache | None, use_embeddings: bool = True):
        self.draft = draft
        self.cache = cache
        self.use_embeddings = use_embeddings
        self.section_texts = [f"{s.heading}. {s.text}" for s in draft.sections]
        self.heading_texts = [_title(s) or s.heading for s in draft.sections]

    def prepare(self, texts: list[str], headings: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from ..embed import embed
        from ..text import preprocess

        self.section_sentences = [
            [s.text[a:b] for a, b in _sentences(s.text.replace("\n", " "))] or [s.heading] for s in self.draft.sections
        ]
        pieces = [t for sentences in self.section_sentences for t in sentences]
        everything = list(dict.fromkeys(self.section_texts + self.heading_texts + pieces + texts + headings))
        processed = preprocess(everything, [None] * len(everything))
        lemmas = [" ".join(p.lemmas) or "_" for p in processed]
        words = TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b").fit(lemmas)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True).fit(lemmas)
        matrix = np.hstack([words.transform(lemmas).toarray(), 0.7 * chars.transform(lemmas).toarray()])
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = matrix / np.where(norms > 0, norms, 1)
        self.lexical = {t: v for t, v in zip(everything, matrix, strict=True)}
        self.lang = {t: p.lang for t, p in zip(everything, processed, strict=True)}
        draft_langs = Counter(self.lang[t] for t in self.section_texts)
        self.draft_lang = draft_langs.most_common(1)[0][0] if draft_langs else "sv"
        vectors = embed(everything, self.cache) if self.use_embeddings else None
        self.semantic = None if vectors is None else {t: v for t, v in zip(everything, vectors, strict=True)}

    def _scores(self, text: str, targets: list[str]) -> np.ndarray:
        lexical = np.array([self.lexical[text] @ self.lexical[t] for t in targets])
        if self.semantic is None:
            return _z(lexical)
        semantic = np.array([self.semantic[text] @ self.semantic[t] for t in targets])
        if self.lang[text] != self.draft_lang:  # words of another language than the draft's say nothing
            return (CONTENT + LEXICAL) * _z(semantic)
        return CONTENT * _z(semantic) + LEXICAL * _z(lexical)

    def content(self, text: str) -> np.ndarray:
        """Against each section as a whole and against its closest sentence (a passage often takes up one point)."""
        whole = self._scores(text, self.section_texts)
        if self.semantic is None:
            return whole
        vector = self.semantic[text]
        closest = np.array([max(vector @ self.semantic[t] for t in sentences) for sentences in self.section_sentences])
        return 0.5 * whole + 0.5 * CONTENT * _z(closest)

    def heading(self, text: str) -> np.ndarray:
        titles = 0.5 * (self._scores(text, self.heading_texts) + self._scores(text, self.section_texts))
        exact = np.array([1.0 if t and t in _norm(text) else 0.0 for t in self.draft.titles])
        return titles + 2.0 * exact


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _looks_like_heading(paragraph, text: str) -> bool:
    if paragraph.style in (HEADING, TABLE_HEADER):
        return True
    return bp.words(text) <= 10 and "\n" not in text and not re.search(r"[.!?,:;]$", text) and text[:1].isupper()


def split_letter(
    letter: Letter, sections: list[Section], cache: EmbeddingCache | None = None, use_embeddings: bool = True
) -> Excerpts:
    """The letter as excerpts in order; every paragraph's text is in exactly one excerpt (or in pieces of one).

    `use_embeddings=False` matches by lemmas and characters only (where the e5 model is turned off)."""
    draft = Draft(sections)
    paragraphs = letter.paragraphs
    kinds: list[tuple[str, str] | None] = [None] * len(paragraphs)  # (kind, reason) decided by form
    heading_at: list[bool] = [False] * len(paragraphs)

    closed = False
    for i, p in enumerate(paragraphs):
        text = p.text.strip()
        if p.style in (HEADER, FOOTER):
            kinds[i] = (BOILERPLATE, "sidhuvud eller sidfot")
            continue
        if closed and (bp.short(text, 16) or bp.recognise(text)):
            kinds[i] = (BOILERPLATE, bp.recognise(text) or "underskrift")
            continue
        reason = bp.recognise(text)
        if reason:
            kinds[i] = (BOILERPLATE, reason)
            if bp.CLOSING.match(text):
                closed = True
            continue
        if bp.FOR_SENDER.match(text) and bp.short(text, 10):
            kinds[i] = (BOILERPLATE, "underskrift")
            closed = True
            continue
        if p.style != TABLE_ROW and _looks_like_heading(p, text):
            heading_at[i] = True
    # Letterhead: short lines before the first real sentence of the letter.
    first_sentence = next(
        (i for i, p in enumerate(paragraphs) if kinds[i] is None and not heading_at[i] and bp.is_sentence(p.text)),
        len(paragraphs),
    )
    for i in range(first_sentence):
        text = paragraphs[i].text
        if heading_at[i] and (WHOLE_HEADING.match(text) or draft.refer(text)):
            continue  # "Sammanfattning", "Avsnitt 2.1 …": the letter's content has begun
        if kinds[i] is None:
            kinds[i] = (BOILERPLATE, "brevhuvud" if not heading_at[i] else "ärenderad")
            heading_at[i] = False
    # Short lines after the last comment paragraph are the signature.
    last_sentence = max(
        (i for i, p in enumerate(paragraphs) if kinds[i] is None and bp.is_sentence(p.text)), default=-1
    )
    for i in range(last_sentence + 1, len(paragraphs)):
        if kinds[i] is None and paragraphs[i].style not in (TABLE_ROW,):
            kinds[i] = (BOILERPLATE, "underskrift")
            heading_at[i] = False

    comment_ids = [i for i in range(len(paragraphs)) if kinds[i] is None and not heading_at[i]]
    heading_ids = [i for i in range(len(paragraphs)) if heading_at[i]]
    similarity = Similarity(draft, cache, use_embeddings)
    texts = list(dict.fromkeys(paragraphs[i].text for i in comment_ids))
    similarity.prepare(texts, [paragraphs[i].text for i in heading_ids])

    heading_scores = {i: similarity.heading(paragraphs[i].text) for i in heading_ids}
    heading_refs = {i: draft.refer(paragraphs[i].text) for i in heading_ids}
    mapped_headings = sum(1 for i in heading_ids if heading_refs[i] or heading_scores[i].max() >= HEADING_MATCH)
    first_heading = heading_ids[0] if heading_ids else len(paragraphs)

    pieces: list[Piece] = []
    current_heading: int | None = None
    previous_comment: Piece | None = None
    narrowed: dict[int, str] = {}
    introduced = False  # the previous comment ended with a colon: a table or list belonging to it follows
    for i, p in enumerate(paragraphs):
        text = p.text
        if kinds[i] is not None:
            pieces.append(Piece(i, 0, len(text), text, BOILERPLATE, None, 0.9, kinds[i][1]))
            continue
        if heading_at[i]:
            if introduced and pieces and pieces[-1] is previous_comment:
                # a table's header row after "… följande indikatorer:": the table goes on under the same heading
                pieces.append(Piece(i, 0, len(text), text, BOILERPLATE, previous_comment.section, 0.8, "tabellrubrik"))
                continue
            current_heading, introduced = i, False
            pieces.append(Piece(i, 0, len(text), text, BOILERPLATE, None, 0.8, "rubrik"))
            continue
        if (p.style == TABLE_ROW or introduced) and previous_comment is not None and not draft.refer(text):
            pieces.append(
                Piece(
                    i,
                    0,
                    len(text),
                    text,
                    COMMENT,
                    previous_comment.section,
                    previous_comment.confidence,
                    "tabellrad under "
                    + (f"avsnitt {previous_comment.section}" if previous_comment.section else "förslaget som helhet"),
                )
            )
            continue
        spans = _sentences(text)
        first_refs = draft.refer(text[spans[0][0] : spans[0][1]]) if spans else []
        section, confidence, reason = _assign(
            draft,
            similarity,
            text,
            first_refs,
            current_heading,
            heading_scores,
            heading_refs,
            paragraphs,
            before_headings=i < first_heading and mapped_headings >= 2,
            narrowed=narrowed,
        )
        # A later sentence that names another section starts a piece of its own.
        cut_points: list[tuple[int, str, str]] = []
        for a, b in spans[1:]:
            refs = draft.refer(text[a:b])
            if refs and refs[0][0] != section and not _related(refs[0][0], section):
                cut_points.append((a, refs[0][0], refs[0][1]))
        start, sect, conf, why = 0, section, confidence, reason
        for cut, key, key_reason in cut_points:
            if text[start:cut].strip():
                pieces.append(Piece(i, start, cut, text[start:cut].rstrip(), COMMENT, sect, conf, why))
            start, sect, conf, why = cut, key, 0.85, key_reason
        pieces.append(Piece(i, start, len(text), text[start:], COMMENT, sect, conf, why))
        previous_comment = pieces[-1]
        introduced = text.rstrip().endswith(":")

    _headings_take_their_content(pieces, heading_at)
    declines = _declines(pieces)
    return Excerpts([_excerpt(piece, paragraphs) for piece in pieces], declines=declines)


def _related(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    return a == b or a.split(".")[0] == b or b.split(".")[0] == a


def _assign(
    draft, similarity, text, refs, heading, heading_scores, heading_refs, paragraphs, before_headings, narrowed
):
    """(section key or None for the whole document, confidence, reason in Swedish)."""
    sections = draft.sections
    heading_text = paragraphs[heading].text if heading is not None else ""
    if not refs and (WHOLE_CUE.search(text) or (heading is not None and WHOLE_HEADING.match(heading_text))):
        why = (
            "rubriken gäller förslaget som helhet"
            if heading is not None and WHOLE_HEADING.match(heading_text)
            else "allmän synpunkt på förslaget"
        )
        return None, 0.7, why
    if not refs and before_headings:
        return None, 0.6, "inledande synpunkt före brevets rubriker"
    content = similarity.content(text)
    score = content.copy()
    score[draft.parents] -= REFERENCE  # a chapter with subsections only when a heading or the text names it
    heading_key = None
    named, exact = [], []
    if heading is not None:
        named = heading_refs[heading]
        hs = heading_scores[heading]
        exact = [
            k
            for k, title in zip(draft.keys, draft.titles, strict=True)
            if "." not in k and title and title == _norm(heading_text)
        ]
        if named or exact:
            heading_key = named[0][0] if named else exact[0]
            score[draft.index[heading_key]] += REFERENCE
        elif hs.max() >= HEADING_MATCH:
            heading_key = sections[int(hs.argmax())].key
            if content[draft.index[heading_key]] >= content.max() - DISAGREE or content.max() < CLEAR:
                score += HEADING_WEIGHT * np.clip(hs, 0, None)
            # else: the passage is plainly about something else than its heading, and content decides
            if "." not in heading_key and draft.titles[draft.index[heading_key]] not in _norm(heading_text):
                # a heading near a chapter's words but not naming it: the subsection that the first
                # passage under it fits, for every passage under it
                inside = [i for i, s in enumerate(sections) if s.chapter == heading_key and s.key != heading_key]
                if inside:
                    if heading not in narrowed:
                        narrowed[heading] = sections[max(inside, key=lambda i: content[i])].key
                    heading_key = narrowed[heading]
                    score[draft.index[heading_key]] += HEADING_WEIGHT
    for key, _ in refs:
        score[draft.index[key]] += CHAPTER_REFERENCE if "." not in key else REFERENCE
    if heading_key is not None and draft.parents[draft.index[heading_key]] and (named or exact):
        score[draft.index[heading_key]] += REFERENCE  # a heading naming a goal area: the goal area itself
    best = int(score.argmax())
    key = sections[best].key
    ordered = np.sort(score)
    confidence = float(1 / (1 + np.exp(-(ordered[-1] - ordered[-2]))))
    if any(k == key for k, _ in refs):
        return key, max(confidence, 0.85), next(r for k, r in refs if k == key)
    named_chapter = next((r for k, r in refs if k == sections[best].chapter), None)
    if named_chapter:
        return key, confidence, f"{named_chapter}; innehållet liknar avsnitt {key}"
    if heading_key == key:
        return key, confidence, f"rubriken liknar '{_label(sections[best])}'"
    if heading is None and content.max() < 1.0:
        return None, 0.4, "liknar inget enskilt avsnitt"
    return key, confidence, f"innehållet liknar avsnitt {key}"


def _headings_take_their_content(pieces: list[Piece], heading_at: list[bool]) -> None:
    """A heading gets the section of the comments under it when they share one."""
    for n, piece in enumerate(pieces):
        if piece.reason != "rubrik":
            continue
        below: Counter[str | None] = Counter()
        for later in pieces[n + 1 :]:
            if later.reason == "rubrik":
                break
            if later.kind == COMMENT:
                below[later.section] += len(later.text.split())
        if below:
            (section, words), *rest = below.most_common()
            if not rest or words > 0.6 * sum(below.values()):
                piece.section = section


def _declines(pieces: list[Piece]) -> bool:
    """The sender declines to comment: a declining sentence and no other comment."""
    declining = [p for p in pieces if p.kind == COMMENT and bp.DECLINES.search(p.text)]
    for p in declining:
        p.kind, p.section, p.reason = BOILERPLATE, None, "avstår från att yttra sig"
    return bool(declining) and not any(p.kind == COMMENT for p in pieces)


def _excerpt(piece: Piece, paragraphs) -> Excerpt:
    paragraph = paragraphs[piece.paragraph]
    return Excerpt(
        text=piece.text.strip(),
        section_key=piece.section,
        kind=piece.kind,
        confidence=round(piece.confidence, 2),
        reason=piece.reason,
        pages=paragraph.pages,
        spans=[Span(piece.paragraph, piece.start, piece.end)],
    )
