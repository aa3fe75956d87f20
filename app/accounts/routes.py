"""Sign-in, account requests, invitations, password reset, own account, administration."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.accounts import permissions as perms
from app.accounts import queries, service
from app.accounts.deps import CurrentActor, end_browser_session, session_token, start_browser_session
from app.accounts.models import (
    ROLE_LABELS,
    OrganizationKind,
    OrganizationStatus,
    Role,
    TokenPurpose,
    UserStatus,
)
from app.accounts.schemas import (
    ApiTokenForm,
    InvitationForm,
    OrganizationForm,
    PartnerAccountRequestForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    ReasonForm,
    RoleChangeForm,
    SetPasswordForm,
    SignInForm,
)
from app.errors import ValidationFailed
from app.web.deps import DbSession, Form
from app.web.forms import enum_or_none, form_dict, parse
from app.web.pagination import paginate
from app.web.responses import field_check, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)

# Single-use links in emails (invitations, password resets).
SECRET_LINK = re.compile(r"(/invitations/|/password-reset/)[\w-]+")

ROLE_OPTIONS = [(role.value, role.label) for role in Role]
KIND_OPTIONS = [(k.value, k.value.replace("_", " ").capitalize()) for k in OrganizationKind]
ORG_STATUS_OPTIONS = [(s.value, s.value.capitalize()) for s in OrganizationStatus]
USER_STATUS_OPTIONS = [(s.value, s.value.capitalize()) for s in UserStatus]


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.base_url).rstrip("/")


def safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would make the sign-in page a phishing tool."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _home_for(role: Role) -> str:
    return {
        Role.state_admin: "/admin",
        Role.reviewer: "/for-reviewers",
        Role.partner_editor: "/for-partners",
        Role.district_member: "/directory",
    }[role]


# --- sign in and out -------------------------------------------------------------------


@router.get("/sign-in")
def sign_in_page(request: Request, actor: CurrentActor, next: str = "/"):
    return render(request, "accounts/sign_in.html", {"values": {}, "errors": {}, "next": safe_next(next)})


@router.post("/sign-in")
def sign_in_submit(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    values = form_dict(form)
    next_url = safe_next(str(values.get("next") or "/"))
    data, errors = parse(SignInForm, values)
    context = {"values": {"email": values.get("email", "")}, "errors": errors, "next": next_url}
    if data is None:
        return render(request, "accounts/sign_in.html", context, status_code=422)
    settings = request.app.state.settings
    result = service.sign_in(
        session=session,
        email=data.email,
        password=data.password,
        actor=actor,
        user_agent=request.headers.get("User-Agent"),
        lifetime=timedelta(hours=settings.session_absolute_hours),
        previous_token=session_token(request),
    )
    if result.token is None or result.user is None:
        context["error"] = result.error
        headers = {"Retry-After": str(result.retry_after)} if result.retry_after else None
        status = 429 if result.retry_after else 400
        return render(request, "accounts/sign_in.html", context, status_code=status, headers=headers)
    start_browser_session(request, result.token)
    target = next_url if next_url != "/" else _home_for(result.user.role)
    return redirect(request, target, message=f"Signed in as {result.user.email}.")


@router.post("/sign-out")
def sign_out(request: Request, session: DbSession, actor: CurrentActor):
    raw = session_token(request)
    if raw is not None:
        service.sign_out(session=session, raw=raw, actor=actor)
    end_browser_session(request)
    return redirect(request, "/", message="You are signed out.")


# --- partner account request -------------------------------------------------------------


@router.get("/request-account")
def request_account_page(request: Request, actor: CurrentActor):
    return render(request, "accounts/request_account.html", {"values": {}, "errors": {}})


@router.post("/request-account")
def request_account_submit(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    values = form_dict(form)
    data, errors = parse(PartnerAccountRequestForm, values)
    if data is None:
        return render(
            request, "accounts/request_account.html", {"values": values, "errors": errors}, status_code=422
        )
    service.organization_request(session=session, form=data, actor=actor, base_url=_base_url(request))
    return redirect(request, "/request-account/sent")


@router.post("/request-account/validate")
def request_account_validate(request: Request, actor: CurrentActor, form: Form):
    return field_check(PartnerAccountRequestForm, form_dict(form), str(form.get("field", "")))


@router.get("/request-account/sent")
def request_account_sent(request: Request, actor: CurrentActor):
    return render(request, "accounts/request_sent.html")


# --- invitations and password reset ----------------------------------------------------------


@router.get("/invitations/{token}")
def invitation_page(request: Request, session: DbSession, actor: CurrentActor, token: str):
    user = service.token_check(session=session, raw=token, purpose=TokenPurpose.invitation)
    return render(request, "accounts/set_password.html", {"user": user, "errors": {}, "mode": "invitation"})


@router.post("/invitations/{token}")
def invitation_accept(request: Request, session: DbSession, actor: CurrentActor, token: str, form: Form):
    user = service.token_check(session=session, raw=token, purpose=TokenPurpose.invitation)
    data, errors = parse(SetPasswordForm, {**form_dict(form), "email": user.email})
    if data is None:
        context = {"user": user, "errors": errors, "mode": "invitation"}
        return render(request, "accounts/set_password.html", context, status_code=422)
    service.invitation_accept(session=session, raw=token, password=data.password, actor=actor)
    return redirect(request, "/sign-in", message="Your password is set. Sign in to continue.")


@router.get("/password-reset")
def password_reset_page(request: Request, actor: CurrentActor):
    return render(request, "accounts/reset_request.html", {"values": {}, "errors": {}})


@router.post("/password-reset")
def password_reset_submit(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    values = form_dict(form)
    data, errors = parse(PasswordResetRequestForm, values)
    if data is None:
        return render(
            request, "accounts/reset_request.html", {"values": values, "errors": errors}, status_code=422
        )
    service.password_reset_request(
        session=session, email=str(data.email), actor=actor, base_url=_base_url(request)
    )
    return redirect(
        request,
        "/sign-in",
        message=(
            "If an account uses that email, we sent it a link to reset the password. "
            "The link works for 1 hour."
        ),
        kind="info",
    )


@router.get("/password-reset/{token}")
def password_reset_form(request: Request, session: DbSession, actor: CurrentActor, token: str):
    user = service.token_check(session=session, raw=token, purpose=TokenPurpose.password_reset)
    return render(request, "accounts/set_password.html", {"user": user, "errors": {}, "mode": "reset"})


@router.post("/password-reset/{token}")
def password_reset_complete(
    request: Request, session: DbSession, actor: CurrentActor, token: str, form: Form
):
    user = service.token_check(session=session, raw=token, purpose=TokenPurpose.password_reset)
    data, errors = parse(SetPasswordForm, {**form_dict(form), "email": user.email})
    if data is None:
        context = {"user": user, "errors": errors, "mode": "reset"}
        return render(request, "accounts/set_password.html", context, status_code=422)
    service.password_reset_complete(session=session, raw=token, password=data.password, actor=actor)
    return redirect(request, "/sign-in", message="Your password is changed. Sign in with the new one.")


# --- own account ------------------------------------------------------------------------------


def _account_context(session, actor, **extra) -> dict:  # type: ignore[no-untyped-def]
    assert actor.user is not None
    return {
        "user": queries.user(session, actor, actor.user.id),
        "tokens": queries.api_tokens(session, actor),
        "session_count": queries.live_session_count(session, actor.user.id),
        "errors": {},
        "new_token": None,
        **extra,
    }


@router.get("/account")
def account_page(request: Request, session: DbSession, actor: CurrentActor):
    perms.require(perms.can_use_account(actor), actor)
    return render(request, "accounts/account.html", _account_context(session, actor))


@router.post("/account/password")
def account_password(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_use_account(actor), actor)
    assert actor.user is not None
    data, errors = parse(PasswordChangeForm, {**form_dict(form), "email": actor.user.email})
    if data is not None:
        try:
            service.password_change(
                session=session,
                current_password=data.current_password,
                password=data.password,
                actor=actor,
                keep_session=session_token(request),
            )
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(
                request,
                "/account",
                message="Your password is changed. Other browsers and API tokens are signed out.",
            )
    return render(
        request, "accounts/account.html", _account_context(session, actor, errors=errors), status_code=422
    )


@router.post("/account/tokens")
def account_token_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_use_account(actor), actor)
    data, errors = parse(ApiTokenForm, form_dict(form))
    if data is None:
        return render(
            request, "accounts/account.html", _account_context(session, actor, errors=errors), status_code=422
        )
    _token, raw = service.api_token_create(session=session, name=data.name, actor=actor)
    # Shown once, on this response only; it is never stored or shown again.
    return render(request, "accounts/account.html", _account_context(session, actor, new_token=raw))


@router.post("/account/tokens/{token_id}/revoke")
def account_token_revoke(request: Request, session: DbSession, actor: CurrentActor, token_id: int):
    service.api_token_revoke(session=session, token_id=token_id, actor=actor)
    return redirect(request, "/account", message="The token is revoked.")


@router.post("/account/sessions/revoke")
def account_sessions_revoke(request: Request, session: DbSession, actor: CurrentActor):
    perms.require(perms.can_use_account(actor), actor)
    assert actor.user is not None
    service.user_revoke_sessions(session=session, user=actor.user, actor=actor)
    end_browser_session(request)
    return redirect(request, "/sign-in", message="You are signed out everywhere.")


# --- administration -------------------------------------------------------------------------


@router.get("/admin/organizations")
def admin_organizations(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    q: str = "",
    kind: str = "",
    status: str = "",
    page: int = 1,
):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    statement = queries.organizations(
        actor,
        text=q,
        kind=enum_or_none(OrganizationKind, kind),
        status=enum_or_none(OrganizationStatus, status),
    )
    context = {
        "page": paginate(session, statement, page=page),
        "params": {"q": q, "kind": kind, "status": status},
        "kind_options": KIND_OPTIONS,
        "status_options": ORG_STATUS_OPTIONS,
        "values": {},
        "errors": {},
    }
    return render(request, "accounts/admin_organizations.html", context, block="results")


@router.post("/admin/organizations")
def admin_organization_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    values = form_dict(form)
    data, errors = parse(OrganizationForm, values)
    if data is None:
        context = {
            "page": paginate(session, queries.organizations(actor), page=1),
            "params": {},
            "kind_options": KIND_OPTIONS,
            "status_options": ORG_STATUS_OPTIONS,
            "values": values,
            "errors": errors,
        }
        return render(request, "accounts/admin_organizations.html", context, status_code=422)
    organization = service.organization_create(session=session, name=data.name, kind=data.kind, actor=actor)
    return redirect(
        request, f"/admin/organizations/{organization.id}", message=f"{organization.name} is created."
    )


@router.get("/admin/organizations/{organization_id}")
def admin_organization_detail(
    request: Request, session: DbSession, actor: CurrentActor, organization_id: int
):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    organization = queries.organization(session, actor, organization_id)
    members = list(session.scalars(queries.users(actor, organization_id=organization.id)))
    return render(
        request,
        "accounts/admin_organization.html",
        {"organization": organization, "members": members, "errors": {}},
    )


@router.post("/admin/organizations/{organization_id}/approve")
def admin_organization_approve(
    request: Request, session: DbSession, actor: CurrentActor, organization_id: int
):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    organization = queries.organization(session, actor, organization_id)
    service.organization_approve(
        session=session, organization=organization, actor=actor, base_url=_base_url(request)
    )
    return redirect(
        request, f"/admin/organizations/{organization.id}", message=f"{organization.name} is approved."
    )


@router.post("/admin/organizations/{organization_id}/reject")
def admin_organization_reject(
    request: Request, session: DbSession, actor: CurrentActor, organization_id: int, form: Form
):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    organization = queries.organization(session, actor, organization_id)
    data, errors = parse(ReasonForm, form_dict(form))
    if data is None:
        members = list(session.scalars(queries.users(actor, organization_id=organization.id)))
        context = {"organization": organization, "members": members, "errors": errors}
        return render(request, "accounts/admin_organization.html", context, status_code=422)
    service.organization_reject(session=session, organization=organization, reason=data.reason, actor=actor)
    return redirect(
        request, f"/admin/organizations/{organization.id}", message=f"{organization.name} is rejected."
    )


@router.post("/admin/organizations/{organization_id}/disable")
def admin_organization_disable(
    request: Request, session: DbSession, actor: CurrentActor, organization_id: int
):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    organization = queries.organization(session, actor, organization_id)
    service.organization_set_enabled(session=session, organization=organization, enabled=False, actor=actor)
    return redirect(
        request, f"/admin/organizations/{organization.id}", message=f"{organization.name} is disabled."
    )


@router.post("/admin/organizations/{organization_id}/enable")
def admin_organization_enable(
    request: Request, session: DbSession, actor: CurrentActor, organization_id: int
):
    perms.require(perms.can_manage_organizations(actor), actor, hide=True)
    organization = queries.organization(session, actor, organization_id)
    service.organization_set_enabled(session=session, organization=organization, enabled=True, actor=actor)
    return redirect(
        request, f"/admin/organizations/{organization.id}", message=f"{organization.name} is enabled."
    )


@router.get("/admin/users")
def admin_users(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    q: str = "",
    role: str = "",
    status: str = "",
    page: int = 1,
):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    statement = queries.users(
        actor, text=q, role=enum_or_none(Role, role), status=enum_or_none(UserStatus, status)
    )
    context = {
        "page": paginate(session, statement, page=page),
        "params": {"q": q, "role": role, "status": status},
        "role_options": ROLE_OPTIONS,
        "status_options": USER_STATUS_OPTIONS,
    }
    return render(request, "accounts/admin_users.html", context, block="results")


def _invite_context(session, actor, values, errors) -> dict:  # type: ignore[no-untyped-def]
    organizations = queries.active_organizations(session, actor)
    return {
        "values": values,
        "errors": errors,
        "role_options": ROLE_OPTIONS,
        "organization_options": [(o.id, f"{o.name} ({o.kind.replace('_', ' ')})") for o in organizations],
    }


@router.get("/admin/users/invite")
def admin_invite_page(request: Request, session: DbSession, actor: CurrentActor, organization_id: str = ""):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    context = _invite_context(session, actor, {"organization_id": organization_id}, {})
    return render(request, "accounts/admin_invite.html", context)


@router.post("/admin/users/invite")
def admin_invite_submit(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    values = form_dict(form)
    data, errors = parse(InvitationForm, values)
    if data is not None:
        try:
            user = service.user_invite(session=session, form=data, actor=actor, base_url=_base_url(request))
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(request, f"/admin/users/{user.id}", message=f"Invitation sent to {user.email}.")
    context = _invite_context(session, actor, values, errors)
    return render(request, "accounts/admin_invite.html", context, status_code=422)


@router.get("/admin/users/{user_id}")
def admin_user_detail(request: Request, session: DbSession, actor: CurrentActor, user_id: int):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    user = queries.user(session, actor, user_id)
    context = {
        "user": user,
        "session_count": queries.live_session_count(session, user.id),
        "role_options": ROLE_OPTIONS,
        "role_labels": ROLE_LABELS,
        "can_edit": perms.can_edit_user(actor, user),
        "errors": {},
    }
    return render(request, "accounts/admin_user.html", context)


@router.post("/admin/users/{user_id}/disable")
def admin_user_disable(request: Request, session: DbSession, actor: CurrentActor, user_id: int):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    user = queries.user(session, actor, user_id)
    service.user_set_enabled(session=session, user=user, enabled=False, actor=actor)
    return redirect(request, f"/admin/users/{user.id}", message=f"{user.email} is disabled and signed out.")


@router.post("/admin/users/{user_id}/enable")
def admin_user_enable(request: Request, session: DbSession, actor: CurrentActor, user_id: int):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    user = queries.user(session, actor, user_id)
    service.user_set_enabled(session=session, user=user, enabled=True, actor=actor)
    return redirect(request, f"/admin/users/{user.id}", message=f"{user.email} is enabled.")


@router.post("/admin/users/{user_id}/role")
def admin_user_role(request: Request, session: DbSession, actor: CurrentActor, user_id: int, form: Form):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    user = queries.user(session, actor, user_id)
    data, errors = parse(RoleChangeForm, form_dict(form))
    if data is not None:
        try:
            service.user_change_role(session=session, user=user, role=data.role, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(
                request, f"/admin/users/{user.id}", message=f"{user.email} is now {data.role.label}."
            )
    context = {
        "user": user,
        "session_count": queries.live_session_count(session, user.id),
        "role_options": ROLE_OPTIONS,
        "role_labels": ROLE_LABELS,
        "can_edit": perms.can_edit_user(actor, user),
        "errors": errors,
    }
    return render(request, "accounts/admin_user.html", context, status_code=422)


@router.post("/admin/users/{user_id}/revoke-sessions")
def admin_user_revoke_sessions(request: Request, session: DbSession, actor: CurrentActor, user_id: int):
    perms.require(perms.can_manage_users(actor), actor, hide=True)
    user = queries.user(session, actor, user_id)
    count = service.user_revoke_sessions(session=session, user=user, actor=actor)
    return redirect(
        request, f"/admin/users/{user.id}", message=f"Ended {count} session{'s' if count != 1 else ''}."
    )


@router.get("/admin/audit")
def admin_audit(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    who: str = "",
    page: int = 1,
):
    statement = queries.audit_events(
        actor, action=action, object_type=object_type, object_id=object_id, actor_text=who
    )
    context = {
        "page": paginate(session, statement, page=page, per_page=50),
        "params": {"action": action, "object_type": object_type, "object_id": object_id, "who": who},
        "object_types": [(t, t) for t in queries.audit_object_types(session)],
    }
    return render(request, "accounts/admin_audit.html", context, block="results")


@router.get("/admin/outbox")
def admin_outbox(
    request: Request, session: DbSession, actor: CurrentActor, recipient: str = "", page: int = 1
):
    statement = queries.outbox(actor, recipient=recipient)
    context = {"page": paginate(session, statement, page=page), "params": {"recipient": recipient}}
    return render(request, "accounts/admin_outbox.html", context, block="results")


@router.get("/admin/outbox/{message_id}")
def admin_outbox_message(
    request: Request, session: DbSession, actor: CurrentActor, message_id: int
) -> Response:
    message = queries.outbox_message(session, actor, message_id)
    body = message.body
    if request.app.state.settings.smtp_url:
        # With real delivery, links that sign someone in belong to the recipient alone.
        body = SECRET_LINK.sub(r"\1[link sent to the recipient]", body)
    return render(request, "accounts/admin_outbox_message.html", {"message": message, "body": body})
