"""A fake ModernGov web service of ours: GetMeetings for committees whose answers a test
sets, in the shapes real sites use (a bare document, or one escaped inside an ASMX
<string>; text HTML-escaped twice), and its failures (HTTP 500, slowness, broken XML)."""

import asyncio
import html
from dataclasses import dataclass, field
from datetime import date

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class FakeMeeting:
    meeting_id: int
    day: date
    time: str = "10.00 am"
    status: str = "Confirmed"


@dataclass
class FakeModernGov:
    """Committee id -> its meetings, or a failure: `500`, `slow` or `malformed`."""

    meetings: dict[int, list[FakeMeeting]] = field(default_factory=dict)
    failures: dict[int, str] = field(default_factory=dict)
    wrapped: set[int] = field(default_factory=set)  # answered inside an ASMX <string>
    requests: list[dict[str, str]] = field(default_factory=list)
    slow_seconds: float = 2.0

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/mgWebService.asmx/GetMeetings", self.get_meetings)])

    async def get_meetings(self, request: Request) -> Response:
        query = dict(request.query_params)
        self.requests.append(query)
        committee = int(query["lCommitteeId"])
        failure = self.failures.get(committee)
        if failure == "500":
            return Response("Server Error", status_code=500)
        if failure == "slow":
            await asyncio.sleep(self.slow_seconds)
        if failure == "malformed":
            return Response("<getmeetings><meeting><meetingid>1", media_type="text/xml")
        document = self.document(committee)
        if committee in self.wrapped:
            document = (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                f'<string xmlns="http://tempuri.org/">{html.escape(document)}</string>'
            )
        return Response(document, media_type="text/xml; charset=utf-8")

    def document(self, committee: int) -> str:
        items = "".join(
            "<meeting>"
            f"<meetingid>{m.meeting_id}</meetingid>"
            f"<meetingdate>{m.day:%d/%m/%Y}</meetingdate>"
            # Escaped twice, as some sites send it: &amp;#160; is a no-break space.
            f"<meetingtime>{m.time.replace(' ', '&amp;#160;')}</meetingtime>"
            f"<meetingstatus>{m.status}</meetingstatus>"
            "<meetingtitle>Communities &amp;amp; Environment</meetingtitle>"
            "</meeting>"
            for m in self.meetings.get(committee, [])
        )
        return f"<getmeetings><committeeid>{committee}</committeeid>{items}</getmeetings>"
