"""The SDK's HTTP adapter, pointed at our own FastAPI app instead of a server of its own.

The SDK registers its messaging handler (JWT check, then the activity pipeline) through
`register_route`; our route at /api/messages parses the body and calls it. `cspbot serve`
runs the server, so the SDK's start/stop do nothing here.
"""

import json
import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from bot.teams.sdk import ActivityTypeAdapter, CoreActivity, HttpRequest, HttpRouteHandler

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"


class RouteAdapter:
    """Implements the SDK's HttpServerAdapter protocol by remembering its handlers."""

    def __init__(self) -> None:
        self.handlers: dict[str, HttpRouteHandler] = {}

    def register_route(self, method: str, path: str, handler: HttpRouteHandler) -> None:
        if method != "POST":
            raise ValueError(f"unsupported method {method} for {path}")
        self.handlers[path] = handler

    def serve_static(self, path: str, directory: str) -> None:
        raise NotImplementedError("cspbot serves no static pages")

    async def start(self, port: int) -> None:
        raise NotImplementedError("cspbot serve runs the web server")

    async def stop(self) -> None:
        return None


async def read_activity(request: Request) -> dict[str, object] | Response:
    """The posted activity, or the 400 answer for a body that is not a JSON object."""
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return JSONResponse({"error": "the body is not JSON"}, status_code=400)
    if not isinstance(body, dict) or not _is_activity(body):
        return JSONResponse({"error": "the body is not an activity"}, status_code=400)
    return body


def _is_activity(body: dict[str, object]) -> bool:
    """Whether the SDK will read it: its own two validations, run here first, because in
    the SDK a field of the wrong type is a 500 with a traceback. One log line instead."""
    try:
        core = CoreActivity.model_validate(body)
        ActivityTypeAdapter.validate_python(core.model_dump(by_alias=True, exclude_none=True))
    except ValidationError as exc:
        log.warning("refused a Teams activity of unexpected shape (%d errors)", exc.error_count())
        return False
    return True


async def call(handler: HttpRouteHandler, body: dict[str, object], request: Request) -> Response:
    result = await handler(HttpRequest(body=body, headers=dict(request.headers)))
    status = result["status"]
    if result.get("body") is None:
        return Response(status_code=status)
    return JSONResponse(result["body"], status_code=status)


def mount(app: FastAPI, handle: Callable[[Request], Awaitable[Response]]) -> None:
    app.add_api_route(MESSAGES_PATH, handle, methods=["POST"], include_in_schema=False)
