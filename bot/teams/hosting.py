"""The SDK's HTTP adapter, pointed at our own FastAPI app instead of a server of its own.

The SDK registers its messaging handler (JWT check, then the activity pipeline) through
`register_route`; our route at /api/messages parses the body and calls it. `cspbot serve`
runs the server, so the SDK's start/stop do nothing here.
"""

import json
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from bot.teams.sdk import HttpRequest, HttpRouteHandler

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
    if not isinstance(body, dict):
        return JSONResponse({"error": "the body is not an activity"}, status_code=400)
    return body


async def call(handler: HttpRouteHandler, body: dict[str, object], request: Request) -> Response:
    result = await handler(HttpRequest(body=body, headers=dict(request.headers)))
    status = result["status"]
    if result.get("body") is None:
        return Response(status_code=status)
    return JSONResponse(result["body"], status_code=status)


def mount(app: FastAPI, handle: Callable[[Request], Awaitable[Response]]) -> None:
    app.add_api_route(MESSAGES_PATH, handle, methods=["POST"], include_in_schema=False)
