"""Exceptions of the services, with messages meant for a person (Chinese)."""

from __future__ import annotations


class LookupServiceError(Exception):
    """A failure a person should read about; `code` is stable for programs."""

    code = "service_error"
    status = 400

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class PublishBusy(LookupServiceError):
    code = "publish_in_progress"
    status = 409


class ImportRejected(LookupServiceError):
    code = "import_rejected"
    status = 422
