"""Topic word lists for measure (d): does a theme's name say what its majority topic is?

Written once, from the topic names and the data sets' README files, before any tuning of
the naming; not to be edited to fit the results. A name "contains a word of the topic"
when one of its words equals a listed word, or (for listed words of four letters or more)
starts or ends with it, so that Swedish compounds count: "kollektivtrafik" ends with
"trafik", "sjukvården" starts with "sjukvård".
"""

from __future__ import annotations

import re

SIB = {
    "science/technology": (
        "vetenskap forskning forskare forskar teknik teknologi teknisk dator data rymd planet atom fysik kemi "
        "biologi experiment upptäckt universum molekyl energi elektron science research technology computer space"
    ),
    "travel": (
        "resa resor resande rese turism turist hotell flyg flygplats semester besök besökare sevärdhet pass "
        "visum utlandet travel tourism tourist hotel flight trip"
    ),
    "politics": (
        "politik politisk regering president val parti parlament minister riksdag kongress demokrati "
        "lagstiftning premiärminister politics government election"
    ),
    "sports": (
        "sport idrott idrottare match spelare tävling mästerskap olympisk fotboll hockey golf tennis "
        "löpning säsong vinst final sports player championship"
    ),
    "health": (
        "hälsa sjuk sjukdom sjukvård vård läkare medicin virus behandling patient symptom smitta "
        "health disease medical doctor"
    ),
    "entertainment": (
        "underhållning film musik konsert show skådespelare konst festival teater artist sång sångare "
        "entertainment music movie"
    ),
    "geography": (
        "geografi land hav flod berg sjö klimat kontinent befolkning vulkan öken halvö ö kust natur "
        "geography river mountain ocean island"
    ),
}

REMISS_STANCE = {
    "transport": (
        "transport trafik kollektivtrafik buss tåg järnväg väg vägar pendling pendel resor linje stomlinje "
        "förbifart cykel bil transport bus rail road commuting"
    ),
    "digital_infrastruktur": (
        "digital digitalisering bredband fiber mobiltäckning täckning nät stadsnät uppkoppling e-tjänst "
        "broadband network coverage"
    ),
    "bostader": "bostad bostäder bostadsbyggande boende hus förtätning planering tillväxtnod housing homes",
    "kompetensforsorjning": (
        "kompetens kompetensförsörjning utbildning lärcentrum folkhögskola vuxenutbildning validering "
        "gymnasie skola arbetsmarknad yrkes education skills training school"
    ),
    "energi_klimat": (
        "energi klimat fossilfri utsläpp vindkraft vätgas omställning laddning biogas kraft "
        "energy climate wind emissions hydrogen"
    ),
    "vard_halsa": (
        "vård hälsa sjukvård närsjukhus lasarett vårdcentral hälsocentral akut folkhälsa livslängd health care hospital"
    ),
    "kultur_besoksnaring": (
        "kultur besöksnäring turism turist destination evenemang kulturhus museum bibliotek besök "
        "culture tourism tourist museum"
    ),
    "genomforande_samverkan": (
        "genomförande samverkan hagmarksråd råd civilsamhälle handlingsplan utlysning indikator "
        "uppföljning styrning partnerskap implementation cooperation partnership"
    ),
}


def words_of(topic_words: dict[str, str]) -> dict[str, set[str]]:
    return {topic: set(text.split()) for topic, text in topic_words.items()}


def name_says_topic(name: str, words: set[str]) -> bool:
    """True when a word of the name is a topic word, or (≥ 4 letters) starts or ends with one."""
    for token in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name.lower()):
        for word in words:
            if token == word or (len(word) >= 4 and (token.startswith(word) or token.endswith(word))):
                return True
    return False
