"""The remiss compilation (remissammanställning): web page, .docx, .xlsx, .csv, and its publication."""
