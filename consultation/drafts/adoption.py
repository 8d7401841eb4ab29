"""The adopted version (antagen version): the council's decision on one published version.

Only a coordinator records it, only a published version can be adopted (the text the council
decided on must be the text the public reads), and a process has one adopted version at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, NotFound, ValidationFailed, msg
from ..people.access import Actor, require_admin, user_id_of
from ..text import normalise_text
from .models import Adoption, DocumentVersion, Process
from .processes import get_process

BODY_MAX, REFERENCE_MAX = 200, 200


@dataclass(frozen=True)
class Decision:
    """What the minutes say: who decided, when, and under which paragraph or diary number."""

    body: str
    decided_on: date | None
    reference: str


def _one_line(text: str | None) -> str:
    """A body's name or a paragraph is one line: pasted line breaks become spaces."""
    return " ".join(normalise_text(text).split())


def adoption_of(session: Session, process: Process) -> Adoption | None:
    return session.scalar(select(Adoption).where(Adoption.process_id == process.id))


@dataclass(frozen=True)
class AdoptedStrategy:
    """The strategy as the council adopted it: the process, the decision and the version decided on."""

    process: Process
    adoption: Adoption

    @property
    def version(self) -> DocumentVersion:
        return self.adoption.version


def adopted_strategy(session: Session, actor: Actor | None, code: str) -> AdoptedStrategy:
    """The adopted strategy, public to everyone who may see the process; not found until a version is adopted."""
    process = get_process(session, actor, code)
    adopted = adoption_of(session, process)
    if adopted is None:
        raise NotFound(msg(N_("Strategin är inte antagen ännu.")))
    return AdoptedStrategy(process, adopted)


def _check(decision: Decision, today: date) -> dict:
    errors: dict[str, list] = {}
    if not decision.body:
        errors["body"] = [msg(N_("Skriv vilket organ som fattade beslutet, till exempel regionfullmäktige."))]
    elif len(decision.body) > BODY_MAX:
        errors["body"] = [msg(N_("Högst %(max)s tecken."), max=BODY_MAX)]
    if decision.decided_on is None:
        errors["decided_on"] = [msg(N_("Ange beslutsdatum."))]
    elif decision.decided_on > today:
        errors["decided_on"] = [msg(N_("Beslutsdatumet kan inte ligga i framtiden."))]
    if not decision.reference:
        errors["reference"] = [msg(N_("Ange paragraf eller diarienummer för beslutet."))]
    elif len(decision.reference) > REFERENCE_MAX:
        errors["reference"] = [msg(N_("Högst %(max)s tecken."), max=REFERENCE_MAX)]
    return errors


def adopt_version(session: Session, actor: Actor, version_id: int, decision: Decision, today: date) -> Adoption:
    """Mark a published version as adopted by `decision`; refused when the process has an adopted version."""
    require_admin(actor)
    version = session.get(DocumentVersion, version_id)
    if version is None:
        raise NotFound(msg(N_("Versionen finns inte.")))
    process = version.document.process
    decision = Decision(_one_line(decision.body), decision.decided_on, _one_line(decision.reference))
    errors = _check(decision, today)
    if not version.is_published:
        errors["version"] = [
            msg(N_("Bara en publicerad version kan antas. Publicera version %(number)s först."), number=version.number)
        ]
    existing = adoption_of(session, process)
    if existing is not None:
        errors["version"] = [
            msg(N_("Processen har redan en antagen version (version %(number)s)."), number=existing.version.number)
        ]
    if errors:
        raise ValidationFailed(errors)
    adoption = Adoption(
        process=process,
        version=version,
        body=decision.body,
        decided_on=decision.decided_on,
        reference=decision.reference,
        recorded_by_id=user_id_of(actor),
    )
    session.add(adoption)
    audit.record(
        session,
        audit.Action.VERSION_ADOPTED,
        actor,
        version,
        {"number": version.number, "decided_on": decision.decided_on.isoformat()},
    )
    session.flush()
    return adoption
