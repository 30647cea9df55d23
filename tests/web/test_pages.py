"""The participants' HTML pages and plain forms (no JavaScript), through a real server on loopback."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import voting
from workshop.core.models import IdeaStatus

LINK = re.compile(r"/j/[A-Z0-9]+")


async def test_join_gives_a_device_cookie_and_shows_title_phase_and_what_to_do(phones, service):
    phone = await phones()
    response = await phone.join()
    assert response.status_code == 200
    assert "Zukunftswerkstatt Test" in response.text
    assert "Phase 1: Kritik · Sammeln" in response.text
    assert "Was läuft beim Zusammenleben" in response.text
    assert 'name="text"' in response.text  # collecting: the idea field
    assert response.headers["cache-control"] == "no-store"
    assert service.read.participants() == [], "a page load stores nothing"
    cookie = next(iter(phone.http.cookies.jar))
    assert cookie.has_nonstandard_attr("HttpOnly")
    await phone.form("idea", {"text": "Erste Idee", "client_id": "c1"})
    assert [participant.id for participant in service.read.participants()] == [cookie.value], "the first write does"
    await phone.join()
    assert next(iter(phone.http.cookies.jar)).value == cookie.value, "a second visit with the cookie is the same device"


async def test_upper_case_join_path_and_token_work(server, service, phones):
    phone = await phones(join=False)
    token = service.read.session().join_token
    assert (await phone.http.get(f"/J/{token}")).status_code == 200
    assert (await phone.http.get(f"/j/{token.lower()}")).status_code == 200
    assert len(phone.http.cookies.jar) == 1 and service.read.participants() == []


async def test_wrong_or_missing_token_gets_a_friendly_page_that_reveals_nothing(server, home, service, phones):
    """Attack: guessing tokens to find sessions."""
    home.create("Geheime andere Sitzung", date="2016-12-01")
    phone = await phones(join=False)
    for path in ("/j/ABCDEFGHJKMNP", "/j/too-short", "/j/", "/J/<script>", "/", "/api/ABCDEFGHJKMNP/state",
                 "/j/ABCDEFGHJKMNP/main"):
        response = await phone.http.get(path)
        assert response.status_code == 404, path
        assert "Zukunftswerkstatt Test" not in response.text and "Geheime" not in response.text
        assert "set-cookie" not in response.headers
    page = await phone.http.get("/j/ABCDEFGHJKMNP")
    assert "QR-Code" in page.text and "<html" in page.text
    assert service.read.participants() == []


async def test_idea_form_sends_once_and_lists_the_phones_own_ideas(phones, service):
    phone = await phones()
    data = {"text": "Bus fährt abends nicht", "client_id": "abc123"}
    response = await phone.form("idea", data)
    assert response.status_code == 303 and response.headers["location"].startswith(phone.page)
    again = await phone.form("idea", data)  # attack: a replayed client id (double tap, retry)
    assert again.status_code == 303
    assert [idea.text for idea in service.read.ideas()] == ["Bus fährt abends nicht"]
    page = await phone.http.get(response.headers["location"])
    assert "Ihre Ideen (1)" in page.text and "Bus fährt abends nicht" in page.text
    assert "Ihre Idee ist angekommen" in page.text


async def test_idea_form_in_the_wrong_step_keeps_the_text_and_says_why(phones, service):
    """Attack: an idea sent when the facilitator no longer collects (wrong phase)."""
    phone = await phones()
    service.steps.next()
    response = await phone.form("idea", {"text": "Noch eine Idee", "client_id": "late1"})
    assert response.status_code == 409
    assert "Gerade werden keine Ideen gesammelt." in response.text
    assert service.read.ideas() == []


async def test_idea_too_long_is_refused_with_the_text_kept(phones, service):
    phone = await phones()
    response = await phone.form("idea", {"text": "x" * 501, "client_id": "long1"})
    assert response.status_code == 422 and "zu lang" in response.text and "x" * 501 in response.text
    assert service.read.ideas() == []


async def test_script_and_html_in_an_idea_are_escaped_everywhere(phones, service):
    """Attack: script and HTML in an idea, shown to the author and (as a vote item) to other phones."""
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    author = await phones()
    assert (await author.form("idea", {"text": evil, "client_id": "xss1"})).status_code == 303
    page = await author.http.get(author.page)
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page.text
    service.steps.next(); service.steps.next()
    service.voting.open_round("idea", budget=1, cap=1)
    other = await phones()
    voter_page = await other.http.get(other.page)
    assert "&lt;script&gt;" in voter_page.text and "<script>alert" not in voter_page.text


async def test_dots_with_plain_forms_plus_minus_cap_and_budget(phones, service):
    round_id, themes = voting(service)
    phone = await phones()
    page = await phone.http.get(phone.page)
    assert "Noch 5 von 5 Punkten" in page.text and page.text.count('class="dot-form plus"') == 3
    for count in (1, 2, 3):
        response = await phone.form("dots", {"round": round_id, "item": themes[0], "count": count})
        assert response.status_code == 303
    page = await phone.http.get(phone.page)
    assert "Noch 2 von 5 Punkten" in page.text
    over_cap = await phone.form("dots", {"round": round_id, "item": themes[0], "count": 4})
    assert over_cap.status_code == 409 and "Höchstens 3 Punkte pro Thema." in over_cap.text  # attack: over cap
    assert (await phone.form("dots", {"round": round_id, "item": themes[1], "count": 2})).status_code == 303
    over_budget = await phone.form("dots", {"round": round_id, "item": themes[2], "count": 1})
    assert over_budget.status_code == 409 and "nur 5 Punkte" in over_budget.text  # attack: over budget
    assert (await phone.form("dots", {"round": round_id, "item": themes[0], "count": 2})).status_code == 303  # minus
    device = service.read.participants()[0].id
    assert service.read.device_dots(round_id, device).by_item == {themes[0]: 2, themes[1]: 2}
    nonsense = await phone.form("dots", {"round": round_id, "item": themes[0], "count": "viele"})
    assert nonsense.status_code == 422


async def test_dots_in_a_closed_round_are_refused(phones, service):
    """Attack: dots after the facilitator closed the round."""
    round_id, themes = voting(service)
    phone = await phones()
    service.voting.close_round(round_id)
    response = await phone.form("dots", {"round": round_id, "item": themes[0], "count": 1})
    assert response.status_code == 409 and "geschlossen" in response.text
    assert service.read.round_activity(round_id) == (0, 0)


async def test_counts_stay_hidden_until_reveal_then_results_show_as_ranked_bars(phones, service):
    round_id, themes = voting(service)
    voter, watcher = await phones(), await phones()
    await voter.form("dots", {"round": round_id, "item": themes[1], "count": 3})
    await voter.form("dots", {"round": round_id, "item": themes[2], "count": 1})
    service.voting.set_paper_dots(round_id, themes[2], 7)
    watching = await watcher.http.get(watcher.page)
    assert "Noch 5 von 5 Punkten" in watching.text and "Punkte</span>" not in watching.text
    state = await watcher.state()
    assert state["results"] is None and "dots" not in str(state["round"]).lower().replace("'dots': none", "")
    service.voting.close_round(round_id)
    closed = await watcher.http.get(watcher.page)
    assert "Das Ergebnis kommt gleich" in closed.text and "<progress" not in closed.text
    service.voting.reveal_round(round_id)
    revealed = await watcher.http.get(watcher.page)
    ranking = re.findall(r'<span class="label" dir="auto">([^<]+)</span> <span class="n">(\d+) Punkte', revealed.text)
    assert ranking == [("Thema 2", "8"), ("Thema 1", "3"), ("Thema 0", "0")]
    assert revealed.text.count("<progress") == 3


async def test_hidden_ideas_never_reach_another_phone_but_their_author_sees_them_marked(phones, service):
    author, other = await phones(), await phones()
    await author.form("idea", {"text": "Beleidigung gegen Nachbarn", "client_id": "bad1"})
    await author.form("idea", {"text": "Kein Abendkurs", "client_id": "ok1"})
    hidden = next(idea for idea in service.read.ideas() if idea.text.startswith("Beleidigung"))
    service.ideas.hide(hidden.id)
    assert service.read.idea(hidden.id).status == IdeaStatus.HIDDEN
    service.steps.next(); service.steps.next()
    service.voting.open_round("idea", budget=1, cap=1)
    other_page = await other.http.get(other.page)
    assert "Beleidigung" not in other_page.text and "Kein Abendkurs" in other_page.text
    assert "Beleidigung" not in str(await other.state())
    own = await author.http.get(author.page)
    assert '<bdi>Beleidigung gegen Nachbarn</bdi> <em>(ausgeblendet)</em>' in own.text


async def test_grouping_step_says_the_facilitator_is_sorting(phones, service):
    phone = await phones()
    service.steps.next()
    page = await phone.http.get(phone.page)
    assert "Die Moderation sortiert gerade die Ideen" in page.text and 'name="text"' not in page.text


async def test_realisation_shows_draft_measures_as_cards(phones, service):
    theme = service.themes.create("Wohnen")
    service.steps.go_to("realisation", "plan")
    service.measures.promote("theme", theme.id, title="Wohnraumbörse", goal="Familien finden Wohnungen",
                    timeframe="kurzfristig", responsible="FB Soziales")
    phone = await phones()
    page = await phone.http.get(phone.page)
    assert '<article class="measure">' in page.text and "Wohnraumbörse" in page.text
    assert "kurzfristig (unter 1 Jahr)" in page.text and "FB Soziales" in page.text
    arabic = await phones(**{"accept-language": "ar"})
    page = (await arabic.http.get(arabic.page)).text
    assert "قصير المدى" in page and "العيش المشترك" in page  # timeframe and the default field, translated
    assert "ماذا ننجز" in page, "the default guiding question is translated"


async def test_a_custom_guiding_question_stays_as_the_facilitator_wrote_it(phones, service):
    service.settings.set_question("critique", "Was läuft beim Zusammenleben in KW nicht gut? {phase}")  # braces: no format
    arabic = await phones(**{"accept-language": "ar"})
    assert "Was läuft beim Zusammenleben in KW nicht gut? {phase}" in (await arabic.http.get(arabic.page)).text


async def test_main_fragment_is_the_changing_part_only(phones):
    phone = await phones()
    response = await phone.http.get(f"{phone.page}/main")
    assert response.status_code == 200 and "<html" not in response.text and 'id="view"' in response.text


async def test_languages_follow_the_browser_and_the_switcher(server, phones):
    arabic = await phones(**{"accept-language": "ar-SY,ar;q=0.9,de;q=0.5"})
    page = (await arabic.http.get(arabic.page)).text
    assert '<html lang="ar" dir="rtl">' in page and "المرحلة" in page
    english = await phones(**{"accept-language": "en-GB,en;q=0.8"})
    assert '<html lang="en" dir="ltr">' in (await english.http.get(english.page)).text
    switched = await english.http.get(english.page, params={"lang": "uk"})
    assert '<html lang="uk"' in switched.text and "Фаза" in switched.text
    assert '<html lang="uk"' in (await english.http.get(english.page)).text, "the switcher's choice is kept"
    german = await phones(**{"accept-language": "fr-FR"})
    page = (await german.http.get(german.page)).text
    assert '<html lang="de" dir="ltr">' in page
    for code, name in (("de", "Deutsch"), ("en", "English"), ("ar", "العربية"), ("uk", "Українська")):
        assert f'href="?lang={code}" lang="{code}" hreflang="{code}"' in page and name in page


async def test_privacy_note_is_on_every_page_in_every_language(phones):
    phone = await phones()
    notes = set()
    for language in ("de", "en", "ar", "uk"):
        page = (await phone.http.get(phone.page, params={"lang": language})).text
        note = re.search(r'<footer class="privacy">.*?(<details>.*?)</footer>', page, re.S).group(1)
        assert "IP" in note, language  # what is not kept
        notes.add(note)
        network = (await phone.http.get(f"{phone.page}/network", params={"lang": language})).text
        assert note in network
    assert len(notes) == 4, "each language has its own translation"


async def test_network_opt_in_records_consent_with_its_text_and_can_be_withdrawn(phones, service):
    phone = await phones()
    form = await phone.http.get(f"{phone.page}/network")
    assert form.status_code == 200 and 'name="consent"' in form.text
    refused = await phone.form("network", {"name": "Amal", "action": "consent"})
    assert refused.status_code == 422 and service.read.participants() == [], "a refused consent stores no device"
    response = await phone.form("network", {"name": "Amal Haddad", "organisation": "Willkommensinitiative",
                                            "email": "amal@example.org", "consent": "yes", "action": "consent"})
    assert response.status_code == 303
    participant = service.read.participants()[0]
    assert participant.name == "Amal Haddad" and participant.email == "amal@example.org"
    assert participant.consent_text.startswith("Ich bin damit einverstanden") and participant.consent_at
    shown = await phone.http.get(f"{phone.page}/network")
    assert "Amal Haddad" in shown.text and "widerrufen" in shown.text
    assert (await phone.form("network", {"action": "withdraw"})).status_code == 303
    participant = service.read.participants()[0]
    assert participant.name is None and participant.consent_text is None


async def test_page_with_its_style_and_script_weighs_under_50_kb(phones, service):
    round_id, themes = voting(service, themes=8)
    phone = await phones()
    page = await phone.http.get(phone.page)
    css = await phone.http.get("/static/phone.css")
    js = await phone.http.get("/static/phone.js")
    assert css.status_code == js.status_code == 200
    total = len(page.content) + len(css.content) + len(js.content)
    assert total < 50_000, total
    assert "http://" not in css.text + js.text and "https://" not in page.text + css.text + js.text  # no CDN
    assert "@font-face" not in css.text


async def test_no_facilitator_action_has_a_route(server):
    """Attack: a phone (or anyone on the network) trying to steer the session."""
    from starlette.routing import Mount, Route
    posts = sorted(route.path for route in server.web.routes if isinstance(route, Route) and "POST" in route.methods)
    assert posts == ["/api/{token}/dots", "/api/{token}/group/join", "/api/{token}/group/leave",
                     "/api/{token}/group/save", "/api/{token}/group/settle", "/api/{token}/ideas", "/api/{token}/join",
                     "/api/{token}/remarks", "/j/{token}/dots", "/j/{token}/g/{code}", "/j/{token}/g/{code}/join",
                     "/j/{token}/idea", "/j/{token}/network", "/j/{token}/remark",
                     "/j/{token}/slip"]  # a small group's edits: its own phones' only
    assert [route.path for route in server.web.routes if isinstance(route, Mount)] == ["/static"]
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        for path in ("/api/x/next_step", "/admin", "/j/x/reveal", "/api/x/undo"):
            assert (await client.post(path)).status_code in (404, 405)
