"""Public pages: processes, their timelines and drafts; and each role's start page."""
