"""Voting slips on the phone: the slip's QR link `/z/<CODE>` and the page's "Stimmzettel-Code" field.

Both only keep the code in the phone's cookie (`ws_<token>`) and store nothing: the slip is claimed
by the device's first dot (`core/slips.py`), first write wins. The link finds its session among every
session of the home folder by the code alone (slips are printed before anyone knows the join URL).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from workshop.core.errors import DomainError
from workshop.core.ids import slip_code
from workshop.core.slips import UNKNOWN_SLIP
from workshop.web.context import web_state
from workshop.web.gate import TOO_MANY, Phone, Refused, client_address
from workshop.web.pages import again, form_of, refusal_page
from workshop.web.security import COOKIE_MAX_AGE, CSRF_FIELD, slip_cookie


def keep_code(response: Response, token: str, code: str) -> Response:
    response.set_cookie(slip_cookie(token), code, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax", path="/")
    return response


async def slip_link(request: Request) -> Response:
    """`/z/<CODE>` from a slip's QR code: remember the code, then the session's page."""
    web = web_state(request)
    if not web.mints.allow(client_address(request.scope)):  # guessing codes costs like asking for devices
        return refusal_page(request, Refused(*TOO_MANY))
    code = slip_code(request.path_params["code"])
    door = web.home.phones_for_slip(code) if code else None
    if door is None:
        return refusal_page(request, Refused(404, "not_found", UNKNOWN_SLIP))
    token = door.session().join_token
    response = RedirectResponse(f"/j/{token}?ok=slip", status_code=303, headers={"cache-control": "no-store"})
    return keep_code(response, token, code)


async def post_slip(request: Request) -> Response:
    """The code typed into the page's field: checked (it exists, no other phone redeemed it), then kept."""
    try:
        phone = Phone(request)
        form = await form_of(request)
    except Refused as refused:
        return refusal_page(request, refused)
    typed = str(form.get("code", ""))
    try:
        phone.check_write(form.get(CSRF_FIELD))
        code = phone.door.check_slip(phone.device, typed)
    except Refused as refused:
        return again(phone, refused, slip_typed=typed)
    except DomainError as error:
        return again(phone, Refused.of(error), slip_typed=typed)
    return keep_code(phone.finish(RedirectResponse(f"/j/{phone.token}?ok=slip#slip", status_code=303)),
                     phone.token, code)


routes = [
    Route("/z/{code}", slip_link, methods=["GET"]),
    Route("/Z/{code}", slip_link, methods=["GET"]),  # the QR code's upper-case form (alphanumeric mode)
    Route("/j/{token}/slip", post_slip, methods=["POST"]),
]
