"""Named domain errors that the web layer maps to pages and status codes.

Messages are Swedish msgids (the interface's source language) with named
parameters, so that the web layer can translate them; `N_` marks them for
extraction without translating here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def N_(text: str) -> str:
    return text


@dataclass(frozen=True)
class Message:
    text: str
    params: dict = field(default_factory=dict)
    plural: str | None = None  # the plural msgid of a message whose noun follows a count (msg_n)
    count: int | None = None

    def __str__(self) -> str:
        text = self.plural if self.plural is not None and self.count != 1 else self.text
        return text % self.params if self.params else text


def msg(text: str, **params) -> Message:
    return Message(text, params)


def msg_n(singular: str, plural: str, count: int, **params) -> Message:
    """A message where a count meets a noun ("1 rad", "3 rader"); the count is the num parameter, as in ngettext."""
    return Message(singular, {"num": count, **params}, plural=plural, count=count)


class DomainError(Exception):
    """Base of every rule the domain refuses to break."""

    def __init__(self, message: Message | str | None = None):
        self.message = message if isinstance(message, Message) or message is None else msg(message)
        super().__init__(str(self.message) if self.message else self.__class__.__name__)


class NotAllowed(DomainError):
    """The acting user may not do this (403)."""


class NotFound(DomainError):
    """No such object, or none the acting user may see (404)."""


class Conflict(DomainError):
    """Someone else changed the object first (409)."""


class ValidationFailed(DomainError):
    """Input breaks a rule; `errors` maps a field name to its messages."""

    def __init__(self, errors: dict[str, list[Message]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in errors.items()))
