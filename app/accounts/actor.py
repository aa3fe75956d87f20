"""Who is acting: a signed-in user (or nobody) and where the request came from."""

from dataclasses import dataclass

from app.accounts.models import Role, User


@dataclass(frozen=True)
class Actor:
    user: User | None
    client_address: str | None = None
    # "cookie", "token" or "system"; bearer tokens are exempt from CSRF, cookies are not.
    via: str = "cookie"

    @property
    def is_signed_in(self) -> bool:
        return self.user is not None

    @property
    def role(self) -> Role | None:
        return self.user.role if self.user is not None else None

    @property
    def organization_id(self) -> int | None:
        return self.user.organization_id if self.user is not None else None

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.email
        return "system" if self.via == "system" else "anonymous"


ANONYMOUS = Actor(user=None)
SYSTEM = Actor(user=None, client_address="portal command", via="system")
