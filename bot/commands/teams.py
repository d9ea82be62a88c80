"""`cspbot teams-package`: the app package to upload to Teams."""

from pathlib import Path
from typing import Annotated

import typer

from bot.commands.common import fail, settings
from bot.teams.package import PackageDetails, write_package

# A placeholder fit for uploading to your own tenant; give real pages to publish org-wide.
DEFAULT_URL = "https://www.example.org/cspbot"


def register(app: typer.Typer) -> None:
    app.command("teams-package")(teams_package)


def teams_package(
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the zip.")] = Path(
        "cspbot-teams.zip"
    ),
    client_id: Annotated[
        str | None,
        typer.Option(
            help="The bot's Microsoft App ID (default: $TEAMS_CLIENT_ID).", show_default=False
        ),
    ] = None,
    app_id: Annotated[
        str | None,
        typer.Option(help="The Teams app's own GUID (default: the client id).", show_default=False),
    ] = None,
    version: Annotated[
        str, typer.Option(help="The app version; raise it for each upload.")
    ] = "1.0.0",
    developer: Annotated[
        str, typer.Option(help="Who publishes the app (32 characters at most).")
    ] = "cspbot",
    website: Annotated[str, typer.Option(help="An https:// page about the app.")] = DEFAULT_URL,
    privacy: Annotated[str, typer.Option(help="An https:// privacy statement.")] = DEFAULT_URL,
    terms: Annotated[str, typer.Option(help="An https:// terms of use page.")] = DEFAULT_URL,
    domain: Annotated[
        str | None,
        typer.Option(
            help="The host name the bot is served on, e.g. cspbot.example.gov.uk.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the Teams app package: manifest.json, color.png and outline.png in one zip."""
    client = (client_id or settings().teams_client_id or "").strip()
    if not client:
        fail("no client id: pass --client-id or set TEAMS_CLIENT_ID to the bot's Microsoft App ID")
    details = PackageDetails(
        client_id=client,
        app_id=app_id,
        version=version,
        developer=developer,
        website_url=website,
        privacy_url=privacy,
        terms_url=terms,
        domain=domain,
    )
    problems = write_package(output, details)
    if problems:
        fail("the manifest would not be valid: " + "; ".join(problems))
    typer.echo(f"wrote {output}: upload it in Teams (Apps > Manage your apps > Upload an app)")
