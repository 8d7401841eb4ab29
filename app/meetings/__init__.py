"""Dialogue meetings: the public pages, sign-ups, and the facilitator's pages."""
