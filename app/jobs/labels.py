"""Swedish names of job kinds and statuses on the jobs page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consultation.followup import periods as followup_periods
from consultation.jobs import JobStatus
from consultation.letters import reading as letter_reading
from consultation.remiss import reminder_schedule
from consultation.review import analysis_runs, compilation_files

KINDS = {
    analysis_runs.ANALYSIS_JOB: _l("Temaanalys"),
    reminder_schedule.REMINDER_JOB: _l("Påminnelser"),
    letter_reading.READING_JOB: _l("Inläsning av brev"),
    analysis_runs.EMBED_CHUNK_JOB: _l("Temaanalys, del av textvektorerna"),
    "remiss.invitations": _l("Utskick av inbjudningar"),
    compilation_files.COMPILATION_FILE_JOB: _l("Remissammanställning som Word-fil"),
    followup_periods.PERIOD_MAIL_JOB: _l("Utskick om uppföljningsperiod"),
}

STATUSES = {
    JobStatus.QUEUED: _l("I kö"),
    JobStatus.RUNNING: _l("Pågår"),
    JobStatus.DONE: _l("Klar"),
    JobStatus.FAILED: _l("Misslyckades"),
}
