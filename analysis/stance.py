"""Stance per comment: support, oppose, change or neutral, from general remiss language.

Rules, not a learned model: each sentence is searched for cue phrases that remissvar use in
general ("tillstyrker", "ställer sig bakom", "avstyrker", "motsätter sig", "bör", "föreslår att",
"saknar", and their English counterparts). A negated cue counts as its opposite ("avstyrker inte"
supports, "kan inte ställa sig bakom" opposes). Precedence, as remiss practice reads a comment:
an explicit rejection wins; otherwise any request for a change makes the comment "change", even
when it also welcomes something; a plain endorsement is "support"; with no cue it is "neutral".
No phrase comes from a particular data set: everything here would be found in any Swedish or
English consultation response.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

StanceLabel = Literal["support", "oppose", "change", "neutral"]
STANCES: tuple[StanceLabel, ...] = ("support", "oppose", "change", "neutral")


@dataclass(frozen=True)
class Stance:
    label: StanceLabel
    cue: str | None = None  # the phrase that decided it, as written in the text

    @property
    def reason(self) -> str:
        return f"{self.label}: «{self.cue}»" if self.cue else f"{self.label}: no position or request found"


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_NOT = r"(?:inte|ej|icke|not|never|no longer)"
_SV_SUBJECT_VERB = r"(?:kan|vill|kommer|bör|ska|avser)"
_SELF = r"(?:sig|oss|mig)"  # "ställer sig / oss / mig bakom"

# Negated cues first: they must be found before the plain cue they contain.
_NEGATED_OPPOSE = _rx(
    rf"\b{_SV_SUBJECT_VERB}\s+{_NOT}\s+(?:\w+\s+){{0,2}}(?:ställa\s+{_SELF}\s+bakom|stödja|stöda|tillstyrka|instämma)",
    rf"\b(?:ställer|ställa)\s+(?:\w+\s+){{0,2}}{_NOT}\s+(?:\w+\s+){{0,2}}bakom",
    rf"\b{_NOT}\s+(?:ställer\s+{_SELF}\s+bakom|stödjer|stöder|tillstyrker|instämmer)",
    rf"\b(?:stödjer|stöder|tillstyrker|instämmer)\s+(?:\w+\s+){{0,2}}{_NOT}\b",
    r"\b(?:delar|dela)\s+(?:\w+\s+){0,2}inte\s+(?:\w+\s+){0,2}(?:bedömning|uppfattning|slutsats|analys|syn|bild|beskrivning)",
    r"\banser\s+(?:\w+\s+){0,2}inte\s+att\b[^.?!]*\b(?:bör|ska|är)\b",
    r"\b(?:bör|ska)\s+inte\s+(?:gå\s+vidare|genomföras|införas|prioriteras|pekas\s+ut)",
    r"\binte\s+(?:bör|ska)\s+(?:gå\s+vidare|genomföras|införas|prioriteras|pekas\s+ut)",
    r"\b(?:cannot|can\s*not|can't|do\s+not|does\s+not|don't|doesn't)\s+(?:\w+\s+){0,2}(?:support|endorse|agree|accept)",
    r"\bshould\s+not\s+(?:go\s+ahead|proceed|be\s+(?:adopted|introduced|implemented|prioriti[sz]ed))",
)
_NEGATED_SUPPORT = _rx(
    rf"\bavstyrker\s+(?:\w+\s+){{0,1}}{_NOT}\b",
    rf"\b{_NOT}\s+avstyrker\b",
    rf"\bmotsätter\s+sig\s+{_NOT}\b",
    rf"\b{_NOT}\s+motsätter\s+sig\b",
    r"\bdelar\s+(?:\w+\s+){0,2}inte\s+(?:\w+\s+){0,2}(?:oro|farhågor|kritik|invändningar)",
    r"\binga\s+(?:\w+\s+)?(?:invändningar|erinringar)",
    r"\b(?:inget|ingenting|inte\s+något|inte\s+någonting)\s+(?:\w+\s+){0,1}att\s+(?:invända|erinra)\b",
    r"\b(?:no|any)\s+objections?\b",
    r"\b(?:do\s+not|does\s+not|don't|doesn't)\s+(?:oppose|object)",
    r"\bsee\s+no\s+need\s+to\s+change",
)
_OPPOSE = _rx(
    r"\bavstyrk\w*",
    r"\bmotsätter\s+sig\b",
    r"\bmotsätta\s+sig\b",
    r"\bvänder\s+sig\s+(?:\w+\s+){0,2}mot\b",
    r"\b(?:är|är\s+starkt|är\s+helt)\s+emot\b",
    r"\bsäger\s+nej\b",
    r"\bmotiverar\s+inte\b",
    r"\b(?:ett|är\s+ett)\s+misstag\b",
    r"\bbör\s+strykas\b",
    r"\b(?:oppose[sd]?|opposing)\b",
    r"\b(?:reject[sd]?|object\s+to|objects\s+to|disagree[sd]?|against\s+the\s+proposal)\b",
    r"\bshould\s+be\s+(?:dropped|withdrawn|scrapped|removed)\b",
)
_CHANGE = _rx(
    r"\bbör\b",
    r"\bborde\b",
    r"\bföreslår\b",
    r"\bförordar\b",
    r"\brekommenderar\b",
    r"\bbehöver\s+(?:\w+\s+){0,3}(?:förtydligas|tydliggöras|utvecklas|kompletteras|preciseras|konkretiseras|"
    r"förstärkas|lyftas|beskrivas|belysas|ses\s+över|göras)",
    r"\bbehöver\b[^.?!]*\b(?:strategin|förslaget|avsnittet|texten)\b",
    r"\b(?:strategin|förslaget|avsnittet|texten|regionen)\b[^.?!]*\bbehöver\b",
    r"\b(?:förtydliga|förtydligande|förtydligas|tydliggöra|komplettera|kompletteras)\b",
    r"\bvill\s+(?:\w+\s+){0,2}(?:lyfta|betona|understryka|påminna|peka\s+på|uppmärksamma|framhålla|se|att)\b",
    r"\bönskar\b",
    r"\bser\s+gärna\b",
    r"\bmåste\b",
    r"\bskulle\s+behöva\b",
    r"\bunderstryker\s+vikten\b",
    r"\bvikt(?:igt)?\s+att\b",
    r"\bmed\s+reservation\b",
    r"\bsakna[rsd]?\b",
    r"\bsaknas\b",
    r"\b(?:should|ought\s+to)\b",
    r"\b(?:suggests?|proposes?\s+that|recommends?|urges?)\b",
    r"\b(?:would\s+like|we\s+ask|ask\s+(?:that|the\s+region)|call\s+(?:on|for))\b",
    r"\b(?:needs?\s+to\s+be|need\s+to|must)\b",
    r"\b(?:lacks?|is\s+missing|are\s+missing|missing\s+from)\b",
    r"\b(?:clarif(?:y|ied|ication)|more\s+emphasis)\b",
    r"\befterfrågar\b",
    r"\bse\s+till\s+att\b",
    r"\b(?:encourage|please|consider\s+(?:adding|including))\b",
    # A sentence that opens with an imperative is a request ("Satsa på …", "Låt fler …").
    r"^\s*(?:snälla,?\s+)?(?:satsa|låt|gör|bygg|inför|sätt|skicka|ge|stryk|prioritera|öka|minska|behåll|"
    r"tänk|glöm\s+inte|ta\s+bort|ta\s+med|lägg\s+till|utred|ändra|include|add|make|give)\b",
)
_SUPPORT = _rx(
    r"\btillstyrk\w*",
    rf"\bställer\s+{_SELF}\s+(?:\w+\s+){{0,1}}bakom\b",
    r"\bvälkomna\w*",
    r"\binstämmer\b",
    r"\bstödjer\b",
    r"\bstöder\b",
    r"\bstöttar\b",
    # "delar bedömningen", "delar i allt väsentligt förslagets analys"
    r"\bdelar\s+(?:\w+\s+){0,4}(?:bedömning|uppfattning|syn|analys|bild|slutsats|beskrivning)\w*",
    r"\b(?:positivt|bra|glädjande|utmärkt|jättebra)\s+att\b",
    r"\bser\s+(?:\w+\s+)?(?:positivt|fram\s+emot)\b",
    r"\bväl\s+(?:avvägt|underbyggt|genomarbetat|utformat)\b",
    r"\bäntligen\b",
    r"\bbra!",
    r"\binga\s+ytterligare\s+synpunkter\b",
    r"\b(?:support[s]?|supportive|endorse[sd]?|endorsing|welcome[sd]?|agree[sd]?\s+with|in\s+favour|in\s+favor)\b",
    r"\bwell\s+(?:founded|designed|balanced)\b",
)
# "saknar" is a request only when it is about the draft or said by the sender, not a fact about
# the county ("40 av byns hushåll saknar fiber").
_DRAFT = _rx(
    r"\b(?:strategi\w*|förslag\w*|avsnitt\w*|remiss\w*|utkast\w*|skrivning\w*|mål\w*|delmål\w*|texten|dokumentet)\b",
    r"\b(?:strategy|draft|proposal|section|chapter)\b",
)
_SENDER_LACK = _rx(
    r"\b(?:vi|jag|kommunen|myndigheten|regionen|förbundet|föreningen|länsstyrelsen|styrelsen|kommunstyrelsen|"
    r"nämnden|förvaltningen|universitetet|högskolan|lärosätet|företaget|organisationen)\s+(?:\w+\s+){0,1}sakna[rd]\b",
    # "saknar dock", "däremot saknar vi": the sender's own complaint, wherever the subject stands
    r"\bsakna[rd]\s+(?:dock|vi|jag)\b",
    r"\b(?:tillstyrk\w*|välkomna\w*|instämmer|stödjer|stöder|bakom)\b[^.?!]*\bmen\s+saknar\b",
)
_LACK = re.compile(r"\bsakna[rsd]?\b|\bsaknas\b|\blacks?\b|\bmissing\b", re.IGNORECASE)
# A question that asks the region to explain or reconsider (rather than asking for a date).
_ASKING_QUESTION = _rx(
    r"^\s*(?:hur|varför|på\s+vilket\s+sätt)\b",
    r"^\s*(?:how|why)\b",
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def _found(pattern: re.Pattern[str], sentence: str) -> str | None:
    match = pattern.search(sentence)
    return match.group(0).strip() if match else None


def _change_cue(sentence: str) -> str | None:
    match = _CHANGE.search(sentence)
    while match:
        cue = match.group(0)
        if not _LACK.fullmatch(cue.strip()) or _DRAFT.search(sentence) or _SENDER_LACK.search(sentence):
            return cue.strip()
        match = _CHANGE.search(sentence, match.end())
    return None


def _without(pattern: re.Pattern[str], sentence: str) -> str:
    """The sentence with every match of pattern blanked, so a negated cue is not read again plain."""
    return pattern.sub(" ", sentence)


def stance_of(text: str, lang: str | None = None) -> Stance:
    """The sender's stance towards the draft, with the cue phrase that decided it.

    lang is accepted for symmetry with the rest of the analysis; the cues of both languages are
    searched in every text, since remissvar switch language within a paragraph.
    """
    oppose: str | None = None
    change: str | None = None
    support: str | None = None
    for sentence in _sentences(text):
        negated_oppose = _found(_NEGATED_OPPOSE, sentence)
        negated_support = _found(_NEGATED_SUPPORT, sentence)
        rest = _without(_NEGATED_SUPPORT, _without(_NEGATED_OPPOSE, sentence))
        oppose = oppose or negated_oppose or _found(_OPPOSE, rest)
        support = support or negated_support or _found(_SUPPORT, rest)
        cue = _change_cue(rest)
        if cue is None and sentence.endswith("?") and _ASKING_QUESTION.search(sentence):
            cue = sentence.split()[0]
        change = change or cue
    if oppose:
        return Stance("oppose", oppose)
    if change:
        return Stance("change", change)
    if support:
        return Stance("support", support)
    return Stance("neutral", None)
