"""The review's JSON, byte for byte (tests/golden/, WERKSTATT_UPDATE_GOLDEN=1 rewrites it): `werkstatt show
--json` and `export --format json` of the demo's review a year on (`review`), and the phones' API during a
review — the measures by field, a remark and its replay, the priority round's items, the reveal."""

from __future__ import annotations

from tests.clirun import werkstatt
from tests.test_json_formats import TOKEN, _exchange, _phone, fixed_ids, golden  # noqa: F401 (the fixture)
from workshop.core.home import Home
from workshop.core.review import PlanItem
from workshop.export.demo_review import create_review_demo
from workshop.web.server import ParticipantServer


def test_show_and_export_json_of_the_demos_review_are_unchanged(tmp_path, fixed_ids):  # noqa: F811
    home = Home(tmp_path / "home")
    create_review_demo(home).close()
    home.close_all()
    shown = werkstatt(tmp_path / "home", "show", "demo-rueckblick", "--json")
    assert shown.exit_code == 0, shown.output
    golden("review-show.json", shown.stdout)
    exported = werkstatt(tmp_path / "home", "export", "demo-rueckblick", "--format", "json", "--out", "-")
    assert exported.exit_code == 0, exported.output
    golden("review-export.json", exported.stdout)


async def test_phones_api_during_a_review_is_unchanged(tmp_path, fixed_ids):  # noqa: F811
    home = Home(tmp_path / "home")
    service = home.create("Rückblick 2017", date="2017-11-23", venue="Bürgerhaus")
    service.review.begin("integrationsplan.md", [
        PlanItem("Wohnraumbörse mit Patenschaften", "Wohnen", "beschlossen", 2017, measure_id="01JD8Z6Q4W5XN2AB3CDEFGHJKM"),
        PlanItem("Sprachkurse mit Kinderbetreuung", "Bildung", "", 2018, measure_id="01JD8Z6Q4W5XN2AB3CDEFGHJKN"),
        PlanItem("Lesepaten in der Stadtbibliothek", "Bildung", "in Umsetzung", None, source="hand")])
    server = ParticipantServer(home, host="127.0.0.1", port=0, session=service.read.session().slug)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    try:
        http, csrf = await _phone(server)
        headers = {"x-csrf-token": csrf}
        try:
            text = await _exchange(http, "GET", f"/api/{TOKEN}/state")
            service.steps.next()
            item = service.review.items()[1].id
            remark = {"client_id": "r-1", "item": item, "text": "Die Betreuung endet vor dem Kurs"}
            text += await _exchange(http, "POST", f"/api/{TOKEN}/remarks", json=remark, headers=headers)
            text += await _exchange(http, "POST", f"/api/{TOKEN}/remarks", json=remark, headers=headers)
            text += await _exchange(http, "GET", f"/api/{TOKEN}/state")
            service.steps.next()
            round_ = service.voting.open_round(budget=3, cap=2)
            text += await _exchange(http, "POST", f"/api/{TOKEN}/dots",
                                    json={"round": round_.id, "item": item, "count": 2, "seq": 1}, headers=headers)
            text += await _exchange(http, "GET", f"/api/{TOKEN}/state")
            service.voting.close_round(round_.id)
            service.voting.reveal_round(round_.id)
            text += await _exchange(http, "GET", f"/api/{TOKEN}/state?lang=fa")
        finally:
            await http.aclose()
    finally:
        await server.stop()
        service.close()
        home.close_all()
    golden("review-phones-api.txt", text)
