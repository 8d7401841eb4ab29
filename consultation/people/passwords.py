"""Password hashing with argon2id at OWASP's recommended setting; older scrypt hashes still verify.

bench/passwords.py compares the rows of OWASP's table (settings of equal strength) in CPU time per hash, on a quiet
2-core machine: argon2id at m=19 MiB, t=2, p=1 took 26 ms, the cheapest scrypt row 214 ms (N=2^14, p=5; N=2^17,
p=1 took 452 ms), and the scrypt the app used before (N=2^15, p=1, below OWASP's minimum) 109 ms. The argon2id rows
with less memory and more passes were about a third cheaper at most; 19 MiB keeps more of the memory-hardness that
makes guessing on GPUs costly. Hashes made before the switch keep verifying, and a successful login replaces them
(`needs_rehash`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10

# OWASP Password Storage Cheat Sheet, argon2id: m=19456 KiB (19 MiB), t=2, p=1. One lane: a login uses one core,
# so concurrent logins on a small machine do not take each other's cores.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
_SCRYPT_MAXMEM = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        # Spend the same time as a real check so that unknown accounts do not stand out.
        hash_password(password)
        return False
    if stored.startswith("scrypt$"):
        return _verify_scrypt(stored, password)
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash that just verified should be replaced: an old scrypt one, or argon2id at another setting."""
    if stored.startswith("scrypt$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _verify_scrypt(stored: str, password: str) -> bool:
    """A hash from before argon2id: "scrypt$N$r$p$salt$digest", base64."""
    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
