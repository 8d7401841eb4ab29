"""The compilation as rows for .csv and .xlsx (app.exports neutralises anything formula-like)."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _

from consultation.review.compilation import Compilation

from ..exports import to_csv, to_xlsx
from . import texts


def header() -> tuple[str, ...]:
    return (
        _("Del"),
        _("Typ"),
        _("Diarienummer"),
        _("Organisation"),
        _("Aktörstyp"),
        _("Text"),
        _("Ställningstagande"),
        _("Motivering"),
        _("Antal avsändare"),
        _("Avsändare i kampanjen"),
    )


def rows(compilation: Compilation) -> Iterator[tuple]:
    """Per group: the summary, every item, each campaign once; then the invitation lists."""
    for group in compilation.groups:
        title = texts.group_title(group)
        if group.has_summary and group.summary:
            yield (title, _("Sammanfattning"), "", _("Arbetsgruppen"), "", group.summary, "", "", "", "")
        for entry in group.entries:
            kind = _("Anteckning från dialogträff") if entry.note_id else _("Synpunkt")
            yield (
                f"{title} – {texts.stance_label(entry.stance)}" if entry.stance else title,
                kind,
                entry.reference,
                texts.sender_label(entry),
                texts.actor_type_label(entry.actor_type),
                entry.text,
                texts.decision_label(entry.decision),
                entry.motivation,
                1,
                "",
            )
        for campaign in group.campaigns:
            decision, motivation = texts.campaign_positions(campaign)
            yield (
                title,
                _("Kampanj"),
                "",
                texts.campaign_heading(campaign),
                texts.campaign_actor_types(campaign),
                campaign.text,
                decision,
                motivation,
                campaign.count,
                texts.campaign_senders(campaign),
            )
    for lists in compilation.invitations:
        part = _("Remissinstanser: %(type)s", type=texts.actor_type_label(lists.actor_type))
        for name, status, reason in texts.invitation_rows(lists):
            yield (part, status, "", name, texts.actor_type_label(lists.actor_type), reason, "", "", "", "")


def as_csv(compilation: Compilation) -> bytes:
    return to_csv(header(), rows(compilation))


def as_xlsx(compilation: Compilation) -> bytes:
    return to_xlsx(_("Sammanställning"), header(), rows(compilation))
