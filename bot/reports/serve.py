"""`cspbot serve`'s download of a draft report through a signed link (GET /reports/…)."""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, Response

from bot.reports.files import ReportFiles
from bot.reports.links import PATH, LinkRefused, verify

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def mount_reports(app: FastAPI, files: ReportFiles) -> None:
    @app.get(PATH + "{token}")
    def download_report(token: str) -> Response:
        secret = files.settings.link_secret
        if not secret:
            return PlainTextResponse("Report links are not set up here.", status_code=404)
        try:
            link = verify(token, secret, now=files.clock.now())
        except LinkRefused as exc:
            status = 410 if exc.expired else 403
            return PlainTextResponse(f"Sorry: {exc}. Ask cspbot again.", status_code=status)
        day = link.meeting_day.isoformat() if link.meeting_day else None
        found = files.draft({"partnership_id": link.partnership_id, "occurrence": day})
        if found is None:
            return PlainTextResponse("There is no meeting to report to.", status_code=404)
        disposition = f'attachment; filename="{found.name}"'
        return Response(
            found.content, media_type=DOCX_TYPE, headers={"Content-Disposition": disposition}
        )
