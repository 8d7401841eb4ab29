"""Demo data for `make run`: loaded from the files in `data/`."""
