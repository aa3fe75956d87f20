"""Input shapes for each accounts use case: only the fields a user may send."""

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from app.accounts.models import OrganizationKind, Role
from app.accounts.passwords import password_problem

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Email = Annotated[EmailStr, StringConstraints(strip_whitespace=True, to_lower=True)]


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class SignInForm(Input):
    email: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1)]
    password: Annotated[str, StringConstraints(min_length=1)]


def _acceptable_password(value: str, info: ValidationInfo) -> str:
    problem = password_problem(value, email=str(info.data.get("email") or ""))
    if problem:
        raise ValueError(problem)
    return value


def _matches_password(value: str, info: ValidationInfo) -> str:
    if "password" in info.data and value != info.data["password"]:
        raise ValueError("The two passwords do not match.")
    return value


NewPassword = Annotated[str, AfterValidator(_acceptable_password)]
PasswordConfirmation = Annotated[str, AfterValidator(_matches_password)]


class SetPasswordForm(Input):
    # Filled in by the route from the account, never from the form; used by the password check.
    email: str = ""
    password: NewPassword
    password_confirm: PasswordConfirmation


class PasswordChangeForm(Input):
    email: str = ""
    current_password: str = Field(min_length=1)
    password: NewPassword
    password_confirm: PasswordConfirmation


class PartnerAccountRequestForm(Input):
    organization_name: Text = Field(max_length=200)
    website: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    full_name: Text = Field(max_length=200)
    email: Email
    password: NewPassword
    password_confirm: PasswordConfirmation
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""

    @field_validator("website")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("Enter the full web address, starting with https://.")
        return value


class PasswordResetRequestForm(Input):
    email: Email


class InvitationForm(Input):
    email: Email
    full_name: Text = Field(max_length=200)
    role: Role
    organization_id: int


class OrganizationForm(Input):
    name: Text = Field(max_length=200)
    kind: OrganizationKind


class RoleChangeForm(Input):
    role: Role


class ReasonForm(Input):
    reason: Text = Field(max_length=2000)


class ApiTokenForm(Input):
    name: Text = Field(max_length=100)
