"""The coordinator's set-up of drafts and remiss rounds."""
