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


# --- schools ----------------------------------------------------------------------------


def can_manage_school_registry(actor: Actor) -> bool:
    """Import the state's school directory and link district organizations to districts."""
    return is_state_admin(actor) or actor.via == "system"


def can_search_schools(actor: Actor) -> bool:
    """The school picker: any active signed-in user (the registry is public state data)."""
    return actor.user is not None and actor.user.is_active


# --- engagements ------------------------------------------------------------------------


def can_manage_engagements(actor: Actor, partner) -> bool:  # type: ignore[no-untyped-def]
    """Create, edit, delete, import and export a partner's engagements: its own editors."""
    return belongs_to(actor, partner.organization_id, OrganizationKind.partner) or actor.via == "system"


def can_read_engagements(actor: Actor, partner) -> bool:  # type: ignore[no-untyped-def]
    return can_manage_engagements(actor, partner) or is_state_staff(actor)


def can_confirm_engagements(actor: Actor, district) -> bool:  # type: ignore[no-untyped-def]
    """Confirm or dispute engagements at a district's schools: members of the linked district
    organization only."""
    if actor.via == "system":
        return True
    return district.organization_id is not None and belongs_to(
        actor, district.organization_id, OrganizationKind.district
    )


# --- reviews -----------------------------------------------------------------------------


def can_run_reviews(actor: Actor) -> bool:
    """Cycles, rubrics, assignment, consensus, decisions, designations."""
    return is_state_admin(actor) or actor.via == "system"


def can_review(actor: Actor) -> bool:
    """Reviewer pages: own assignments, score sheets, conflict declarations."""
    return is_state_staff(actor)


def is_assignable_reviewer(user: User) -> bool:
    return user.is_active and user.role is Role.reviewer


def can_apply_for(actor: Actor, partner: object) -> bool:
    """Partner staff apply, edit drafts, submit, withdraw and answer information requests."""
    return belongs_to(actor, partner.organization_id, OrganizationKind.partner)  # type: ignore[attr-defined]


def can_score(actor: Actor, assignment: object) -> bool:
    return (
        _is(actor, Role.reviewer, Role.state_admin)
        and actor.user is not None
        and actor.user.id == assignment.reviewer_id  # type: ignore[attr-defined]
    )


def can_request_information(actor: Actor, *, is_assigned: bool) -> bool:
    """Staff ask partners questions: admins, and reviewers assigned to the application."""
    return can_run_reviews(actor) or (is_assigned and _is(actor, Role.reviewer))


# --- partners ----------------------------------------------------------------------------


def is_partner_editor(actor: Actor) -> bool:
    """Active staff of a partner organization: the partner workspace is theirs."""
    return _is(actor, Role.partner_editor)


def can_edit_partner(actor: Actor, partner: object) -> bool:
    """Edit the profile, upload and delete documents: the partner's own editors."""
    return actor.via == "system" or belongs_to(
        actor,
        partner.organization_id,  # type: ignore[attr-defined]
        OrganizationKind.partner,
    )


def can_read_partner_private(actor: Actor, partner: object) -> bool:
    """The full profile, pending revisions and documents: own editors and state staff."""
    return can_edit_partner(actor, partner) or is_state_staff(actor)


def can_read_document(actor: Actor, partner: object) -> bool:
    """A partner's uploaded document by its bare id: own editors and state admins only.

    Reviewers reach documents through an application they are assigned to and not
    conflicted with (reviews routes), never by walking document ids."""
    return can_edit_partner(actor, partner) or is_state_admin(actor)


def can_decide_revisions(actor: Actor) -> bool:
    """Accept or reject a designated partner's pending profile changes; list all partners."""
    return is_state_admin(actor) or actor.via == "system"


# --- evidence ----------------------------------------------------------------------------


def can_edit_evidence(actor: Actor, partner: object) -> bool:
    """Create, edit, submit, correct and delete drafts of a partner's evidence: its own editors."""
    return actor.via == "system" or belongs_to(
        actor,
        partner.organization_id,  # type: ignore[attr-defined]
        OrganizationKind.partner,
    )


def can_read_evidence(actor: Actor, partner: object) -> bool:
    """Every version of a partner's evidence, drafts included: own editors and state staff."""
    return can_edit_evidence(actor, partner) or is_state_staff(actor)


def can_verify_evidence(actor: Actor) -> bool:
    """Confirm or change the claimed tier of submitted evidence, or return it: state staff."""
    return is_state_staff(actor) or actor.via == "system"


def can_browse_all_evidence(actor: Actor) -> bool:
    """The evidence pages under /admin: program staff (reviewers verify through assignments)."""
    return is_state_admin(actor)


# --- directory ---------------------------------------------------------------------------


def is_district_member(actor: Actor) -> bool:
    return _is(actor, Role.district_member)


def can_use_shortlists(actor: Actor) -> bool:
    """District staff keep shortlists of partners for their district."""
    return is_district_member(actor)


def can_see_shortlist(actor: Actor, shortlist: object) -> bool:
    """Every member of the district that owns the shortlist, nobody else."""
    return belongs_to(actor, shortlist.organization_id, OrganizationKind.district)  # type: ignore[attr-defined]


def can_send_inquiry(actor: Actor) -> bool:
    return is_district_member(actor)


def can_read_inbox(actor: Actor) -> bool:
    """Partner staff read the inquiries districts sent to their organization."""
    return _is(actor, Role.partner_editor)


def inquiry_side(actor: Actor, inquiry: object, partner_organization_id: int) -> str | None:
    """The actor's side of the thread ("district" or "partner"), or None for outsiders."""
    if belongs_to(actor, inquiry.district_organization_id, OrganizationKind.district):  # type: ignore[attr-defined]
        return "district"
    if belongs_to(actor, partner_organization_id, OrganizationKind.partner):
        return "partner"
    return None


def can_see_inquiry(actor: Actor, inquiry: object, partner_organization_id: int) -> bool:
    return inquiry_side(actor, inquiry, partner_organization_id) is not None


def can_use_needs_profiles(actor: Actor) -> bool:
    """District staff rate their schools' needs to get recommended partners."""
    return is_district_member(actor)


def can_see_needs_profile(actor: Actor, profile: object) -> bool:
    return belongs_to(actor, profile.organization_id, OrganizationKind.district)  # type: ignore[attr-defined]
