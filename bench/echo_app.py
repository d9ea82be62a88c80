"""The yardstick for bench/slack_roundtrip.py: a bare Bolt AsyncApp that verifies the
signature and echoes, served by uvicorn with its default settings, in a process of its
own, as `cspbot serve` is.

Run: python -m bench.echo_app --port PORT --api-url URL  (SLACK_SIGNING_SECRET, and
SLACK_BOT_TOKEN, from the environment, as for cspbot)
"""

import argparse
import os
from typing import Any

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def echo_app(api_url: str) -> Starlette:
    bolt = AsyncApp(
        client=AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=api_url),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )

    @bolt.event("message")
    async def echo(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=event["channel"], text=event.get("text", ""))

    handler = AsyncSlackRequestHandler(bolt)

    async def endpoint(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return Response("ok")

    return Starlette(
        routes=[
            Route("/slack/events", endpoint, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-url", required=True)
    args = parser.parse_args()
    uvicorn.run(echo_app(args.api_url), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
