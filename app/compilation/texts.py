"""Swedish (translatable) words of the compilation, shared by the page and every export."""

from __future__ import annotations

from flask import url_for

from consultation.people import ActorType
from consultation.review import Decision
from consultation.review.compilation import CampaignEntry, Group
from consultation.review.compilation_queries import NOTE_SOURCE, WHOLE, Entry

from .. import labels
from ..i18n import quick_gettext as _
from ..i18n import quick_ngettext as ngettext


def input_totals(compilation) -> str:
    """ "3 remissvar med 1 synpunkt, 2 anteckningar från dialogträffar": each count with its own plural."""
    return _(
        "%(responses_text)s med %(comments_text)s, %(notes_text)s från dialogträffar",
        responses_text=ngettext("%(num)s remissvar", "%(num)s remissvar", compilation.responses),
        comments_text=ngettext("%(num)s synpunkt", "%(num)s synpunkter", compilation.comments),
        notes_text=ngettext("%(num)s anteckning", "%(num)s anteckningar", compilation.notes),
    )


def unanswered_statement(compilation) -> str:
    """ "12 synpunkter har ännu inget ställningstagande": said on the public page when published so."""
    return ngettext(
        "%(num)s synpunkt har ännu inget ställningstagande",
        "%(num)s synpunkter har ännu inget ställningstagande",
        compilation.unanswered,
    )


ORDERS = {"section": "avsnitt", "theme": "tema"}  # the ?ordning= values


def order_from(value: str | None) -> str:
    return "theme" if value == ORDERS["theme"] else "section"


def actor_type_label(code: str) -> str:
    if code == NOTE_SOURCE:
        return str(labels.ITEM_SOURCES[NOTE_SOURCE])
    try:
        return str(labels.ACTOR_TYPES[ActorType(code)])
    except ValueError:
        return code


def entry_labels() -> dict[str, dict]:
    """The words of a compilation row's actor type and decision, each translated once per page, not once a row."""
    codes = [t.value for t in ActorType] + [NOTE_SOURCE]
    return {
        "actor_types": {code: actor_type_label(code) for code in codes},
        "decisions": {decision: decision_label(decision) for decision in [*Decision, None]},
    }


def response_links(compilation, mode: str, round_) -> dict[int, str]:
    """The address of each response the page cites ("review" or "public"), built once per response, not per text."""
    ids = {e.response_id for group in compilation.groups for e in group.entries if e.response_id}
    if mode == "review":
        return {i: url_for("review.response", response_id=i) for i in ids}
    if mode == "public":
        code = round_.process.code
        return {i: url_for("compilation.public_response", code=code, round_id=round_.id, response_id=i) for i in ids}
    return {}


def sender_label(entry: Entry) -> str:
    if entry.anonymous:
        return _("Privatperson")
    return entry.sender  # a note's sender is its meeting's title


def decision_label(decision: Decision | None) -> str:
    return str(labels.DECISIONS[decision]) if decision else _("Inget ställningstagande ännu")


def stance_label(stance: str) -> str:
    """The heading of a stance within a theme."""
    return {
        "support": _("Tillstyrker"),
        "oppose": _("Avstyrker"),
        "change": _("Föreslår ändringar"),
        "neutral": _("Neutral"),
    }.get(stance, "")


def stance_heading(stance: str, count: int) -> str:
    return ngettext(
        "%(stance)s: %(num)s synpunkt", "%(stance)s: %(num)s synpunkter", count, stance=stance_label(stance)
    )


def stance_counts(group: Group) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in group.entries:
        if entry.stance:
            counts[entry.stance] = counts.get(entry.stance, 0) + 1
    return counts


def stance_from(value: str | None) -> bool:
    return value == "ja"


def group_title(group: Group) -> str:
    if group.kind == "section":
        return group.title if group.key != WHOLE else _("Förslaget som helhet")
    if group.kind == "theme":
        return group.title or _("Tema %(number)s", number=group.theme_number)
    if group.kind == "off_topic":
        return _("Utanför ämnet")
    return _("Inte med i analysen")


def campaign_senders(campaign: CampaignEntry) -> str:
    names = list(campaign.senders)
    if campaign.anonymous_senders:
        names.append(_("Privatperson (%(n)s st.)", n=campaign.anonymous_senders))
    return ", ".join(names)


def campaign_heading(campaign: CampaignEntry) -> str:
    return ngettext("Kampanj med %(num)s avsändare", "Kampanj med %(num)s avsändare", campaign.count)


def campaign_positions(campaign: CampaignEntry) -> tuple[str, str]:
    """(decision, motivation) as one cell each; several answers are listed with their counts."""
    if len(campaign.positions) == 1:
        only = campaign.positions[0]
        return decision_label(only.decision), only.motivation
    decisions = "; ".join(f"{decision_label(p.decision)} ({p.count})" for p in campaign.positions)
    motivations = "; ".join(f"{decision_label(p.decision)}: {p.motivation}" for p in campaign.positions if p.motivation)
    return decisions, motivations


def campaign_actor_types(campaign: CampaignEntry) -> str:
    return ", ".join(actor_type_label(code) for code in campaign.actor_types)


def invitation_rows(lists) -> list[tuple[str, str, str]]:
    """(organisation, status, reason) for one actor type: the invited first, then other respondents."""
    declined = dict(lists.declined)
    result = []
    for name in lists.invited:
        if name in declined:
            result.append((name, _("Avstår"), declined[name]))
        elif name in lists.not_answered:
            result.append((name, _("Inget svar"), ""))
        else:
            result.append((name, _("Har svarat med brev") if name in lists.as_letter else _("Har svarat"), ""))
    invited = set(lists.invited)
    result += [
        (name, _("Har svarat med brev utan inbjudan") if name in lists.as_letter else _("Har svarat utan inbjudan"), "")
        for name in lists.answered
        if name not in invited
    ]
    if lists.anonymous_answered:
        result.append((_("Privatperson (%(n)s st.)", n=lists.anonymous_answered), _("Har svarat utan inbjudan"), ""))
    return result
