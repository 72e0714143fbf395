"""create_app(): the web service's routers, error handlers and state."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from app.config import Settings, get_settings
from app.dashboard.router import router as dashboard_router
from app.db import make_engine
from app.errors import PantauError, Unauthorized
from app.exports.router import router as exports_router
from app.imports.api import router as imports_router
from app.posts.router import router as posts_router
from app.review.api import router as review_api_router
from app.review.pages import router as review_pages_router
from app.users.api import router as users_api_router
from app.users.router import router as users_pages_router
from app.watchlist.admin_router import router as watchlist_admin_router
from app.web import page_error


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; nothing is connected until the first request."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Pantau",
        version="0.1.0",
        description="Civil-servant neutrality monitoring for Bawaslu's internet-watch pokja. "
        "Partner endpoints need `Authorization: Bearer <key>`.",
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = sessionmaker(bind=engine, expire_on_commit=False)
    app.include_router(posts_router)
    app.include_router(users_api_router)
    app.include_router(users_pages_router)
    app.include_router(review_api_router)
    app.include_router(review_pages_router)
    app.include_router(dashboard_router)
    app.include_router(exports_router)
    app.include_router(watchlist_admin_router)
    app.include_router(imports_router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.exception_handler(PantauError)
    def _pantau_error(request: Request, exc: PantauError) -> Response:
        if getattr(request.state, "page", False):
            return page_error(request, exc)
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        return JSONResponse({"detail": exc.message}, exc.status_code, headers=headers)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> JSONResponse:
        """Liveness and database reachability."""
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means unhealthy
            return JSONResponse({"status": "error", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    return app
