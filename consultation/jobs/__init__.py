"""Jobs: long work (analyses, bulk e-mail, reminders) as rows that survive restarts, and the functions that do it."""

from . import models, queue, registry
from .models import Job, JobStatus
from .queue import Claim, JobLost
from .registry import JobContext, register

__all__ = ["Claim", "Job", "JobContext", "JobLost", "JobStatus", "models", "queue", "register", "registry"]
