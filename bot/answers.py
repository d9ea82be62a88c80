"""Answering one chat message at the edge: the core's answer, timed, counted and logged.

The log line names the platform and intent, never the words asked: a question may hold
personal data (GDPR), so its text is logged at DEBUG only."""

import logging
import time

from bot.metrics import Metrics
from handlers.pipeline import respond
from handlers.types import Message, Reply
from store.db import Store

log = logging.getLogger("cspbot.answers")


def answer(store: Store, message: Message, metrics: Metrics) -> Reply:
    started = time.perf_counter()
    reply = respond(store, message)
    seconds = time.perf_counter() - started
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
    return reply
