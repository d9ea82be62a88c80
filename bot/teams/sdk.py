"""The one place that imports the Teams SDK for Python (`microsoft-teams-apps`).

Importing `microsoft_teams.apps` runs `load_dotenv(find_dotenv(usecwd=True))`: a `.env` in
the working directory, or in any directory above it, would be copied into the process
environment, where both the SDK (CLIENT_ID, SERVICE_URL, CLOUD, ...) and our own Settings
would read it. Our rule is that the process environment is the one source, so the import
runs with python-dotenv's documented off switch set, and the switch is put back afterwards.
"""

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _dotenv_disabled() -> Iterator[None]:
    key = "PYTHON_DOTENV_DISABLED"
    previous = os.environ.get(key)
    os.environ[key] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[key]
        else:
            os.environ[key] = previous


with _dotenv_disabled(), warnings.catch_warnings():
    # The SDK warns at import that an HTML widget feature (which we do not use) is a preview.
    warnings.filterwarnings("ignore", message=".*HtmlWidget.*")
    from microsoft_teams.api.activities import ActivityTypeAdapter
    from microsoft_teams.api.activities.message.message import MessageActivityInput
    from microsoft_teams.api.auth.cloud_environment import (
        CHINA,
        PUBLIC,
        US_GOV,
        CloudEnvironment,
        with_overrides,
    )
    from microsoft_teams.api.models.attachment.attachment import Attachment
    from microsoft_teams.apps import ActivityContext, App
    from microsoft_teams.apps.auth import InboundActivityTokenValidator
    from microsoft_teams.apps.events import CoreActivity
    from microsoft_teams.apps.http.adapter import HttpRequest, HttpRouteHandler

__all__ = [
    "CHINA",
    "PUBLIC",
    "US_GOV",
    "ActivityContext",
    "ActivityTypeAdapter",
    "App",
    "Attachment",
    "CloudEnvironment",
    "CoreActivity",
    "HttpRequest",
    "HttpRouteHandler",
    "InboundActivityTokenValidator",
    "MessageActivityInput",
    "with_overrides",
]
