from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, computed_field

from app.users import tokens
from app.users.permissions import PERMISSIONS, allowed


class TokenCreate(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1024)
    name: str = Field("API token", min_length=1, max_length=200,
                      description="what the token is for, e.g. 'laptop script'")
    days: int = Field(tokens.DEFAULT_DAYS, ge=1, le=tokens.MAX_DAYS,
                      description="days until the token expires")


class TokenRead(BaseModel):
    token: str = Field(description="send as 'Authorization: Bearer <token>'; shown only now")
    name: str
    expires_at: datetime


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: str
    unit: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def permissions(self) -> list[str]:
        return sorted(p for p in PERMISSIONS if allowed(self.role, p))
