"""A Bot Connector of our own, on loopback: it records every message the bot posts or
updates, answers member and channel look-ups, and publishes the signing keys (an OpenID
metadata document and a JWKS) that inbound tokens are checked against."""

import asyncio
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

ISSUER = "https://api.botframework.com"
CLIENT_ID = "11111111-2222-4333-8444-555555555555"
TENANT_ID = "99999999-8888-4777-8666-555555555555"
KEY_ID = "cspbot-test-key"


@dataclass
class Call:
    method: str  # create | update
    conversation_id: str
    activity: dict[str, Any]
    authorization: str | None
    activity_id: str | None = None

    @property
    def card(self) -> dict[str, Any]:
        return dict(self.activity["attachments"][0]["content"])


@dataclass
class FakeConnector:
    base_url: str = ""  # set once served
    calls: list[Call] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)  # statuses to answer before success
    # While set and not yet released, posts wait unanswered (a Teams that has not replied).
    held: threading.Event | None = None
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # user id -> member
    team_channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    client_secret: str = "the-right-secret"  # what the token endpoint accepts
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.app = self._build()

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/teams/"

    @property
    def login_url(self) -> str:
        """The Entra ID login endpoint stand-in (TEAMS_LOGIN_URL)."""
        return f"{self.base_url}/login"

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    def token(self, **changes: Any) -> str:
        """A connector token as the Bot Framework signs it; `changes` override claims
        (None removes one), `key` signs with another key."""
        key = changes.pop("key", self.key)
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "iat": now - 10,
            "nbf": now - 10,
            "exp": now + 3600,
            "serviceurl": self.service_url,
        }
        claims.update(changes)
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def wait_for(self, count: int, *, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.calls) >= count:
                    return list(self.calls)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} calls to the connector, got {self.calls}")

    def _record(self, call: Call) -> JSONResponse:
        with self._lock:
            if self.fail_with:
                status = self.fail_with.pop(0)
                headers = {"Retry-After": "0.1"} if status == 429 else None
                return JSONResponse({"error": "try later"}, status_code=status, headers=headers)
            self.calls.append(call)
        return JSONResponse({"id": call.activity_id or f"activity-{uuid.uuid4().hex[:8]}"})

    def _build(self) -> FastAPI:
        app = FastAPI()
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)

        @app.get("/v1/.well-known/openidconfiguration")
        def metadata() -> dict[str, Any]:
            return {"issuer": ISSUER, "jwks_uri": f"{self.base_url}/v1/.well-known/keys"}

        @app.post("/login/{tenant_id}/oauth2/v2.0/token")
        async def token(tenant_id: str, request: Request) -> JSONResponse:
            form = dict(parse_qsl((await request.body()).decode()))
            if (tenant_id, form.get("client_id"), form.get("client_secret")) != (
                TENANT_ID,
                CLIENT_ID,
                self.client_secret,
            ):
                refused = {"error": "invalid_client", "error_description": "AADSTS7000215: "
                           "Invalid client secret provided.\r\nTrace ID: 0"}  # fmt: skip
                return JSONResponse(refused, status_code=401)
            return JSONResponse({"token_type": "Bearer", "expires_in": 3599,
                                 "access_token": self.token()})  # fmt: skip

        @app.get("/v1/.well-known/keys")
        def keys() -> dict[str, Any]:
            return {"keys": [{**public, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

        @app.post("/teams/v3/conversations/{conversation_id}/activities")
        async def create(conversation_id: str, request: Request) -> JSONResponse:
            while self.held is not None and not self.held.is_set():
                await asyncio.sleep(0.01)
            return self._record(
                Call(
                    "create",
                    conversation_id,
                    await request.json(),
                    request.headers.get("authorization"),
                )
            )

        @app.put("/teams/v3/conversations/{conversation_id}/activities/{activity_id}")
        async def update(conversation_id: str, activity_id: str, request: Request) -> JSONResponse:
            return self._record(
                Call(
                    "update",
                    conversation_id,
                    await request.json(),
                    request.headers.get("authorization"),
                    activity_id,
                )
            )

        @app.get("/teams/v3/conversations/{conversation_id}/members/{member_id}")
        def member(conversation_id: str, member_id: str) -> JSONResponse:
            found = self.members.get(member_id)
            if found is None:
                return JSONResponse({"error": {"code": "NotFound"}}, status_code=404)
            return JSONResponse(found)

        @app.get("/teams/v3/teams/{team_id}/conversations")
        def channels(team_id: str) -> dict[str, Any]:
            return {"conversations": self.team_channels.get(team_id, [])}

        return app
