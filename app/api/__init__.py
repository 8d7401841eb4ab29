"""The open data API: published material as read-only JSON and a CSV bundle per round (docs/open-data.md)."""
