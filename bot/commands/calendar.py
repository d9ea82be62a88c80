"""`cspbot calendar` (a feed written to a file) and `cspbot calendar-link` (its secret
subscription link, issued, re-issued or revoked)."""

import secrets
from pathlib import Path
from typing import Annotated

import typer

from bot.commands.common import DbOption, fail, open_store, settings
from schedules.clock import SystemClock
from store import feeds

ACTOR = "cli"
# Plain http only for trying it out on this machine.
LOOPBACK_HTTP = ("http://127.0.0.1", "http://localhost")

PartnershipOption = Annotated[
    str | None, typer.Option("--partnership", help="A partnership's id.", show_default=False)
]
PersonOption = Annotated[
    str | None, typer.Option("--person", help="A person's id.", show_default=False)
]


def register(app: typer.Typer) -> None:
    app.command("calendar")(calendar_command)
    app.command("calendar-link")(calendar_link_command)


def _feed(partnership: str | None, person: str | None) -> tuple[str, str]:
    if (partnership is None) == (person is None):
        fail("give either --partnership ID or --person ID")
    return (feeds.PARTNERSHIP, partnership) if partnership else (feeds.PERSON, str(person))


def calendar_command(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The .ics file to write.", show_default=False)
    ],
    partnership: PartnershipOption = None,
    person: PersonOption = None,
    parent: Annotated[
        bool, typer.Option("--parent", help="Include the parent board's milestones.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a partnership's or a person's calendar feed to a file (iCalendar)."""
    # Imported when run: every command is registered in `cspbot serve` too, which loads
    # `icalendar` only for a feed asked for (bot/calendar_web.py).
    from bot.calendar_feed import feed_text, load_feed

    feed, subject = _feed(partnership, person)
    store = open_store(db)
    try:
        content = load_feed(store, feed=feed, subject=subject, with_parent=parent)
    finally:
        store.dispose()
    if content is None:
        fail(f"no {feed} {subject!r}")
    try:
        output.write_bytes(feed_text(content))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo(f"wrote {len(content.milestones)} milestones to {output}", err=True)


def _base_url(given: str | None) -> str:
    base_url = given or settings().public_url
    if base_url is None:
        fail(
            "give --base-url https://... (the address people reach `cspbot serve` at) "
            "or set CSPBOT_PUBLIC_URL"
        )
    if not base_url.startswith("https://") and not base_url.startswith(LOOPBACK_HTTP):
        fail(f"--base-url must start with https:// (got {base_url!r})")
    return base_url.rstrip("/")


def calendar_link_command(
    partnership: PartnershipOption = None,
    person: PersonOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The https address people reach `cspbot serve` at (default: $CSPBOT_PUBLIC_URL).",
            show_default=False,
        ),
    ] = None,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="End the feed's link; the old address gets 404.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Issue the secret subscription link of a feed. Only a hash of it is stored, so an
    existing link cannot be shown again: asking again issues a new one and ends the old."""
    from bot.calendar_feed import load_feed  # imported when run, as above

    feed, subject = _feed(partnership, person)
    base = None if revoke else _base_url(base_url)
    store = open_store(db)
    now = SystemClock().now()
    try:
        if load_feed(store, feed=feed, subject=subject) is None:
            fail(f"no {feed} {subject!r}")
        with store.transaction() as session:
            if revoke:
                ended = feeds.revoke_token(session, feed=feed, subject=subject, at=now, actor=ACTOR)
            else:
                token = secrets.token_urlsafe(32)
                replaced = feeds.issue_token(
                    session,
                    feed=feed,
                    subject=subject,
                    token_hash=feeds.hash_token(token),
                    at=now,
                    actor=ACTOR,
                )
    finally:
        store.dispose()
    if revoke:
        typer.echo(f"the {feed} feed of {subject!r} " + ("is ended" if ended else "had no link"))
        return
    link = f"{base}/calendar/{token}.ics"
    typer.echo(f"https: {link}")
    typer.echo(f"webcal: webcal://{link.split('://', 1)[1]}")
    if feed == feeds.PARTNERSHIP:
        typer.echo(f"with the parent board: {link}?parent=1")
    if replaced:
        typer.echo("The earlier link for this feed no longer works.", err=True)
    typer.echo("Keep the link private: anyone who has it can read the feed.", err=True)
