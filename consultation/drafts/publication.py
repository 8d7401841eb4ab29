"""Which versions of a draft a person may read, and publishing a draft version.

A version is an utkast (draft) until someone publishes it: only the working group and the
coordinators read drafts; everyone reads every published version, for as long as the process
exists, so that a round always shows the text it consulted on.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import audit
from ..base import utcnow
from ..errors import N_, NotFound, ValidationFailed, msg
from ..people.access import Actor, has_role, is_admin, require_role
from ..people.models import Role
from .models import DocumentVersion, Process, VersionStatus


def may_see_drafts(actor: Actor | None) -> bool:
    """Coordinators and the working group write and publish versions, so they read the drafts too."""
    return is_admin(actor) or has_role(actor, Role.WORKING_GROUP)


def require_draft_writer(actor: Actor | None) -> None:
    require_role(actor, Role.WORKING_GROUP)


def all_versions(process: Process) -> list[DocumentVersion]:
    """Every version of the process's drafts, oldest document and number first."""
    return [v for document in process.documents for v in document.versions]


def visible_versions(actor: Actor | None, process: Process) -> list[DocumentVersion]:
    """The versions this person may read: the published ones, and the drafts to those who write them."""
    return [v for v in all_versions(process) if v.is_published or may_see_drafts(actor)]


def current_version(process: Process) -> DocumentVersion | None:
    """The newest published version of the process's newest document that has one."""
    for document in reversed(process.documents):
        if document.latest_published is not None:
            return document.latest_published
    return None


def get_version(actor: Actor | None, process: Process, number: int | None) -> DocumentVersion:
    """Version `number` of the newest document (the current published one when None), if this person may read it."""
    if number is None:
        version = current_version(process)
    else:
        version = next(
            (v for d in reversed(process.documents) for v in d.versions if v.number == number),
            None,
        )
    if version is None or not (version.is_published or may_see_drafts(actor)):
        raise NotFound(msg(N_("Det finns ingen sådan version av förslaget att läsa.")))
    return version


def publish_version(session: Session, actor: Actor, version_id: int) -> DocumentVersion:
    """Make a draft version public; from then on it is never changed."""
    require_draft_writer(actor)
    version = session.get(DocumentVersion, version_id)
    if version is None:
        raise NotFound(msg(N_("Versionen finns inte.")))
    if version.is_published:
        raise ValidationFailed({"version": [msg(N_("Version %(number)s är redan publicerad."), number=version.number)]})
    if not version.sections:
        raise ValidationFailed({"version": [msg(N_("Versionen har inga avsnitt och kan inte publiceras."))]})
    version.status = VersionStatus.PUBLISHED
    version.published_at = utcnow()
    audit.record(session, audit.Action.VERSION_PUBLISHED, actor, version, {"number": version.number})
    session.flush()
    return version
