"""Fictional schools demo data for `portal demo-data`."""

from sqlalchemy.orm import Session

from app.accounts.demo import DemoAccount


def load(session: Session) -> list[DemoAccount]:
    return []
