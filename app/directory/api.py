"""Read-only JSON API over the directory (/api/v1/directory)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/directory", tags=["directory"])
