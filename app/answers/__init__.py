"""Answering every point: the working group records a position on each comment and meeting note."""
