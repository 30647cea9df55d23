"""The actors' network page of a phone: opt in, sign up to carry out draft measures („Ich mache mit“), withdraw.

Once draft measures exist, the page lists them (title, field, goal — the facilitator's text, never a count
of dots) and a person ticks the ones they will help with, gives a name, optionally an organisation, an
e-mail address or a phone number, and a role; the consent is stored as shown (the phone's language) and
in German, with its version (`core/signups.py`, `core/privacy.py`). Before any measure exists it is the
plain opt-in to the network. A phone sees its own entry and sign-ups only, and withdraws each of them,
or all, here — also after the session stopped being the one run (a consent stays revocable).
"""

from __future__ import annotations

import sqlite3

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from workshop.core.errors import DomainError
from workshop.core.models import FIELDS_OF_ACTION
from workshop.core.privacy import PROTOCOL_LISTING, signup_consent
from workshop.core.signups import MEASURES_MAX, ROLE_LABELS, Role
from workshop.i18n import _
from workshop.web.hot import written
from workshop.web.gate import BAD_REQUEST, Phone, Refused
from workshop.web.pages import consent_texts, privacy_context, refusal_page, render
from workshop.web.security import CSRF_FIELD, BodyTooLarge

FIELDS = ("name", "organisation", "email", "phone", "role")


async def form_of(request: Request) -> FormData:
    """The form, with room for a tick per measure (`MEASURES_MAX`) beside the person's fields."""
    try:
        return await request.form(max_files=0, max_fields=20 + MEASURES_MAX, max_part_size=16 * 1024)
    except BodyTooLarge:
        raise  # the guard answers it: 413, not a malformed form
    except Exception as error:  # a malformed body is the sender's problem, not a server error
        raise Refused(*BAD_REQUEST) from error


async def network_page(request: Request) -> Response:
    try:
        phone = Phone(request)
    except Refused as refused:
        return refusal_page(request, refused)
    chosen = request.query_params.get("measure")
    notice = {"signed": _("Danke! Sie machen mit."), "withdrawn": _("Ihre Anmeldung ist gelöscht.")}.get(
        request.query_params.get("ok", ""))
    return _network(phone, chosen=[chosen] if chosen else [], notice=phone.texts(notice) if notice else None)


def _network(phone: Phone, *, error: str | None = None, values: dict[str, str] | None = None,
             chosen: list[str] | None = None, notice: str | None = None, status: int = 200) -> Response:
    participant = phone.door.actors.participant(phone.device)
    consent_text, listing_text = consent_texts(phone)
    measures = phone.door.measures()
    mine = phone.door.actors.signups_of(phone.device) if participant and participant.consent_at else []
    if values is None and not phone.closed and participant is not None and participant.consent_at:  # no retyping
        values = {"name": participant.name or "", "organisation": participant.organisation or "",
                  "email": participant.email or "", "phone": participant.phone or ""}
    signed = {signup.measure_id for signup in mine}
    html = render(phone.web, "network.html", phone.texts, token=phone.token, csrf=phone.csrf, csrf_field=CSRF_FIELD,
                  participant=participant, consent_text=consent_text, listing_text=listing_text, error=error,
                  values=values or {}, path=f"/j/{phone.token}", privacy=privacy_context(phone), closed=phone.closed,
                  measures=[measure for measure in measures if measure.id not in signed], mine=mine,
                  chosen=set(chosen or ()), signup_text=signup_consent(phone.door.session(), phone.language),
                  roles={str(role): phone.texts(label) for role, label in ROLE_LABELS.items()},
                  fields={str(name): phone.texts(name) for name in FIELDS_OF_ACTION}, notice=notice)
    return phone.finish(HTMLResponse(html, status_code=status))


async def post_network(request: Request) -> Response:
    """Sign up for measures (or, before any exists, opt in to the network), or withdraw one sign-up or all."""
    try:
        phone = Phone(request)
        form = await form_of(request)
    except Refused as refused:
        return refusal_page(request, refused)
    device = phone.device
    values = {name: str(form.get(name, "")) for name in FIELDS}
    chosen = [str(value) for value in form.getlist("measure")]
    action = form.get("action")
    withdrawing = action in ("withdraw", "withdraw_signup")
    try:
        phone.check_write(form.get(CSRF_FIELD), closed_ok=withdrawing)
    except Refused as refused:
        return _network(phone, error=refused.translated(phone.language), values=values, chosen=chosen,
                        status=refused.status)
    try:
        if action == "withdraw":
            await written(phone.door, phone.door.actors.withdraw_consent, device)
            return phone.finish(RedirectResponse(f"/j/{phone.token}?ok=withdrawn", status_code=303))
        if action == "withdraw_signup":
            await written(phone.door, phone.door.actors.withdraw_signup, device, str(form.get("measure", "")))
            return phone.finish(RedirectResponse(f"/j/{phone.token}/network?ok=withdrawn#mine", status_code=303))
    except (DomainError, sqlite3.Error) as error:
        refused = Refused.of(error)
        return _network(phone, error=refused.translated(phone.language), status=refused.status)
    if form.get("consent") != "yes":
        return _network(phone, error=phone.texts(_("Bitte bestätigen Sie die Einwilligung.")), values=values,
                        chosen=chosen, status=422)
    listed = form.get("listed") == "yes"
    try:
        if phone.door.measures() or chosen:
            await written(phone.door, phone.door.actors.sign_up, device, chosen, **_signup(phone, values, listed))
            return phone.finish(RedirectResponse(f"/j/{phone.token}/network?ok=signed#mine", status_code=303))
        consent_text, listing_text = consent_texts(phone)
        if listed:  # the text stored says what was agreed to, the flag lets the protocol find it
            consent_text = f"{consent_text} {listing_text}"
        await written(phone.door, phone.door.actors.record_consent, device, consent_text=consent_text, listed=listed,
                      name=values["name"], organisation=values["organisation"], email=values["email"])
    except (DomainError, sqlite3.Error) as error:
        refused = Refused.of(error)
        return _network(phone, error=refused.translated(phone.language), values=values, chosen=chosen,
                        status=refused.status)
    return phone.finish(RedirectResponse(f"/j/{phone.token}?ok=network", status_code=303))


def _signup(phone: Phone, values: dict[str, str], listed: bool) -> dict[str, object]:
    """The sign-up's fields, with the consent as this phone showed it and in German."""
    session = phone.door.session()
    shown, german = signup_consent(session, phone.language), signup_consent(session, "de")
    if listed:
        shown = f"{shown} {phone.texts(PROTOCOL_LISTING)}"
        german = f"{german} {PROTOCOL_LISTING}"
    return {"name": values["name"], "organisation": values["organisation"], "email": values["email"],
            "phone": values["phone"], "role": values["role"] or Role.JOIN, "listed": listed,
            "consent_text": shown, "consent_text_de": german}

routes = [
    Route("/j/{token}/network", network_page, methods=["GET"]),
    Route("/j/{token}/network", post_network, methods=["POST"]),
]
