"""Proactive messages (reminders, escalations, digests) to a partnership's Teams channel or
a person's 1:1 chat with the bot, through the conversation references stored earlier."""

import asyncio

from bot.teams.cards import card_for
from bot.teams.delivery import Target, TeamsSender
from handlers.types import DeliveryError, Outbound
from store import teams_refs
from store.db import Store
from store.tables import Partnership


class TeamsNotifier:
    """The Notifier (handlers/types.py) for Teams."""

    def __init__(self, *, store: Store, sender: TeamsSender) -> None:
        self.store = store
        self.sender = sender

    async def deliver(self, outbound: Outbound) -> None:
        target = await asyncio.to_thread(self._target, outbound)
        card = await asyncio.to_thread(card_for, outbound.reply)
        await self.sender.post(target, card)

    def _target(self, outbound: Outbound) -> Target:
        with self.store.session() as session:
            if outbound.partnership_id is not None:
                partnership = session.get(Partnership, outbound.partnership_id)
                channel = partnership.teams_channel if partnership else None
                if channel is None:
                    raise DeliveryError(
                        f"partnership {outbound.partnership_id} has no Teams channel "
                        "(channels.teams in the data file)",
                        permanent=True,
                    )
                ref = teams_refs.channel_reference(session, channel_id=channel)
                where = f"the Teams channel {channel}: add the cspbot app to its team"
            else:
                assert outbound.person_id is not None  # Outbound: exactly one is set
                ref = teams_refs.personal_reference(session, person_id=outbound.person_id)
                where = (
                    f"a Teams chat with {outbound.person_id}: they need to install the "
                    "cspbot app (or message it once)"
                )
        if ref is None:
            raise DeliveryError(f"no conversation reference for {where}", permanent=True)
        return Target(ref.conversation_id, ref.service_url)
