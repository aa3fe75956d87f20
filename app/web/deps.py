"""Typed dependencies routes declare: the request's database session and its form."""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app.db import request_session

DbSession = Annotated[Session, Depends(request_session, scope="function")]


async def read_form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(read_form)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
