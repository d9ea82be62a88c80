"""`cspbot serve`: the web app (Slack, Teams, health) and the reminder scheduler."""

import logging
from contextlib import ExitStack
from typing import Annotated

import typer
import uvicorn

from bot.commands.common import DbOption, fail, open_store, settings
from bot.metrics import serve_metrics
from bot.slack.config import SlackConfigError
from bot.teams.config import TeamsConfigError, require_loopback_bind, teams_config
from bot.web import create_app
from schedules.clock import SystemClock


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 3000,
    db: DbOption = None,
) -> None:
    """Run the bot: answer Slack and Teams, and send reminders when they are due (to the
    console when no chat platform is configured)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # APScheduler would log every trigger; the sweeps log what they deliver.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    config = settings()
    store = open_store(db)
    try:
        require_loopback_bind(teams_config(config), host)
        app = create_app(settings=config, store=store, clock=SystemClock())
        with ExitStack() as metrics_port:
            if config.metrics and config.metrics_port is not None:
                metrics_port.enter_context(
                    serve_metrics(app.state.metrics, host=host, port=config.metrics_port)
                )
            uvicorn.run(app, host=host, port=port, log_level="info")
    except (SlackConfigError, TeamsConfigError) as exc:
        fail(str(exc))
    finally:
        store.dispose()
