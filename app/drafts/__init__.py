"""Versions of the draft: publishing a draft version (and, later, writing the next one)."""
