"""The working group's theme analysis: start a run, follow its progress, read the themes."""
