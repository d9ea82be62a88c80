"""What the bot does with each kind of Slack request, all through the conversation core.

Every listener acknowledges at once (Bolt does it for events) and does its store work where
it never holds up the event loop or the 3-second acknowledgement: a question's, through
bot/store_work.py (at once when it need not wait and is alone, else in a worker thread);
a button's or a form's, in a worker thread. The update form is the one exception: its
field errors must travel in the acknowledgement, so it stores (milliseconds) first.
"""

import asyncio
import json
import logging
import re
import uuid
from datetime import date, timedelta
from typing import Any, overload

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.answers import answer
from bot.logs import log_context
from bot.metrics import Metrics
from bot.reports.files import REPORT_KEY, ReportFiles, wants_report, with_attachment
from bot.slack import blocks
from bot.slack.dedupe import EventLog
from bot.slack.files import ATTACHED, upload_report
from bot.slack.identity import SlackDirectory, identity
from bot.slack.mrkdwn import to_plain
from bot.store_work import StoreWork
from handlers.home import home_view
from handlers.occurrence_actions import (
    INTENT_DONE,
    INTENT_SNOOZE,
    REFUSED,
    mark_done,
    out_of_date,
    snooze,
    snooze_until,
)
from handlers.senders import Recognised
from handlers.snapshot import pinned
from handlers.types import Identity, Message, Reply
from handlers.updates import post_update, updatable_priorities
from schedules.clock import Clock
from store.db import Store

log = logging.getLogger(__name__)

REMINDER_ACTIONS = re.compile(r"^reminder_(done|snooze_1d|snooze_1w)$")
CHOICE_ACTIONS = re.compile(rf"^{blocks.CHOICE_ACTION}[0-9]+$")
UNREADABLE_CHOICE = "I couldn't read that choice. Please ask your question again in your own words."
SNOOZE_DAYS = {"snooze_1d": 1, "snooze_1w": 7}
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
UPDATE_SHORTCUT = "log_progress_update"
UPDATE_BUTTON = "home_post_update"
UPDATE_MODAL = "progress_update"
# A check-in's "Update <item>" buttons: the form opens on that item.
CHECKIN_ACTION = re.compile(r"^checkin_update:")

Payload = dict[str, Any]  # a Slack message's `text` and `blocks`
Body = dict[str, Any]  # a request's JSON, or its `event`


class SlackBot:
    """The listeners' shared state: the store, the clock, and who is who."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        client: AsyncWebClient,
        metrics: Metrics,
        reports: ReportFiles | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.reports = reports
        self.work = StoreWork(store)
        self.directory = SlackDirectory(store=store, client=client, work=self.work)
        self.events = EventLog(store=store, clock=clock)

    @overload
    async def reply(
        self, *, event_id: None, user_id: str, text: str, channel: str | None
    ) -> Payload: ...

    @overload
    async def reply(
        self, *, event_id: str, user_id: str, text: str, channel: str | None
    ) -> Payload | None: ...

    async def reply(
        self, *, event_id: str | None, user_id: str, text: str, channel: str | None
    ) -> Payload | None:
        """The core's answer to `text` as a Slack message payload; None for an event
        already handled (Slack's retry). Recording the event, then who is asking, the
        answer and its rendering, are store work (bot/store_work.py): on SQLite, for a
        message alone, done at once on the event loop. A user the store does not know by Slack id is
        answered after asking Slack for their email. A failure is logged with a
        reference and answered with an apology, never with the exception's text."""
        with log_context(platform="slack", event_id=event_id):
            try:
                if not await self.work(self.events.first_time, event_id):
                    return None
                payload = await self.work(self._reply_if_recognised, user_id, text, channel)
                if payload is None:
                    await self.directory.fetch_email(user_id)
                    payload = await self.work(self._reply_as_found, user_id, text, channel)
                return payload
            except Exception:
                reference = uuid.uuid4().hex[:8]
                log.exception("could not answer a Slack message (reference %s)", reference)
                return blocks.apology(reference)

    def _reply_if_recognised(self, user_id: str, text: str, channel: str | None) -> Payload | None:
        """The answer, or None when it turns on an email Slack has not been asked for."""
        with pinned(self.store):
            found = self.directory.recognise(user_id, channel)
            if self.directory.needs_email(user_id, found):
                return None
            return self._answer(found, user_id, text, channel)

    def _reply_as_found(self, user_id: str, text: str, channel: str | None) -> Payload:
        with pinned(self.store):
            found = self.directory.recognise(user_id, channel)
            return self._answer(found, user_id, text, channel)

    def _answer(self, found: Recognised, user_id: str, text: str, channel: str | None) -> Payload:
        message = Message(
            text=to_plain(text).strip(),
            sender=identity(user_id, found),
            at=self.clock.now(),
            channel=channel,
            partnership_id=found.partnership_id,
        )
        reply = answer(self.store, message, self.metrics)
        ref = wants_report(reply)
        if ref is None or self.reports is None:
            return blocks.message_payload(reply)
        # Carried to the listener, which uploads the file once the answer is posted.
        return blocks.message_payload(with_attachment(reply, ATTACHED)) | {REPORT_KEY: ref}

    async def post(
        self, client: AsyncWebClient, payload: Payload, *, channel: str, thread_ts: str | None
    ) -> None:
        """Post an answer, and the draft report it offers, if any."""
        ref = payload.pop(REPORT_KEY, None)
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **payload)
        if ref is not None and self.reports is not None:
            await upload_report(client, self.reports, channel=channel, ref=ref, thread_ts=thread_ts)


def register_listeners(app: AsyncApp, bot: SlackBot) -> None:
    """Every Slack listener, registered in one place."""

    @app.event("app_mention")
    async def on_mention(event: Body, body: Body, client: AsyncWebClient) -> None:
        # Field types were checked on arrival (bot/slack/shapes.py).
        channel = event.get("channel", "")
        if channel.startswith("D"):
            return  # a mention inside a DM also arrives as message.im
        text = MENTION.sub(" ", event.get("text") or "")  # null: a file with no comment
        with bot.work.request():
            payload = await bot.reply(
                event_id=body.get("event_id"),
                user_id=event.get("user", ""),
                text=text,
                channel=channel,
            )
            if payload is not None:
                thread = event.get("thread_ts") or event.get("ts")
                await bot.post(client, payload, channel=channel, thread_ts=thread)

    @app.event("message")
    async def on_message(event: Body, body: Body, client: AsyncWebClient) -> None:
        # Edits, deletions, joins and bots' own messages are not questions.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        channel = event.get("channel", "")
        text = MENTION.sub(" ", event.get("text") or "")
        with bot.work.request():
            payload = await bot.reply(
                event_id=body.get("event_id"),
                user_id=event.get("user", ""),
                text=text,
                channel=None,
            )
            if payload is not None:
                await bot.post(client, payload, channel=channel, thread_ts=None)

    @app.command("/csp")
    async def on_command(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        channel = command.get("channel_id", "")
        user_id = command.get("user_id", "")
        text = command.get("text") or "help"
        in_channel = None if channel.startswith("D") else channel
        with bot.work.request():
            payload = await bot.reply(event_id=None, user_id=user_id, text=text, channel=in_channel)
            try:
                await client.chat_postEphemeral(channel=channel, user=user_id, **payload)
            except SlackApiError:
                # A DM between two other people, or a channel the bot is not in: answer
                # through the command's response_url, which works anywhere.
                await respond(response_type="ephemeral", **payload)

    @app.event("app_home_opened")
    async def on_home(event: Body, body: Body, client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        with bot.work.request():
            if not await bot.work(bot.events.first_time, body.get("event_id")):
                return
            sender = await bot.directory.identify(event.get("user", ""))
            reply = await bot.work(
                home_view, bot.store, person_id=sender.person_id, at=bot.clock.now()
            )
            await client.views_publish(user_id=sender.user_id, view=blocks.home_view(reply))

    @app.action(REMINDER_ACTIONS)
    async def on_reminder_button(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        sender = await bot.directory.identify(body.get("user", {}).get("id", ""))
        reply = await asyncio.to_thread(_occurrence_action, bot, sender, action)
        container = body.get("container", {})
        channel = container.get("channel_id", "")
        if reply.template == REFUSED:
            # Only the person who pressed sees why; the buttons stay for those who may.
            payload = blocks.message_payload(reply)
            await client.chat_postEphemeral(channel=channel, user=sender.user_id, **payload)
            return
        await client.chat_update(
            channel=channel,
            ts=container.get("message_ts", ""),
            **blocks.acted_upon(body.get("message", {}), reply),
        )

    @app.action(CHOICE_ACTIONS)
    async def on_choice_button(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """A choice pressed: its words answered as if the person had typed them, where the
        question was asked (the DM, the channel's thread, or only to them)."""
        await ack()
        user_id = body.get("user", {}).get("id", "")
        container = body.get("container", {})
        channel = container.get("channel_id", "")
        text = str(action.get("value") or "").strip()
        if text:
            in_channel = None if channel.startswith("D") else channel
            payload = await bot.reply(event_id=None, user_id=user_id, text=text, channel=in_channel)
        else:
            payload = {"text": UNREADABLE_CHOICE, "blocks": blocks.text_sections(UNREADABLE_CHOICE)}
        if container.get("is_ephemeral"):
            try:
                await client.chat_postEphemeral(channel=channel, user=user_id, **payload)
            except SlackApiError:
                # As for /csp: the response_url reaches conversations the bot is not in.
                await respond(response_type="ephemeral", **payload)
            return
        thread = body.get("message", {}).get("thread_ts")
        await client.chat_postMessage(channel=channel, thread_ts=thread, **payload)

    @app.shortcut(UPDATE_SHORTCUT)
    async def on_shortcut(ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = to_plain(shortcut.get("message", {}).get("text", ""))
        await _open_update_modal(bot, client, shortcut, text=text)

    @app.action(UPDATE_BUTTON)
    async def on_home_button(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await _open_update_modal(bot, client, body, text="")

    @app.action(CHECKIN_ACTION)
    async def on_checkin_button(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await _open_update_modal(bot, client, body, text="", only=str(action.get("value", "")))

    @app.view(UPDATE_MODAL)
    async def on_update_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        sender = await bot.directory.identify(body.get("user", {}).get("id", ""))
        fields = blocks.update_fields(view)
        reply = await asyncio.to_thread(
            post_update,
            bot.store,
            actor=sender,
            priority_id=fields["priority"] or "",
            rag=fields["rag"],
            text=fields["text"] or "",
            at=bot.clock.now(),
        )
        errors = reply.data.get("errors")
        if errors:
            await ack(response_action="errors", errors=blocks.modal_errors(errors))
            return
        await ack(response_action="update", view=blocks.update_done_view(reply))


async def _open_update_modal(
    bot: SlackBot,
    client: AsyncWebClient,
    body: dict[str, Any],
    *,
    text: str,
    only: str | None = None,
) -> None:
    """The form, limited to what the person may update (to one item, with `only`, when
    they may update it)."""
    sender = await bot.directory.identify(body.get("user", {}).get("id", ""))
    priorities = (
        await asyncio.to_thread(updatable_priorities, bot.store, person_id=sender.person_id)
        if sender.person_id
        else []
    )
    if only is not None:
        priorities = [p for p in priorities if p.id == only] or priorities
    view = blocks.update_modal(priorities, text=text)
    await client.views_open(trigger_id=body.get("trigger_id"), view=view)


def _occurrence_action(bot: SlackBot, sender: Identity, action: dict[str, Any]) -> Reply:
    """Done or snooze, for the occurrence the button's value names. A snooze ends at the
    partnership's reminder time on the working day one day or one week from now."""
    verb = str(action.get("action_id", "")).removeprefix("reminder_")
    target = _button_target(action.get("value"))
    if target is None:
        return out_of_date(INTENT_SNOOZE if verb in SNOOZE_DAYS else INTENT_DONE)
    milestone_id, occurrence = target
    at = bot.clock.now()
    if verb not in SNOOZE_DAYS:
        return mark_done(
            bot.store, milestone_id=milestone_id, occurrence=occurrence, actor=sender, at=at
        )
    days = SNOOZE_DAYS[verb]
    until = snooze_until(bot.store, milestone_id=milestone_id, at=at, days=days)
    return snooze(
        bot.store,
        milestone_id=milestone_id,
        occurrence=occurrence,
        actor=sender,
        until=until or at + timedelta(days=days),
        at=at,
    )


def _button_target(value: object) -> tuple[str, date] | None:
    """(milestone id, occurrence) from a reminder button's value as the bot wrote it
    (blocks.py); None for anything else (an old or forged button)."""
    try:
        written = json.loads(value)  # type: ignore[arg-type]
        milestone_id, occurrence = written["milestone_id"], written["occurrence"]
        day = date.fromisoformat(occurrence)
    except (ValueError, TypeError, KeyError):
        return None
    return (milestone_id, day) if isinstance(milestone_id, str) else None
