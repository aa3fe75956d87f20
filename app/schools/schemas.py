"""Input shapes for the school registry's use cases."""

from pydantic import BaseModel, ConfigDict, field_validator


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class DistrictLinkForm(Input):
    """Link a district organization to a district; empty unlinks it."""

    organization_id: int | None = None

    @field_validator("organization_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value in ("", None) else value
