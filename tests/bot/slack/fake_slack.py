"""A fake Slack Web API of our own, served on loopback: it answers the methods the bot
uses the way Slack does, records every call, and can be told to answer 429."""

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_USER_ID = "UBOTCSP01"
TEAM_ID = "TDEMO0001"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    status: int = 200
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered


@dataclass
class FakeSlack:
    """`users` maps a user id to the email users.info gives (None: no email scope)."""

    users: dict[str, str | None] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    _rate_limited: dict[str, list[float]] = field(default_factory=dict)
    _refused: dict[str, list[str]] = field(default_factory=dict)
    _held: dict[str, threading.Event] = field(default_factory=dict)
    _delays: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    # Called (in the fake's server thread) with each call once it is recorded: the
    # benchmark uses it to time a reply's arrival.
    on_call: Callable[[Call], None] | None = None
    socket_url: str | None = None  # what apps.connections.open hands out (Socket Mode)
    # Where this fake is served: files.getUploadURLExternal hands out upload URLs on it.
    base_url: str = ""
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes received
    # The token's scopes, sent as Slack does in every answer's X-OAuth-Scopes header.
    scopes: list[str] = field(default_factory=list)
    # conversations.info: channel id -> whether the bot is a member (others: not found).
    channels: dict[str, bool] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/upload/{file_id}", self._upload, methods=["POST"]),
            ]
        )

    async def _upload(self, request: Request) -> JSONResponse:
        """The external upload flow's second step: the file's bytes, POSTed to the URL."""
        body = await request.body()
        with self._lock:
            self.uploads[request.path_params["file_id"]] = body
        return JSONResponse({"ok": True})

    def rate_limit(self, method: str, *, retry_after: float, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and this Retry-After."""
        with self._lock:
            self._rate_limited.setdefault(method, []).extend([retry_after] * times)

    def refuse(self, method: str, *, error: str) -> None:
        """Answer the next call of `method` with {"ok": false, "error": error}."""
        with self._lock:
            self._refused.setdefault(method, []).append(error)

    def slow_down(self, method: str, *, seconds: float) -> None:
        """Answer every call of `method` only after `seconds` (a struggling Slack)."""
        self._delays[method] = seconds

    def hold(self, method: str) -> threading.Event:
        """Keep every call of `method` waiting, unanswered and unrecorded, until the
        returned event is set (proves what the bot does before Slack has answered)."""
        released = threading.Event()
        self._held[method] = released
        return released

    def named(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(
        self,
        method: str,
        *,
        count: int = 1,
        where: Callable[[Call], bool] = lambda _: True,
        timeout: float = 10.0,
    ) -> list[Call]:
        """The calls of `method` once at least `count` have arrived (the bot answers after
        acknowledging, so tests wait for its calls); fails the test when they never do."""
        deadline = time.monotonic() + timeout
        while True:
            found = [call for call in self.named(method) if call.status == 200 and where(call)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} {method} call(s) within {timeout} s, got {len(found)}: "
                    f"{[call.params for call in found]}"
                )
            time.sleep(0.01)

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await _params(request)
        held = self._held.get(method)
        while held is not None and not held.is_set():
            await asyncio.sleep(0.01)
        await asyncio.sleep(self._delays.get(method, 0))
        token = request.headers.get("authorization", "").removeprefix("Bearer ") or None
        with self._lock:
            pending = self._rate_limited.get(method)
            if pending:
                retry_after = pending.pop(0)
                self.calls.append(Call(method, params, token, status=429))
                return JSONResponse(
                    {"ok": False, "error": "ratelimited"},
                    status_code=429,
                    headers={"Retry-After": str(int(retry_after))},
                )
            ts = f"{1_700_000_000 + next(self._ts)}.000100"
            refused = self._refused.get(method)
            result = (
                {"ok": False, "error": refused.pop(0)}
                if refused
                else self._answer(method, params, ts)
            )
            call = Call(method, params, token, result=result)
            self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        return JSONResponse(result, headers={"X-OAuth-Scopes": ",".join(self.scopes)})

    def _answer(self, method: str, params: dict[str, Any], ts: str) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://demo.slack.com/",
                "team": "Demo",
                "user": "cspbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": "BBOTCSP01",
            }
        if method in ("chat.postMessage", "chat.update"):
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": params.get("ts") or ts,
                "message": {"text": params.get("text"), "ts": ts},
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", ""))[1:]}}
        if method == "users.info":
            return self._user(str(params.get("user", "")))
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
        if method == "files.getUploadURLExternal":
            file_id = "F" + ts.replace(".", "")
            upload = {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
            return {"ok": True, **upload}
        if method == "files.completeUploadExternal":
            files = params.get("files")
            listed = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in listed]}
        if method == "conversations.info":
            channel = str(params.get("channel", ""))
            if channel not in self.channels:
                return {"ok": False, "error": "channel_not_found"}
            details = {"id": channel, "name": channel.lower(), "is_member": self.channels[channel]}
            return {"ok": True, "channel": details}
        if method in ("views.publish", "views.open"):
            return {"ok": True, "view": {"id": "V" + ts.replace(".", "")}}
        return {"ok": False, "error": "unknown_method"}

    def _user(self, user_id: str) -> dict[str, Any]:
        if user_id not in self.users:
            return {"ok": False, "error": "user_not_found"}
        profile = {"real_name": "Demo user"}
        email = self.users[user_id]
        if email:
            profile["email"] = email
        return {"ok": True, "user": {"id": user_id, "profile": profile}}


async def _params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    body = (await request.body()).decode()
    if not body:
        return params
    if "json" in request.headers.get("content-type", ""):
        params.update(json.loads(body))
    else:
        params.update(parse_qsl(body))
    return params
