"""The Bolt AsyncApp, built without touching the network, and its place in the ASGI app.

Construction makes no call: Bolt asks auth.test lazily on the first request (and caches
it) to learn the bot's own user id. HTTP mode mounts Bolt at /slack/events; Socket Mode
(SLACK_APP_TOKEN set) connects out to Slack while the ASGI app is running instead.
"""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt.adapter.starlette.async_handler import (
    to_async_bolt_request,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.metrics import Metrics
from bot.reports.files import ReportFiles
from bot.slack.client import web_client
from bot.slack.config import SlackConfig, SlackConfigError
from bot.slack.listeners import SlackBot, register_listeners
from bot.slack.notifier import SlackNotifier
from bot.slack.shapes import odd_payload
from bot.slack.verify import SlackVerifier
from schedules.clock import Clock
from store.db import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def build_bolt_app(
    config: SlackConfig,
    *,
    store: Store,
    clock: Clock,
    metrics: Metrics,
    reports: ReportFiles | None = None,
) -> AsyncApp:
    client = web_client(config, retry_rate_limits=True, metrics=metrics)
    app = AsyncApp(
        name="cspbot",
        client=client,
        # HTTP requests are verified before Bolt sees them (bot/slack/verify.py); Socket
        # Mode requests carry no signature.
        signing_secret=config.signing_secret or "",
        request_verification_enabled=False,
        logger=logging.getLogger("cspbot.slack"),
    )

    app.use(OurClient(client))
    register_listeners(
        app, SlackBot(store=store, clock=clock, client=client, metrics=metrics, reports=reports)
    )
    return app


class OurClient(AsyncMiddleware):
    """Bolt hands listeners a plain client made per request; they get ours, which counts
    every call (same token, URL and keep-alive session). A middleware class, not a
    function: Bolt builds some twenty keyword arguments for every call of a function."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        req.context["client"] = self.client
        return await next()


class SlackRuntime:
    """Slack inside the ASGI app: the Bolt app, the route or the Socket Mode connection,
    and the Notifier the reminder sweep delivers through."""

    def __init__(
        self,
        config: SlackConfig,
        *,
        store: Store,
        clock: Clock,
        metrics: Metrics,
        reports: ReportFiles | None = None,
    ) -> None:
        self.config = config
        self.bolt = build_bolt_app(
            config, store=store, clock=clock, metrics=metrics, reports=reports
        )
        self.notifier = SlackNotifier(config, store=store, metrics=metrics, reports=reports)

    def mount(self, web: FastAPI) -> None:
        """HTTP mode: POST /slack/events. Either mode: the Web API connections (and, in
        Socket Mode, the connection to Slack) live as long as the app, entered before the
        app's own lifespan so that its start-up sweep already delivers through them."""
        if not self.config.socket_mode:
            verifier = SlackVerifier(self.config.signing_secret or "")

            async def slack_events(request: Request) -> Response:
                return await self.dispatch(request, verifier)

            # A plain Starlette route: FastAPI's own request handling (dependencies,
            # response validation) does nothing for a raw body, yet ran for every event.
            web.router.add_route(EVENTS_PATH, slack_events, methods=["POST"])

        inner = web.router.lifespan_context

        @asynccontextmanager
        async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
            async with self.connected(), inner(app) as state:
                yield state

        web.router.lifespan_context = lifespan

    async def dispatch(self, request: Request, verifier: SlackVerifier) -> Response:
        """Verify, then hand to Bolt. The body is already capped (bot/body_limit.py)."""
        body = await request.body()
        refusal = verifier.refusal(body, request.headers)
        if refusal is not None:
            log.warning("refused a request to %s: %s", EVENTS_PATH, refusal)
            return JSONResponse({"error": "invalid request"}, status_code=401)
        try:
            bolt_request = to_async_bolt_request(request, body)
        except (ValueError, TypeError, LookupError, AttributeError):
            # Signed, yet not UTF-8, not JSON, or with fields Bolt cannot read as it builds
            # the request (a number for a user): Slack never sends that.
            log.warning("refused a request to %s: signed, but not a Slack payload", EVENTS_PATH)
            return JSONResponse({"error": "not a Slack payload"}, status_code=400)
        odd = odd_payload(bolt_request.body)
        if odd is not None:
            log.warning("ignored a Slack payload of unexpected shape: %s", odd)
            return Response(status_code=200)
        # Bolt acknowledges an event and starts its listener as a task of its own, which
        # runs once the acknowledgement is written, so the other end reads it while we
        # answer. Answering first (an `await asyncio.sleep(0)` here) posted the answer
        # sooner in the server, yet it arrived later end to end (bench/slack_roundtrip.py).
        return to_starlette_response(await self.bolt.async_dispatch(bolt_request))

    @asynccontextmanager
    async def connected(self) -> AsyncIterator[None]:
        """One keep-alive HTTP session for every Web API call: slack_sdk otherwise opens
        (and TLS-handshakes) a new connection per call."""
        clients = (self.bolt.client, self.notifier.client)
        async with aiohttp.ClientSession() as session:
            for client in clients:
                client.session = session
            try:
                if self.config.socket_mode:
                    async with self._socket_mode():
                        yield
                else:
                    yield
            finally:
                for client in clients:
                    client.session = None

    @asynccontextmanager
    async def _socket_mode(self) -> AsyncIterator[None]:
        # slack_sdk retries a refused connection forever, which would hang start-up: ask
        # once ourselves, so a wrong token or Socket Mode left off stops with a message.
        try:
            await self.bolt.client.apps_connections_open(app_token=self.config.app_token or "")
        except SlackApiError as exc:
            raise SlackConfigError(
                f"Slack refused the Socket Mode connection ({exc.response.get('error')}): "
                "check SLACK_APP_TOKEN (an app-level token with connections:write) and that "
                "Socket Mode is on in the app's settings"
            ) from exc
        # Imported here: HTTP mode, the usual one, need not load Socket Mode at start-up.
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        socket = AsyncSocketModeHandler(self.bolt, app_token=self.config.app_token)
        await socket.connect_async()
        log.info("Slack: connected in Socket Mode")
        try:
            yield
        finally:
            await socket.close_async()
