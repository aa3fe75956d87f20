"""Domain errors. Services raise them; app.web.errors renders them in one place."""


class DomainError(Exception):
    status_code = 400
    title = "Something went wrong"

    def __init__(self, message: str | None = None, *, field_errors: dict[str, str] | None = None):
        super().__init__(message or self.title)
        self.message = message or self.title
        self.field_errors = field_errors or {}


class NotFound(DomainError):
    status_code = 404
    title = "Page not found"


class Forbidden(DomainError):
    status_code = 403
    title = "You do not have permission to do that"


class NotAuthenticated(DomainError):
    status_code = 401
    title = "Sign in to continue"


class Conflict(DomainError):
    status_code = 409
    title = "This changed since you loaded it"


class InvalidTransition(DomainError):
    status_code = 409
    title = "That step is not allowed now"


class ValidationFailed(DomainError):
    status_code = 422
    title = "Check the highlighted fields"


class TooManyRequests(DomainError):
    status_code = 429
    title = "Too many attempts"

    def __init__(self, message: str | None = None, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
