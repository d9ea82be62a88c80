"""Draft reports uploaded into Slack with the external upload flow (files_upload_v2 calls
files.getUploadURLExternal, sends the bytes, then files.completeUploadExternal)."""

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.reports.files import ReportFiles

log = logging.getLogger(__name__)
ATTACHED = "The draft report is attached below."


async def upload_report(
    client: AsyncWebClient,
    reports: ReportFiles,
    *,
    channel: str,
    ref: dict[str, Any],
    thread_ts: str | None = None,
) -> None:
    """Upload the report beside a message already sent: a failure is logged, not raised,
    since sending the message again for the file would repeat it."""
    found = await asyncio.to_thread(reports.draft, ref)
    if found is None:
        return
    try:
        await client.files_upload_v2(
            channel=channel,
            content=found.content,
            filename=found.name,
            title=found.name,
            thread_ts=thread_ts,
        )
    except (SlackApiError, aiohttp.ClientError, TimeoutError):
        log.exception("the draft report %s could not be uploaded", found.name)
