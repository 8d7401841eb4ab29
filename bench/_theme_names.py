"""Measure (d) of bench/analysis_quality.py: do theme names say their majority topic?

For SIB Swedish and the remiss-stance set, with k = the label count: the share of themes whose
key-term label (before) and whose name (after) contains a word of the theme's majority topic
(word lists and matching rule in `_topic_words`, fixed before the naming was tuned).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter

import _data
import _topic_words

from analysis import Item, analyse


def stance_rows() -> list[tuple[str, str, str, str]]:
    path = _data.SHARED / "remiss-stance" / "comments.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["id"], r["text"], r["theme"], r["lang"]) for r in rows]


def sets():
    yield "SIB Swedish", [(i, t, label, "sv") for i, t, label in _data.sib("swe_Latn")], _topic_words.SIB
    yield "remiss-stance", stance_rows(), _topic_words.REMISS_STANCE


def name_scores(rows, topic_words, cache, seed: int = 0):
    """(share of labels saying the topic, share of names saying it, [(majority topic, label, name)])."""
    words = _topic_words.words_of(topic_words)
    truth = {i: label for i, _t, label, _lang in rows}
    k = len(set(truth.values()))
    result = analyse(
        [Item(id=i, text=t, lang=lang) for i, t, _l, lang in rows], n_themes=k, embedding_cache=cache, seed=seed
    )
    shown = []
    for theme in result.themes:
        majority = Counter(truth[i] for i in theme.item_ids).most_common(1)[0][0]
        shown.append((majority, theme.label, theme.name))
    before = sum(_topic_words.name_says_topic(label, words[topic]) for topic, label, _n in shown) / len(shown)
    after = sum(_topic_words.name_says_topic(name, words[topic]) for topic, _l, name in shown) / len(shown)
    return before, after, shown


def report(cache, verbose: bool = False) -> list[str]:
    lines = ["(d) theme names that say the majority topic (k = label count, seed 0):"]
    for name, rows, topic_words in sets():
        start = time.perf_counter()
        before, after, shown = name_scores(rows, topic_words, cache)
        seconds = time.perf_counter() - start
        lines.append(f"  {name:<16} label (before) {before:6.1%}   name (after) {after:6.1%}   ({seconds:.1f} s)")
        if verbose:
            lines += [f"      {topic:<24} {label:<45} -> {theme_name}" for topic, label, theme_name in shown]
    lines.append(f"  load average {os.getloadavg()}")
    return lines
