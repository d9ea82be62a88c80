"""The Teams app: the Teams SDK inside cspbot's FastAPI app at /api/messages.

The SDK checks each request's token and parses the activity; our one catch-all handler
then answers at once. A message or an install is handled afterwards as background work
(identify, remember the conversation, ask the conversation core, send the reply with
retries), so Teams gets its 200 as soon as the token is checked and a reply that fails to
send is logged and retried, never turned into an error answer. A card button
(`adaptiveCard/action`) is answered in the HTTP response itself, as Teams requires.
"""

import asyncio
import logging
import uuid
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from bot.answers import answer
from bot.logs import log_context
from bot.metrics import Metrics
from bot.reports.files import ReportFiles, wants_report, with_attachment
from bot.teams import activities, forms
from bot.teams.actions import action_of, message, run_action
from bot.teams.cards import CHOICE_VERB, card_for
from bot.teams.config import TeamsConfig, is_loopback
from bot.teams.delivery import Target, TeamsSender, with_retries
from bot.teams.hosting import MESSAGES_PATH, RouteAdapter, call, mount, read_activity
from bot.teams.identity import identify, partnership_for
from bot.teams.notifier import TeamsNotifier
from bot.teams.references import remember, remember_channels
from bot.teams.sdk import (
    CHINA,
    PUBLIC,
    US_GOV,
    ActivityContext,
    App,
    CloudEnvironment,
    with_overrides,
)
from bot.teams.tokens import InboundTokens
from handlers.types import Identity, Message
from schedules.clock import Clock
from store.db import Store

log = logging.getLogger(__name__)

UNREADABLE_CHOICE = "I couldn't read that choice. Please ask your question again in your own words."
APOLOGY = "Sorry, that did not work. If it happens again, quote reference {reference}."


def _no_token(scope: str | list[str], tenant_id: str | None = None) -> None:
    """Unauthenticated (loopback) mode asks no one for a token, like Microsoft's local
    test tools, so the bot can run against a connector on this machine."""
    return None


def cloud_for(metadata_url: str) -> CloudEnvironment:
    """The Microsoft cloud whose keys the metadata URL names, so its token issuer and
    login endpoints go with them; any other URL (a test's) keeps the public cloud's."""
    for cloud in (PUBLIC, US_GOV, CHINA):
        if cloud.openid_metadata_url == metadata_url:
            return cloud
    return with_overrides(PUBLIC, openid_metadata_url=metadata_url)


def teams_cloud(config: TeamsConfig) -> CloudEnvironment:
    """The cloud for the metadata URL, with TEAMS_LOGIN_URL's token endpoint if given."""
    return with_overrides(cloud_for(config.openid_metadata_url), login_endpoint=config.login_url)


def sdk_app(config: TeamsConfig, adapter: RouteAdapter) -> App:
    """The SDK's App with every option given explicitly, so none of its environment
    variables (CLIENT_ID, SERVICE_URL, CLOUD, DANGEROUSLY_ALLOW_...) can change it."""
    credentials: dict[str, Any] = (
        {"token": _no_token}
        if config.allow_unauthenticated
        else {"client_secret": config.client_secret}
    )
    return App(
        client_id=config.client_id,
        tenant_id=config.tenant_id,
        service_url=config.service_url.rstrip("/"),
        cloud=teams_cloud(config),
        dangerously_allow_unauthenticated_requests=config.allow_unauthenticated,
        http_server_adapter=adapter,
        messaging_endpoint=MESSAGES_PATH,
        state=False,
        **credentials,
    )


class TeamsBot:
    def __init__(
        self,
        *,
        config: TeamsConfig,
        store: Store,
        clock: Clock,
        metrics: Metrics | None = None,
        reports: ReportFiles | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.metrics = metrics or Metrics(store)
        self.reports = reports
        self.routes = RouteAdapter()
        self.sdk = sdk_app(config, self.routes)
        self.tokens = (
            None
            if config.allow_unauthenticated
            else InboundTokens(config.client_id, cloud_for(config.openid_metadata_url))
        )
        self.sdk.router.add_handler(lambda _activity: True, self._on_activity)
        self.sender = TeamsSender(self.sdk, self.ready, self.metrics)
        self.notifier = TeamsNotifier(store=store, sender=self.sender)
        self._work: set[asyncio.Task[None]] = set()

    def mount(self, app: FastAPI) -> None:
        mount(app, self.handle)

    async def ready(self) -> None:
        """The SDK registers its messaging handler when initialised (once)."""
        if MESSAGES_PATH not in self.routes.handlers:
            await self.sdk.initialize()

    async def handle(self, request: Request) -> Response:
        if self.config.allow_unauthenticated and not is_loopback(
            request.client.host if request.client else ""
        ):
            # Defence in depth beside the start-up check: unsigned requests only from here.
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        if self.tokens is not None:
            refusal = await self.tokens.refusal(request.headers)
            if refusal is not None:
                log.warning("refused a request to %s: %s", MESSAGES_PATH, refusal)
                return JSONResponse({"error": "Unauthorized"}, status_code=401)
        body = await read_activity(request)
        if isinstance(body, Response):
            return body
        await self.ready()
        return await call(self.routes.handlers[MESSAGES_PATH], body, request)

    async def _on_activity(self, ctx: ActivityContext[Any]) -> Any:
        activity = ctx.activity.model_dump(by_alias=True, exclude_none=True, mode="json")
        if activity.get("type") == "invoke":
            if activity.get("name") == "adaptiveCard/action":
                return await self._card_action(activity)
            return None
        self._spawn(self._handle_later(activity))
        return None

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._work.add(task)
        task.add_done_callback(self._work.discard)

    async def _handle_later(self, activity: activities.Activity) -> None:
        with log_context(platform="teams", activity_id=activity.get("id")):
            try:
                await self._handle(activity)
            except Exception:
                log.exception("could not handle Teams activity %s", activity.get("id"))

    async def _handle(self, activity: activities.Activity) -> None:
        place = activities.where(activity)
        if place is None:
            log.warning("Teams activity %s has no conversation to answer", activity.get("id"))
            return
        actor = await self._identify(activity, place)
        first_time = await asyncio.to_thread(
            remember, self.store, activity, place, actor, at=self.clock.now()
        )
        if activities.bot_was_added(activity) and place.team_id:
            await self._remember_team_channels(activity, place)
        if activity.get("type") == "message" and first_time:
            await self._answer(activity, place, actor)

    async def _identify(self, activity: activities.Activity, place: activities.Where) -> Identity:
        async def email() -> str | None:
            return await self._email(activity, place)

        return await identify(self.store, activity, email=email)

    async def _email(self, activity: activities.Activity, place: activities.Where) -> str | None:
        """The sender's address from Teams' member details (the activity carries none)."""
        user_id = activities.sender(activity)[0]
        try:
            api = self.sdk.api.clone(service_url=place.service_url)
            member = await api.conversations.get_member_by_id(
                activities.base_conversation_id(place.conversation_id), user_id
            )
        except Exception as exc:
            log.warning("could not read Teams member details: %s", type(exc).__name__)
            return None
        return member.email or member.user_principal_name

    async def _remember_team_channels(
        self, activity: activities.Activity, place: activities.Where
    ) -> None:
        assert place.team_id is not None
        try:
            api = self.sdk.api.clone(service_url=place.service_url)
            channels = await api.teams.get_conversations(place.team_id)
        except Exception as exc:
            log.warning("could not list the team's channels: %s", type(exc).__name__)
            return
        ids = [channel.id for channel in channels if channel.id]
        await asyncio.to_thread(
            remember_channels, self.store, activity, place, ids, at=self.clock.now()
        )

    async def _answer(
        self,
        activity: activities.Activity,
        place: activities.Where,
        actor: Identity,
        text: str | None = None,
    ) -> None:
        """Answer the message's text, or `text` (a choice pressed), in its conversation."""
        words = activities.message_text(activity) if text is None else text
        card = await asyncio.to_thread(self._card_answering, activity, actor, words)
        target = Target(place.conversation_id, place.service_url)
        await with_retries(
            f"the reply to Teams message {activity.get('id')}",
            lambda: self.sender.post(target, card),
        )

    def _card_answering(
        self, activity: activities.Activity, actor: Identity, text: str
    ) -> dict[str, Any]:
        if forms.asks_for_form(text):
            return forms.update_form(self.store, actor=actor)
        channel_id, partnership_id = partnership_for(self.store, activity)
        message = Message(
            text=text,
            sender=actor,
            at=self.clock.now(),
            channel=channel_id,
            partnership_id=partnership_id,
        )
        reply = answer(self.store, message, self.metrics)
        ref = wants_report(reply)
        if ref is not None and self.reports is not None:
            # Teams bots cannot upload into a chat: a signed link to `cspbot serve`.
            reply = with_attachment(reply, self.reports.link(ref))
        return card_for(reply)

    async def _card_action(self, activity: activities.Activity) -> dict[str, Any]:
        place = activities.where(activity)
        verb, data = action_of(activity)
        if verb == CHOICE_VERB:
            return self._choice_pressed(activity, place, data)
        at: datetime = self.clock.now()
        try:
            actor = await self._identify(activity, place) if place else _guest(activity)
            body, card = await asyncio.to_thread(
                run_action, self.store, verb=verb, data=data, actor=actor, at=at
            )
        except Exception:
            reference = uuid.uuid4().hex[:8]
            log.exception("could not act on a Teams card (reference %s)", reference)
            return {"status": 200, "body": message(APOLOGY.format(reference=reference))}
        message_id = activity.get("replyToId")
        if card is not None and place is not None and message_id:
            target = Target(place.conversation_id, place.service_url)
            self._spawn(self._replace_card(target, str(message_id), card))
        return {"status": 200, "body": body}

    def _choice_pressed(
        self, activity: activities.Activity, place: activities.Where | None, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Acknowledged at once with a note to whoever pressed; the choice's words are then
        answered in the conversation, as if typed there."""
        text = data.get("text")
        if not isinstance(text, str) or not text.strip() or place is None:
            return {"status": 200, "body": message(UNREADABLE_CHOICE)}
        self._spawn(self._answer_choice(activity, place, text.strip()))
        return {"status": 200, "body": message(f"Asking: {text.strip()}")}

    async def _answer_choice(
        self, activity: activities.Activity, place: activities.Where, text: str
    ) -> None:
        try:
            await self._answer(activity, place, await self._identify(activity, place), text)
        except Exception:
            log.exception("could not answer a choice pressed in Teams (%s)", activity.get("id"))

    async def _replace_card(self, target: Target, message_id: str, card: dict[str, Any]) -> None:
        """The invoke answer shows the new card to whoever clicked; this shows it to all."""
        await with_retries(
            f"updating Teams message {message_id}",
            lambda: self.sender.update(target, message_id, card),
        )


def _guest(activity: activities.Activity) -> Identity:
    user_id, aad_id, name = activities.sender(activity)
    return Identity(platform="teams", user_id=aad_id or user_id, display_name=name)
