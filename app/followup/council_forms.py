"""The councils' forms. The agenda page holds one form per point, told apart by a prefix.

The choices of organisations, people, meetings and goal areas are checked by the services (with a
message on the field), so a choice missing from the post is a message, not "Not a valid choice".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from consultation.followup.agendas import COMMITMENT_MAX, TITLE_MAX, CommitmentData, ItemData
from consultation.followup.councils import NAME_MAX, TEXT_MAX, one_line

from .. import labels
from ..admin.forms import MultiCheckboxField
from ..numbers import database_id, parse_id
from ..templating import local_datetime

OTHER = "ovrigt"  # the goal-area choice of a point that belongs to none ("Övrigt")


def _people(users):
    return [("", _l("Ingen vald"))] + [(str(u.id), f"{u.name} ({u.email})") for u in users]


class CouncilForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Skriv rådets namn.")), Length(max=NAME_MAX)])
    kind = SelectField(_l("Slags råd"), choices=[(k.value, v) for k, v in labels.COUNCIL_KINDS.items()])
    description = TextAreaField(_l("Beskrivning"), validators=[Optional(), Length(max=TEXT_MAX)])
    convenor_id = SelectField(
        _l("Sammankallande"),
        coerce=str,
        validate_choice=False,
        description=_l("Den som kallar till rådets möten och publicerar dagordningen."),
    )

    def __init__(self, users, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.convenor_id.choices = _people(users)


class MemberForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=str, validate_choice=False)
    user_id = SelectField(_l("eller person"), coerce=str, validate_choice=False)

    def __init__(self, organisations, users, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [("", _l("Ingen vald"))] + [(str(o.id), o.name) for o in organisations]
        self.user_id.choices = _people(users)


class LinkMeetingForm(FlaskForm):
    meeting_id = SelectField(_l("Möte"), coerce=str, validate_choice=False)

    def __init__(self, meetings, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_id.choices = [("", _l("Välj möte"))] + [
            (str(m.id), f"{local_datetime(m.starts_at)}: {m.title}") for m in meetings
        ]


class ItemForm(FlaskForm):
    title = StringField(
        _l("Rubrik"), validators=[DataRequired(_l("Skriv en rubrik för punkten.")), Length(max=TITLE_MAX)]
    )
    goal_area_id = SelectField(_l("Målområde"), coerce=str, validate_choice=False)
    section_ids = MultiCheckboxField(_l("Avsnitt i strategin som punkten gäller"), coerce=database_id)
    initiative_ids = MultiCheckboxField(_l("Insatser som punkten gäller"), coerce=database_id)
    next_step_ids = MultiCheckboxField(_l("Nästa steg från möten som punkten följer upp"), coerce=database_id)

    def __init__(self, areas, sections, approved, next_steps, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_area_id.choices = [(str(section_id), area.title) for section_id, area in areas] + [
            (OTHER, _l("Övrigt"))
        ]
        self.section_ids.choices = [(s.id, f"{s.number} {s.heading}") for s in sections]
        self.initiative_ids.choices = [(i.id, f"{i.title} ({i.organisation.name})") for i in approved]
        self.next_step_ids.choices = [(n.id, f"{n.meeting.title}: {one_line(n.body)[:120]}") for n in next_steps]

    def fill_from(self, item) -> None:
        """A point of the agenda into the form, for changing it."""
        self.title.data = item.title
        self.goal_area_id.data = str(item.goal_area_id) if item.goal_area_id is not None else OTHER
        self.section_ids.data = [s.id for s in item.sections]
        self.initiative_ids.data = [i.id for i in item.initiatives]
        self.next_step_ids.data = [n.id for n in item.next_steps]

    def data_for_service(self) -> ItemData:
        area = self.goal_area_id.data
        return ItemData(
            title=self.title.data or "",
            # A choice that is neither a number nor "övrigt" is no goal area: -1 gets the service's message.
            goal_area_id=None if area == OTHER else (parse_id(area) if parse_id(area) is not None else -1),
            section_ids=tuple(self.section_ids.data or ()),
            initiative_ids=tuple(self.initiative_ids.data or ()),
            next_step_ids=tuple(self.next_step_ids.data or ()),
        )


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Protokoll"), validators=[Optional(), Length(max=TEXT_MAX)])
    decision = TextAreaField(_l("Beslut"), validators=[Optional(), Length(max=TEXT_MAX)])


class CommitmentForm(FlaskForm):
    text = TextAreaField(
        _l("Åtagande"),
        validators=[DataRequired(_l("Skriv vad åtagandet gäller.")), Length(max=COMMITMENT_MAX)],
    )
    owner_organisation_id = SelectField(_l("Vem tar över"), coerce=str, validate_choice=False)
    due_on = DateField(_l("Senast"), validators=[Optional()])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_organisation_id.choices = [("", _l("Välj organisation"))] + [
            (str(o.id), o.name) for o in organisations
        ]

    def data_for_service(self) -> CommitmentData:
        return CommitmentData(parse_id(self.owner_organisation_id.data), self.text.data or "", self.due_on.data)


class MakeInitiativeForm(FlaskForm):
    section_id = SelectField(_l("Målområde eller avsnitt för insatsen"), coerce=str, validate_choice=False)

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_id.choices = [("", _l("Välj målområde"))] + [
            (str(s.id), f"{s.number} {s.heading}") for s in sections
        ]

    def section_ids(self) -> list[int]:
        chosen = parse_id(self.section_id.data)
        return [chosen] if chosen is not None else []


class CommitmentStatusForm(FlaskForm):
    status = SelectField(
        _l("Hur långt har åtagandet kommit"),
        choices=[(k.value, v) for k, v in labels.COMMITMENT_STATUSES.items()],
    )
