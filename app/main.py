"""The application factory."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI
from starlette.staticfiles import StaticFiles

from app.accounts import deps as account_deps
from app.config import Settings, load_settings
from app.db import make_engine, make_session_factory
from app.notifications import service as notifications
from app.web import errors
from app.web.cookies import CookieQueueMiddleware
from app.web.security_headers import SecurityHeadersMiddleware
from app.web.templating import STATIC_DIR

log = logging.getLogger("app")

OUTBOX_INTERVAL_SECONDS = 30


def _routers() -> list:
    # Imported here so that importing app.main does not import every domain's routes twice.
    from app.accounts import routes as accounts_routes
    from app.api import routes as api_routes
    from app.dashboards import routes as dashboards_routes
    from app.directory import api as directory_api
    from app.directory import routes as directory_routes
    from app.engagements import routes as engagements_routes
    from app.evidence import routes as evidence_routes
    from app.pages import routes as pages_routes
    from app.partners import routes as partners_routes
    from app.reviews import routes as reviews_routes
    from app.schools import routes as schools_routes

    return [
        pages_routes.router,
        accounts_routes.router,
        partners_routes.router,
        schools_routes.router,
        evidence_routes.router,
        engagements_routes.router,
        reviews_routes.router,
        directory_routes.router,
        dashboards_routes.router,
        api_routes.router,
        directory_api.router,
    ]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    engine = make_engine(settings.resolved_database_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if settings.smtp_url:
            task = asyncio.create_task(_deliver_outbox_forever(app))
        yield
        if task is not None:
            task.cancel()
        engine.dispose()

    app = FastAPI(
        title="Priority Partners portal",
        version="1.0",
        description="Vetted school-turnaround partners: public directory and JSON API.",
        lifespan=lifespan,
        dependencies=[Depends(account_deps.authenticate)],
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in _routers():
        app.include_router(router)
    errors.install(app)
    app.add_middleware(CookieQueueMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, https=settings.is_https)
    return app


async def _deliver_outbox_forever(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    while True:
        try:
            await asyncio.to_thread(
                notifications.outbox_deliver,
                session_factory=app.state.session_factory,
                smtp_url=settings.smtp_url,
                sender=settings.mail_from,
            )
        except Exception:
            log.exception("Outbox delivery failed; will retry")
        await asyncio.sleep(OUTBOX_INTERVAL_SECONDS)
