"""Every authorization rule, one policy function per action.

Routes, services and the API all ask these functions; list queries apply the same rules in
SQL (see each domain's queries). `require` turns a refusal into the right error: 404 where
the object must stay invisible, 403 where the user may know it exists, and a sign-in prompt
for anonymous users.
"""

from app.accounts.actor import Actor
from app.accounts.models import Organization, OrganizationKind, Role, User
from app.errors import Forbidden, NotAuthenticated, NotFound


def require(allowed: bool, actor: Actor, *, hide: bool = False, message: str | None = None) -> None:
    if allowed:
        return
    if not actor.is_signed_in and actor.via != "system":
        raise NotAuthenticated()
    if hide:
        raise NotFound()
    raise Forbidden(message)


def _is(actor: Actor, *roles: Role) -> bool:
    return actor.user is not None and actor.user.is_active and actor.user.role in roles


def is_state_admin(actor: Actor) -> bool:
    return _is(actor, Role.state_admin)


def is_state_staff(actor: Actor) -> bool:
    return _is(actor, Role.state_admin, Role.reviewer)


# --- accounts ---------------------------------------------------------------------------


def can_manage_organizations(actor: Actor) -> bool:
    """Approve or reject partner requests, create, disable and enable organizations."""
    return is_state_admin(actor) or actor.via == "system"


def can_manage_users(actor: Actor) -> bool:
    """Invite, disable, enable, change roles, revoke sessions."""
    return is_state_admin(actor) or actor.via == "system"


def can_read_audit_log(actor: Actor) -> bool:
    return is_state_admin(actor)


def can_read_outbox(actor: Actor) -> bool:
    return is_state_admin(actor)


def can_use_account(actor: Actor) -> bool:
    """Own account pages: password change, API tokens, own sessions."""
    return actor.user is not None and actor.user.is_active


def can_see_organization(actor: Actor, organization: Organization) -> bool:
    return is_state_staff(actor) or actor.organization_id == organization.id


def can_edit_user(actor: Actor, user: User) -> bool:
    # Admins cannot lock themselves out by disabling or demoting their own account.
    return can_manage_users(actor) and (actor.user is None or actor.user.id != user.id)


def belongs_to(actor: Actor, organization_id: int, kind: OrganizationKind) -> bool:
    """The actor is active staff of this organization of this kind."""
    roles = {
        OrganizationKind.partner: (Role.partner_editor,),
        OrganizationKind.district: (Role.district_member,),
        OrganizationKind.state_agency: (Role.state_admin, Role.reviewer),
    }[kind]
    return _is(actor, *roles) and actor.organization_id == organization_id
