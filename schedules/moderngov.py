"""Reading a committee's meetings from a council's ModernGov web service.

`GET {site}/mgWebService.asmx/GetMeetings?lCommitteeId=ID&sFromDate=dd/mm/yyyy&sToDate=...`
answers XML with one `meeting` element per meeting (`meetingid`, `meetingdate` as
dd/mm/yyyy, `meetingtime` such as `10.00 am`, `meetingstatus` such as `Confirmed` or
`Cancelled`). Some sites wrap the document as escaped text in an ASMX `<string>` element,
and text inside may be HTML-escaped twice; both are undone here. The XML is parsed with
defusedxml, so entity expansion and external references are refused.

Every way of failing (no answer, an HTTP error, a timeout, unreadable XML) raises
`FetchError` with a reason fit for the log.
"""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

if TYPE_CHECKING:
    # Loaded by whoever makes the client, when there is a site to read: httpx brings rich
    # and pygments (its command line), 4 MB that a server without ModernGov sites never uses.
    import httpx

DEFAULT_TIMEOUT_SECONDS = 10.0
MEETING_TIME = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)


class FetchError(Exception):
    """The site could not be read; the text says why."""


@dataclass(frozen=True)
class Meeting:
    meeting_id: int
    day: date
    at: time | None  # None when the site gives no time
    cancelled: bool


def meetings_url(site: str) -> str:
    return f"{site.rstrip('/')}/mgWebService.asmx/GetMeetings"


def meeting_page(site: str, meeting_id: int) -> str:
    return f"{site.rstrip('/')}/ieListDocuments.aspx?MId={meeting_id}"


def fetch_meetings(
    client: "httpx.Client", *, site: str, committee_id: int, start: date, end: date
) -> list[Meeting]:
    import httpx  # loaded already: the client is one

    params = {
        "lCommitteeId": str(committee_id),
        "sFromDate": start.strftime("%d/%m/%Y"),
        "sToDate": end.strftime("%d/%m/%Y"),
    }
    try:
        response = client.get(meetings_url(site), params=params)
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {client.timeout.read} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"could not reach the site: {exc.__class__.__name__}: {exc}") from None
    if response.status_code != 200:
        raise FetchError(f"the site answered HTTP {response.status_code}")
    return parse_meetings(response.content)


def _unescape(text: str | None) -> str:
    """Text as meant: escaped once or twice over, `&amp;amp;` becomes `&`."""
    value = text or ""
    for _ in range(3):
        unescaped = html.unescape(value)
        if unescaped == value:
            break
        value = unescaped
    return value.strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _parse(data: bytes | str) -> Element:
    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise FetchError(f"unreadable XML: {exc}") from None


def parse_meetings(data: bytes | str) -> list[Meeting]:
    root = _parse(data)
    if _local(root.tag) == "string" and len(root) == 0 and "<" in (root.text or ""):
        root = _parse(root.text or "")  # an ASMX wrapper around the escaped document
    meetings = []
    for element in root.iter():
        if _local(element.tag) == "meeting":
            meetings.append(_meeting(element))
    return meetings


def _meeting(element: Element) -> Meeting:
    fields = {_local(child.tag): _unescape(child.text) for child in element}
    ident, day = fields.get("meetingid", ""), fields.get("meetingdate", "")
    if not ident.isdigit():
        raise FetchError(f"a meeting without a usable meetingid: {ident!r}")
    try:
        when = datetime.strptime(day.split()[0] if day else "", "%d/%m/%Y").date()
    except ValueError:
        raise FetchError(f"meeting {ident}: not a date dd/mm/yyyy: {day!r}") from None
    status = fields.get("meetingstatus", "").lower()
    return Meeting(
        int(ident), when, meeting_time(fields.get("meetingtime", "")), "cancel" in status
    )


def meeting_time(text: str) -> time | None:
    """`10.00 am`, `2.30 pm`, `2pm`, `12 noon`; None for anything else (an all-day item)."""
    if "noon" in text.lower():
        return time(12, 0)
    match = MEETING_TIME.search(text)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    return time(hour % 12 + (12 if match[3].lower() == "p" else 0), minute)
