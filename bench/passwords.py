"""The cost of one login's password hash: scrypt as it was, and scrypt and argon2id at OWASP's settings.

    .venv/bin/python bench/passwords.py [--repeats 15] [--budget 60]

OWASP's Password Storage Cheat Sheet lists, for each algorithm, settings that give the same defence against
guessing (a cheaper memory setting traded for more passes); its minimum for scrypt is N=2^17 (128 MiB), r=8,
p=1 or an equivalent row, for argon2id m=19 MiB, t=2, p=1 or an equivalent row. "Equal strength" here means
"a row of that table": the cheapest row of each algorithm is what a login must pay at the least.

For each setting the script hashes a password --repeats times (after one unmeasured hash) and prints the
median CPU time of this process (time.process_time, so the work a login takes from a core, which is what a
burst of logins competes for) and wall time, with the memory the setting asks for and how many logins one core
can hash per second. Every loop is bounded by --repeats and, overall, by --budget seconds. Run it on a quiet
machine; the last line says which setting the app uses now (consultation/people/passwords.py).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2.low_level import Type, hash_secret_raw

from consultation.people import passwords

PASSWORD = b"ett-langt-testlosenord"
SALT = os.urandom(16)


@dataclass(frozen=True)
class Setting:
    name: str
    memory_mib: float
    owasp: str  # "minimum", "below" or "" (the app's own)
    hash_once: Callable[[], object]


def scrypt(n_log2: int, r: int, p: int, owasp: str) -> Setting:
    n = 2**n_log2
    return Setting(
        f"scrypt N=2^{n_log2} r={r} p={p}",
        128 * r * n / 2**20,
        owasp,
        lambda: hashlib.scrypt(PASSWORD, salt=SALT, n=n, r=r, p=p, maxmem=256 * 2**20, dklen=32),
    )


def argon2id(memory_kib: int, time_cost: int, owasp: str) -> Setting:
    return Setting(
        f"argon2id m={memory_kib} KiB t={time_cost} p=1",
        memory_kib / 1024,
        owasp,
        lambda: hash_secret_raw(PASSWORD, SALT, time_cost, memory_kib, 1, 32, Type.ID),
    )


SETTINGS = [
    scrypt(15, 8, 1, "below"),  # what the app used until this change: a quarter of OWASP's memory at p=1
    scrypt(17, 8, 1, "minimum"),
    scrypt(16, 8, 2, "minimum"),
    scrypt(15, 8, 3, "minimum"),
    scrypt(14, 8, 5, "minimum"),
    argon2id(47104, 1, "minimum"),
    argon2id(19456, 2, "minimum"),
    argon2id(12288, 3, "minimum"),
    argon2id(9216, 4, "minimum"),
    argon2id(7168, 5, "minimum"),
    Setting("the app's hash_password (now)", float("nan"), "", lambda: passwords.hash_password(PASSWORD.decode())),
]


def measure(setting: Setting, repeats: int, deadline: float) -> tuple[list[float], list[float]]:
    setting.hash_once()  # unmeasured: first-touch page faults, lazy library set-up
    cpu, wall = [], []
    for _ in range(repeats):
        if time.monotonic() > deadline:
            break
        c, w = time.process_time(), time.perf_counter()
        setting.hash_once()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--budget", type=float, default=60.0, help="stop measuring after this many seconds")
    args = parser.parse_args()
    deadline = time.monotonic() + args.budget

    print(f"{'setting':<34} {'OWASP':<8} {'memory':>9} {'CPU/hash':>10} {'wall/hash':>10} {'hashes/core-s':>14} runs")
    results = {}
    for setting in SETTINGS:
        cpu, wall = measure(setting, args.repeats, deadline)
        if not cpu:
            print(f"{setting.name:<34} (skipped: --budget spent)")
            continue
        results[setting.name] = statistics.median(cpu)
        memory = "" if setting.memory_mib != setting.memory_mib else f"{setting.memory_mib:.0f} MiB"
        print(
            f"{setting.name:<34} {setting.owasp:<8} {memory:>9} {statistics.median(cpu) * 1000:>8.1f} ms"
            f" {statistics.median(wall) * 1000:>8.1f} ms {1 / statistics.median(cpu):>14.1f} {len(cpu)}"
        )
    cheapest = {}
    for setting in SETTINGS:
        if setting.owasp == "minimum" and setting.name in results:
            family = setting.name.split()[0]
            if family not in cheapest or results[setting.name] < results[cheapest[family]]:
                cheapest[family] = setting.name
    if len(cheapest) == 2:
        s, a = cheapest["scrypt"], cheapest["argon2id"]
        print(f"\ncheapest at OWASP's minimum: {s} {results[s] * 1000:.1f} ms, {a} {results[a] * 1000:.1f} ms CPU")
        print(f"argon2id costs {results[a] / results[s]:.2f}x the CPU of scrypt per login at equal strength")
    print(f"the app hashes with: {passwords.hash_password(PASSWORD.decode()).rsplit('$', 2)[0]}")


if __name__ == "__main__":
    main()
