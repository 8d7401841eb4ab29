"""Why a letter could not be read: a named error with a message in Swedish for the person uploading it."""

from __future__ import annotations


class LetterError(ValueError):
    """The file is refused; `code` names the reason, `message` says it in Swedish."""

    code = "unreadable"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class UnsupportedFile(LetterError):
    code = "unsupported"


class FileTooLarge(LetterError):
    code = "too_large"


class TooManyPages(LetterError):
    code = "too_many_pages"


class EncryptedFile(LetterError):
    code = "encrypted"


class ZipBomb(LetterError):
    code = "zip_bomb"


class ReadingTimedOut(LetterError):
    code = "timeout"
