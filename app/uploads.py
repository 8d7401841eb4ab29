"""Uploaded files kept between a preview and its confirmation, under random names."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import current_app

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "pending-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash(data: bytes) -> str:
    """Keep the bytes for a later step; returns the token that fetches them."""
    folder = _folder()
    cutoff = time.time() - MAX_AGE_SECONDS
    for old in folder.glob("*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(32)
    (folder / f"{token}.upload").write_bytes(data)
    return token


def fetch(token: str | None) -> bytes | None:
    if not token or not _TOKEN.match(token):
        return None
    path = _folder() / f"{token}.upload"
    return path.read_bytes() if path.is_file() else None


def discard(token: str | None) -> None:
    if token and _TOKEN.match(token):
        (_folder() / f"{token}.upload").unlink(missing_ok=True)
