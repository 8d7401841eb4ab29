"""What in a letter is not a comment: letterhead, addresses, references, salutations, signatures …

Rules of Swedish (and English) letter and remiss practice, each with the reason shown to the
person reviewing the excerpts. A paragraph is boilerplate when a rule recognises it as a whole;
the splitter adds what only position can tell (letterhead before the first comment, signature
lines after the closing).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

DATE = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}\s+(jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r"|(january|february|march|april|june|july|august|september|october|november|december)\s+\d{1,2},?\s+\d{4})\b",
    _I,
)
REFERENCE = re.compile(
    r"\b(dnr|diarienr|diarienummer|ärendenummer|er beteckning|vår beteckning|er referens|vår referens|"
    r"er ref|vår ref|beteckning|our ref(erence)?|your ref(erence)?|ref\.?)\s*[:.]?[^\n]{0,12}?\d",
    _I,
)
CONTACT = re.compile(
    r"(\b\d{3} ?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+|[\w.+-]+@[\w-]+\.[\w.]+|\b(postadress|besöksadress|telefon|tel|"
    r"e-post|epost|fax|org\.?\s?nr|organisationsnummer|bankgiro|plusgiro|www)\b|\+?\d{2,4}[- ]\d{2,3}[ -]?\d{2}[ -]?\d{2})",
    _I,
)
SUBJECT = re.compile(
    r"^(yttrande|remissvar|remissyttrande|svar på remiss|synpunkter på|angående|ang\.|ärende|consultation response|"
    r"response to|re:|comments on)\b|\byttrande över\b|\bremissvar\b",
    _I,
)
SALUTATION = re.compile(r"^(hej|hejsan|god dag|till|dear|to whom it may concern|bästa|hello)\b[^.]{0,80}[!,.:]?$", _I)
INVITED = re.compile(
    r"\b(beretts (möjlighet|tillfälle)|getts (möjlighet|tillfälle)|fått möjlighet att (yttra|lämna)|har inbjudits att|"
    r"har tagit del av (förslaget|remissen|remissunderlaget)|lämnar härmed|lämnar (följande|nedanstående) yttrande|"
    r"opportunity to (comment|respond)|invitation to (comment|respond))",
    _I,
)
PRESENTS_ITSELF = re.compile(
    r"^([\wåäöÅÄÖ&.-]+\s){1,6}(är|is)\s+(en|ett|an?|the)\s+[^.]{0,60}?(organisation|förening|förbund|myndighet|"
    r"lärosäte|högskola|universitet|företag|nätverk|stiftelse|kooperativ|company|organi[sz]ation|association|"
    r"federation|network|manufacturer|employer)\b"
    r"|\b(yttrandet|svaret|this response) (har|has) (beretts|tagits fram|utarbetats|skrivits|been (prepared|written))\b"
    r"|\bi beredningen av (ärendet|yttrandet) har\b|\bhar deltagit i (beredningen|arbetet med yttrandet)\b"
    r"|\b(vill|önskar) lämna (några|följande|nedanstående)? ?synpunkter som\b"
    r"|\b(manufactures|employs \d+|we employ \d+)\b",
    _I,
)
COURTESY = re.compile(
    r"^(tack för|tack!|med vänlig|med vänliga|vänliga hälsningar|vänlig hälsning|mvh|hälsningar|bästa hälsningar|"
    r"we would be (happy|glad)|we look forward|yours (faithfully|sincerely|truly)|kind regards|best regards|"
    r"sincerely|regards|vi ser fram emot (fortsatt|att få)|vi står gärna|vi medverkar gärna|kontakta gärna|"
    r"vi bidrar gärna|do not hesitate|please do not hesitate|feel free to contact)",
    _I,
)
DECISION = re.compile(
    r"^(beslut i (detta )?ärendet?|beslutet har fattats|i ärendets (slutliga )?handläggning|detta (dokument|beslut) har "
    r"(godkänts|fattats) elektroniskt|föredragande|handläggare)|\bhar (beslutats|fattats) av\b|\bgodkänts elektroniskt\b",
    _I,
)
COPIES = re.compile(r"^(kopia till|kopior till|kopia|cc|för kännedom|sändlista|bilaga|bilagor|enclosures?)\b\s*:?", _I)
MAIL_HEADER = re.compile(r"^(från|skickat|till|ämne|kopia|datum|from|sent|to|subject|cc|date|bifogade filer)\s*:", _I)
DECLINES = re.compile(
    r"\b(avstår (från )?att (yttra sig|lämna (några )?synpunkter|svara)|har inga synpunkter|lämnar inga synpunkter|"
    r"har inget att (erinra|invända|tillägga)|inga synpunkter (att lämna|på förslaget)|"
    r"(declines?|refrains?) (from commenting|to comment)|has no comments)\b",
    _I,
)
CLOSING = re.compile(r"^(med vänlig|med vänliga|vänliga hälsningar|mvh|hälsningar|yours|kind regards|best regards)", _I)
FOR_SENDER = re.compile(r"^(för|på uppdrag av|for and on behalf of|on behalf of)\s+[A-ZÅÄÖ]", _I)


def words(text: str) -> int:
    return len(text.split())


def short(text: str, limit: int = 14) -> bool:
    return all(words(line) <= limit for line in text.splitlines()) and not re.search(r"[.!?]\s+[A-ZÅÄÖ]", text)


def is_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?]$", text.strip())) and words(text) >= 6


def recognise(text: str) -> str | None:
    """The Swedish reason a paragraph is boilerplate by itself, or None."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    if MAIL_HEADER.match(first) and short(text, 20):
        return "e-posthuvud"
    if DECISION.search(text):
        return "uppgift om beslut och handläggning"
    if COPIES.match(first) and not is_sentence(first):
        return "kopielista eller bilagor"
    if COURTESY.match(first) and words(text) <= 25:
        return "hälsningsfras"
    if SALUTATION.match(first) and words(text) <= 12 and "\n" not in text.strip():
        return "hälsning eller mottagare"
    if INVITED.search(first.split(". ")[0]) and words(text) <= 80:
        return "säger att avsändaren fått yttra sig"
    if PRESENTS_ITSELF.search(text) and words(text) <= 80 and not DECLINES.search(text):
        return "avsändaren presenterar sig"
    if short(text):
        if REFERENCE.search(text):
            return "diarienummer eller referens"
        if CONTACT.search(text):
            return "adress eller kontaktuppgifter"
        if DATE.search(text) and words(text) <= 8:
            return "datum"
        if SUBJECT.search(text) and not is_sentence(text):
            return "ärenderad"
    return None
