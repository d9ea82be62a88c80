"""`cspbot serve`: the web app (Slack, Teams, health) and the reminder scheduler."""

from contextlib import ExitStack
from typing import Annotated

import typer
import uvicorn

from bot.commands.common import DbOption, fail, open_store, settings
from bot.logs import configure_logging
from bot.metrics import serve_metrics
from bot.slack.config import SlackConfigError
from bot.teams.config import TeamsConfigError, require_loopback_bind, teams_config
from bot.web import create_app
from handlers.memory import limit_arenas
from schedules.clock import SystemClock

# At SIGTERM, seconds for open requests to finish; the sweep gets STOP_SECONDS after it
# (schedules/scheduler.py): within the ten seconds a container engine waits before SIGKILL.
GRACE_SECONDS = 4


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 3000,
    db: DbOption = None,
) -> None:
    """Run the bot: answer Slack and Teams, and send reminders when they are due (to the
    console when no chat platform is configured)."""
    limit_arenas()
    config = settings()
    configure_logging(json_lines=config.log_format == "json", level=config.log_level)
    store = open_store(db)
    try:
        require_loopback_bind(teams_config(config), host)
        app = create_app(settings=config, store=store, clock=SystemClock())
        with ExitStack() as metrics_port:
            if config.metrics and config.metrics_port is not None:
                metrics_port.enter_context(
                    serve_metrics(app.state.metrics, host=host, port=config.metrics_port)
                )
            # log_config=None: uvicorn's loggers go through ours (text or JSON) unchanged.
            uvicorn.run(
                app,
                host=host,
                port=port,
                log_config=None,
                log_level=config.log_level.lower(),
                # Requests still open after this at SIGTERM are cut; then the reminders stop.
                timeout_graceful_shutdown=GRACE_SECONDS,
            )
    except (SlackConfigError, TeamsConfigError) as exc:
        fail(str(exc))
    finally:
        store.dispose()
