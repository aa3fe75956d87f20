"""Serving a stored document. Callers decide first whether the viewer may have it."""

from starlette.requests import Request
from starlette.responses import Response

from app.partners.models import Document
from app.storage import file_store
from app.web.errors import problem


def download_response(request: Request, document: Document) -> Response:
    store = file_store(request.app.state.settings.data_dir)
    if not store.exists(document.storage_key):
        return problem(request, 410, "The file is missing from storage. Ask the partner to upload it again.")
    return Response(
        store.read(document.storage_key),
        media_type=document.content_type,
        headers={
            # The stored name is already reduced to safe characters (app.storage.safe_filename).
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "private, no-store",
        },
    )
