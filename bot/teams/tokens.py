"""The inbound token check, run before the body is read.

The SDK checks a request's token only after parsing its body (so junk got 400, not 401)
and, through PyJWT, checks `exp` only when a token has one: a correctly signed token
without an expiry would be good for ever. Here the SDK's own validator runs first, on the
token alone, and a token must also carry `exp`; the SDK then checks it again, with the
activity's service URL.
"""

import logging
from collections.abc import Mapping

import jwt

from bot.teams.sdk import CloudEnvironment, InboundActivityTokenValidator

log = logging.getLogger(__name__)

# The SDK's validator logs each refusal (with the token's own text); ours logs one line.
_SDK_VALIDATOR_LOGGER = "microsoft_teams.apps.auth.token_validator"


class InboundTokens:
    def __init__(self, client_id: str, cloud: CloudEnvironment) -> None:
        self._validator = InboundActivityTokenValidator(client_id, cloud=cloud)
        logging.getLogger(_SDK_VALIDATOR_LOGGER).setLevel(logging.CRITICAL)

    async def refusal(self, headers: Mapping[str, str]) -> str | None:
        """None for a good token, else why the request is refused."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return "no bearer token"
        try:
            claims = await self._validator.validate_token(token)
        except jwt.PyJWTError as exc:
            return f"invalid token ({type(exc).__name__})"
        if "exp" not in claims:
            return "token without an expiry"
        return None
