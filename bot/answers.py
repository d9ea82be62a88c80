"""Answering one chat message at the edge: the core's answer, timed, counted and logged.

The log line names the platform and intent, never the words asked: a question may hold
personal data (GDPR), so its text is logged at DEBUG only."""

import asyncio
import logging
import time
from functools import partial

from bot.metrics import Metrics
from handlers.pipeline import respond
from handlers.types import Message, Reply
from store.db import Store

log = logging.getLogger("cspbot.answers")


def answer(store: Store, message: Message, metrics: Metrics) -> Reply:
    started = time.perf_counter()
    reply = respond(store, message)
    seconds = time.perf_counter() - started
    _after_sending(partial(_record, message, reply, seconds, metrics))
    return reply


def _after_sending(record: partial[None]) -> None:
    """On the event loop (a question answered at once, bot/store_work.py), the answer is
    counted and logged once its task waits, which is as the answer goes out: writing the
    log line first held up every answer by a tenth of a millisecond or more
    (bench/slack_roundtrip.py). call_soon keeps the log context (event id, platform).
    In a worker thread, or with no event loop (the terminal), at once."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        record()
        return
    loop.call_soon(record)


def _record(message: Message, reply: Reply, seconds: float, metrics: Metrics) -> None:
    metrics.message_answered(message, reply, seconds)
    context = {"platform": message.platform, "intent": reply.intent}
    log.info(
        "answered %s message: %s%s in %.1f ms",
        message.platform,
        reply.intent,
        " (not understood)" if reply.unanswered else "",
        seconds * 1000,
        extra=context,
    )
    log.debug("the question was: %r", message.text, extra=context)
