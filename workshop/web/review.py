"""A review session's phone routes (`core/review.py`): a phone's remark on one of the plan's measures.

What phones see of the review is built in `review_view.py`. A remark comes
as a plain form (`POST /j/{token}/remark`) or from the page's script (`POST /api/{token}/remarks`, JSON
`{"client_id": "…", "item": "…", "text": "…"}`), through the same gate as an idea. The priority dots use the
usual dot calls: the round's items are the measures (kind `measure`), each with its `review` fields.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from workshop.core.errors import DomainError
from workshop.web.gate import Entry, Refused
from workshop.web.hot import HotWrite, written
from workshop.web.pages import again, checked_post, refusal_page


async def post_remark(request: Request) -> Response:
    """A remark from the plain form; a refused one shows the page again with the text typed."""

    try:
        phone, form = await checked_post(request)
    except Refused as refused:
        return refusal_page(request, refused)
    text, client_id, item = form.get("text", ""), form.get("client_id", ""), str(form.get("item", ""))
    try:
        await written(phone.door, phone.door.review.submit_remark, phone.device, str(client_id), item, text)
    except (DomainError, sqlite3.Error) as error:
        return again(phone, Refused.of(error), draft=text if isinstance(text, str) else "")
    return phone.finish(RedirectResponse(f"/j/{phone.token}?ok=remark#measure-{item}", status_code=303))


async def _submit_remark(web: Any, entry: Entry, data: dict[str, Any], headers: dict[str, str]
                         ) -> tuple[int, dict[str, Any]]:
    idea = await written(entry.door, entry.door.review.submit_remark, entry.device, data.get("client_id"),
                         data.get("item"), data.get("text"))
    return 201, {"remark": {"id": idea.id, "item": data.get("item"), "text": idea.text, "hidden": False}}


remarks = HotWrite(_submit_remark)

routes = [
    Route("/api/{token}/remarks", remarks, methods=["POST"]),
    Route("/j/{token}/remark", post_remark, methods=["POST"]),
]
