"""The participants' HTML pages and their plain forms (they work without JavaScript).

Forms answer with a redirect back to the page (post/redirect/get); a refused form renders the page
again with the reason and the text the person typed, so nothing is lost — whatever refused it (a rule, the
gate, a closed session, a file that cannot be written). A session other than the one being run shows
"Diese Werkstatt ist beendet" with its revealed results and no form.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from workshop.core.errors import DomainError
from workshop.core.privacy import NETWORK_CONSENT, PROTOCOL_LISTING, WITHDRAW_AT, WITHDRAW_HERE, expires_on
from workshop.core.models import DEFAULT_QUESTIONS, FIELDS_OF_ACTION, PHASE_LABELS, STEP_LABELS, TIMEFRAME_LABELS, \
    Phase, Step
from workshop.core.ids import printed_slip_code, slip_code
from workshop.core.text import IDEA_MAX
from workshop.i18n import LANGUAGES, _
from workshop.web.context import Texts, WebState, language_of, long_date, web_state
from workshop.web.gate import BAD_REQUEST, NOT_FOUND, RETRY_AFTER_SECONDS, Phone, Refused
from workshop.web.hot import written
from workshop.web.review_view import status_labels
from workshop.web.security import CSRF_FIELD, BodyTooLarge, slip_cookie
from workshop.web.views import device_state

def render(web: WebState, name: str, texts: Texts, **context: Any) -> str:
    context.setdefault("privacy", None)
    return web.templates.get_template(name).render(
        _=texts, n_=texts.plural, _p=texts.in_context, np_=texts.plural_in_context, lang=texts.language, rtl=texts.rtl,
        languages=LANGUAGES, idea_max=IDEA_MAX, **context)


def privacy_context(phone: Phone) -> dict[str, str]:
    """What the privacy note names for this session: until when per-device data is kept, whom to write to."""
    session = phone.door.session()
    return {"until": long_date(expires_on(session), phone.language), "contact": session.contact}


def consent_texts(phone: Phone) -> tuple[str, str]:
    """(what a person agrees to for the actors' network, the optional consent to the protocol's appendix)."""
    contact = phone.door.session().contact
    withdraw = phone.texts(WITHDRAW_AT, contact=contact) if contact else phone.texts(WITHDRAW_HERE)
    return f"{phone.texts(NETWORK_CONSENT)} {withdraw}", phone.texts(PROTOCOL_LISTING)


def page_context(phone: Phone, **extra: Any) -> dict[str, Any]:
    public = phone.web.public(phone.door)
    mine = device_state(phone.door, phone.device, public)
    phase, step = Phase(public["phase"]), Step(public["step"])
    return {
        "token": phone.token, "csrf": phone.csrf, "csrf_field": CSRF_FIELD, "state": public, "me": mine,
        "phase_label": phone.texts(PHASE_LABELS[phase]), "step_label": phone.texts(STEP_LABELS[step]),
        "timeframes": {str(key): phone.texts(label) for key, label in TIMEFRAME_LABELS.items()},
        # The app's own defaults are translated; a question or field the facilitator typed is shown as typed.
        "question": phone.texts(public["question"]) if public["question"] == DEFAULT_QUESTIONS[phase]
        else public["question"],
        "fields": {str(name): phone.texts(name) for name in FIELDS_OF_ACTION}, "statuses": status_labels(phone.texts),
        "client_id": secrets.token_urlsafe(12), "error": None, "draft": "", "notice": None,
        "path": f"/j/{phone.token}", "api": f"/api/{phone.token}", "waiting": waiting(public, mine),
        "slip_carried": _carried_slip(phone, mine), "slip_typed": "", "closed": public["closed"], **extra,
    }


def _carried_slip(phone: Phone, mine: dict[str, Any]) -> str | None:
    """The slip code this phone carries in its cookie and has not redeemed yet, as printed."""
    if mine.get("slip") is not None:
        return None
    code = slip_code(phone.request.cookies.get(slip_cookie(phone.token)))
    return printed_slip_code(code) if code else None


def waiting(public: dict[str, Any], mine: dict[str, Any]) -> bool:
    """Whether the page has nothing to do but wait for the facilitator (then, without JavaScript, it
    reloads itself now and then and offers a reload link)."""
    if public["closed"]:
        return False  # nothing will come: the session is not the one being run
    if public["collecting"] or (public.get("review") and public["review"]["remarks"]):
        return False
    if public["step"] == Step.VOTE:
        return not (public["round"] and public["round"]["open"] and mine["dots"])
    if public["step"] == Step.RESULTS:
        return not public["results"]
    if public["phase"] == Phase.REALISATION:
        return not public["measures"]
    return True  # the facilitator groups the ideas


def refusal_page(request: Request, refused: Refused, draft: str = "") -> Response:
    """The reason on a page of its own (no session or device to show a page of), with the typed text."""
    web = web_state(request)
    texts = Texts(language_of(request))
    token = request.path_params.get("token", "").upper()
    retry = f"/j/{token}" if refused.code != "not_found" and web.served(token) is not None else None
    html = render(web, "message.html", texts, title=texts(_("Werkstatt")), message=refused.translated(texts.language),
                  retry=retry, draft=draft)
    headers = {"cache-control": "no-store"}
    if refused.status == 503:
        headers["retry-after"] = str(RETRY_AFTER_SECONDS)
    return HTMLResponse(html, status_code=refused.status, headers=headers)


async def join_page(request: Request) -> Response:
    """The join URL from the QR code: a device cookie on first visit, then the one page."""
    try:
        phone = Phone(request, join=True)
    except Refused as refused:
        return refusal_page(request, refused)
    notice = {"sent": _("Ihre Idee ist angekommen. Danke!"), "dots": _("Ihre Punkte sind gespeichert."),
              "network": _("Danke! Ihre Angaben sind gespeichert."),
              "withdrawn": _("Ihre Angaben zum Netzwerk sind gelöscht."),
              "slip": _("Ihr Stimmzettel-Code ist gespeichert. Er gilt ab Ihrem ersten Punkt."),
              "remark": _("Ihre Anmerkung ist angekommen. Danke!"),
              }.get(request.query_params.get("ok", ""))
    context = page_context(phone, notice=phone.texts(notice) if notice else None)
    return phone.finish(HTMLResponse(render(phone.web, "page.html", phone.texts, privacy=privacy_context(phone),
                                            **context)))


async def main_fragment(request: Request) -> Response:
    """The page's changing part, for the script to swap in after a live update."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return refusal_page(request, refused)
    return phone.finish(HTMLResponse(render(phone.web, "main.html", phone.texts, **page_context(phone))))


async def form_of(request: Request) -> FormData:
    try:
        return await request.form(max_files=0, max_fields=20, max_part_size=16 * 1024)
    except BodyTooLarge:
        raise  # the guard answers it: 413, not a malformed form
    except Exception as error:  # a malformed body is the sender's problem, not a server error
        raise Refused(*BAD_REQUEST) from error


def again(phone: Phone, refused: Refused, **extra: Any) -> Response:
    context = page_context(phone, error=refused.translated(phone.language), **extra)
    html = render(phone.web, "page.html", phone.texts, privacy=privacy_context(phone), **context)
    headers = {"retry-after": str(RETRY_AFTER_SECONDS)} if refused.status == 503 else None
    return phone.finish(HTMLResponse(html, status_code=refused.status, headers=headers))


async def checked_post(request: Request) -> tuple[Phone, FormData]:
    """The phone and its form, after the session, token, cookie, forgery and flood checks every POST passes."""
    phone = Phone(request)
    form = await form_of(request)
    phone.check_write(form.get(CSRF_FIELD))
    return phone, form


async def post_idea(request: Request) -> Response:
    try:
        phone = Phone(request)
    except Refused as refused:  # no session or no device to show a page of: the reason, and the text
        return refusal_page(request, refused, await _typed(request))
    try:
        form = await form_of(request)
    except Refused as refused:
        return again(phone, refused)
    text, client_id = form.get("text", ""), form.get("client_id", "")
    draft = text if isinstance(text, str) else ""
    try:
        phone.check_write(form.get(CSRF_FIELD))
        await written(phone.door, phone.door.submit_idea, phone.device, str(client_id), text)
    except Refused as refused:
        return again(phone, refused, draft=draft, client_id=client_id)
    except (DomainError, sqlite3.Error) as error:
        return again(phone, Refused.of(error), draft=draft, client_id=client_id)
    return phone.finish(RedirectResponse(f"/j/{phone.token}?ok=sent#ideas", status_code=303))


async def _typed(request: Request) -> str:
    """The idea's text from a form that is refused before a page can be shown (empty if unreadable)."""
    try:
        text = (await form_of(request)).get("text", "")
    except Refused:
        return ""
    return text if isinstance(text, str) else ""


async def post_dots(request: Request) -> Response:
    try:
        phone, form = await checked_post(request)
    except Refused as refused:
        return refusal_page(request, refused)
    try:
        count = int(str(form.get("count", "")))
    except ValueError:
        count = -1
    item = str(form.get("item", ""))
    try:
        await written(phone.door, phone.door.set_dots, phone.device, str(form.get("round", "")), item, count,
                      slip=request.cookies.get(slip_cookie(phone.token)))
    except (DomainError, sqlite3.Error) as error:
        return again(phone, Refused.of(error))
    return phone.finish(RedirectResponse(f"/j/{phone.token}?ok=dots#item-{item}", status_code=303))


async def not_found(request: Request, exc: Exception | None = None) -> Response:
    return refusal_page(request, Refused(*NOT_FOUND))


routes = [
    Route("/j/{token}", join_page, methods=["GET"]),
    Route("/J/{token}", join_page, methods=["GET"]),  # the QR code's upper-case form (alphanumeric mode)
    Route("/j/{token}/main", main_fragment, methods=["GET"]),
    Route("/j/{token}/idea", post_idea, methods=["POST"]),
    Route("/j/{token}/dots", post_dots, methods=["POST"]),
]
