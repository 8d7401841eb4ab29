"""The working group's reading of submitted responses, and exports."""
