"""One error hierarchy: services raise these, the edges render them."""

from __future__ import annotations


class PantauError(Exception):
    """A failure with a message a user can act on and the HTTP status it maps to."""

    status_code = 500

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class NotFound(PantauError):
    status_code = 404


class Conflict(PantauError):
    status_code = 409


class Forbidden(PantauError):
    status_code = 403


class Unauthorized(PantauError):
    status_code = 401


class Invalid(PantauError):
    status_code = 422
