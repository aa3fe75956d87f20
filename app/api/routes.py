"""The JSON API root (/api/v1). Domain routers mount their own read-only views here."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.accounts import permissions as perms
from app.accounts.deps import CurrentActor

router = APIRouter(prefix="/api/v1", tags=["account"])


class Me(BaseModel):
    email: str
    full_name: str
    role: str
    organization_id: int


@router.get("/me", response_model=Me, summary="The account the API token belongs to")
def me(actor: CurrentActor) -> Me:
    perms.require(perms.can_use_account(actor), actor)
    assert actor.user is not None
    user = actor.user
    return Me(
        email=user.email, full_name=user.full_name, role=user.role.value, organization_id=user.organization_id
    )
