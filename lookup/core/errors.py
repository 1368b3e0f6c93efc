"""The service's exceptions: one family, messages meant for a person (Chinese), no Flask.

Every service error carries a stable `code` for programs and the HTTP `status` the web layer
answers with (`lookup.web.errors` turns any of them into a JSON body or a Chinese page). A
message says what to do next wherever there is something to do.
"""

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


class BadRequest(LookupServiceError):
    """Something the client sent cannot be answered."""

    status = 400

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)


class NotFound(BadRequest):
    """The thing asked for does not exist (unknown item, list, version, draft or report)."""

    status = 404


class Conflict(LookupServiceError):
    """The request is valid but the state does not allow it now (a draft already published)."""

    code = "conflict"
    status = 409


class PublishBusy(Conflict):
    """Another publish holds the publish lease."""

    code = "publish_in_progress"


class DraftRefused(LookupServiceError):
    """A draft that may not be published (it has errors, or it is not open)."""

    code = "draft_refused"
    status = 422


class ImportFileError(LookupServiceError):
    """A spreadsheet that cannot be read as a whole (format, corrupt, empty, no header row)."""

    code = "unreadable_file"
    status = 422


class Unavailable(LookupServiceError):
    """The service cannot answer now; the message says what an operator should do."""

    code = "unavailable"
    status = 503


class IndexMissing(Unavailable):
    """No search index for the published version on this node."""

    code = "index_missing"
