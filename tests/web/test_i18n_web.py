"""The phone pages in every language: plural forms by CLDR's rules, and what people typed shown as typed.

Catalogue completeness (every phone text in every language) is checked in tests/test_catalogues.py.
"""

from __future__ import annotations

import html
import re

from workshop.core.models import Phase
from workshop.core.text import IDEA_MAX

from .conftest import voting

RESULT = re.compile(r'<span class="label" dir="auto">([^<]+)</span>(?: <span class="merged" dir="auto">[^<]*</span>)? '
                    r'<span class="n">([^<]+)</span>')
LEFT = re.compile(r'<p class="left" id="left" aria-live="polite"[^>]* data-template="([^"]*)">([^<]*)</p>')
COUNTS = (0, 1, 2, 3, 5, 11, 21, 100)


async def results_in(phone, language: str) -> dict[str, str]:
    page = await phone.http.get(f"{phone.page}?lang={language}")
    assert page.status_code == 200
    return {html.unescape(label): html.unescape(dots) for label, dots in RESULT.findall(page.text)}


async def test_the_ranking_counts_dots_in_each_language_s_plural_forms(phones, service):
    round_id, themes = voting(service, themes=len(COUNTS))
    for theme, count in zip(themes, COUNTS):
        service.voting.set_paper_dots(round_id, theme, count)
    service.voting.close_round(round_id)
    service.voting.reveal_round(round_id)
    phone = await phones()
    shown = {language: {int(label.split()[1]): dots for label, dots in (await results_in(phone, language)).items()}
             for language in ("de", "en", "ar", "uk", "fa", "ru")}
    theme_of = dict(enumerate(COUNTS))  # "Thema 3" carries COUNTS[3] dots
    by_count = {language: {theme_of[number]: dots for number, dots in rows.items()} for language, rows in shown.items()}
    assert by_count["de"][1] == "1 Punkt" and by_count["de"][2] == "2 Punkte" and by_count["de"][0] == "0 Punkte"
    assert by_count["en"][1] == "1 point" and by_count["en"][2] == "2 points" and by_count["en"][0] == "0 points"
    assert {count: by_count["ar"][count] for count in (0, 1, 2, 3, 11, 100)} == {
        0: "0 نقطة", 1: "نقطة واحدة", 2: "نقطتان", 3: "3 نقاط", 11: "11 نقطة", 100: "100 نقطة"}
    assert {count: by_count["uk"][count] for count in (1, 2, 5, 21)} == {
        1: "1 бал", 2: "2 бали", 5: "5 балів", 21: "21 бал"}
    assert {count: by_count["ru"][count] for count in (1, 2, 5, 11, 21)} == {
        1: "1 балл", 2: "2 балла", 5: "5 баллов", 11: "11 баллов", 21: "21 балл"}
    assert {count: by_count["fa"][count] for count in (0, 1, 2)} == {0: "0 امتیاز", 1: "1 امتیاز", 2: "2 امتیاز"}


async def test_persian_and_russian_phones_get_their_language_from_the_browser(phones, service):
    """Accept-Language picks Persian (right to left) and Russian; the switcher lists all six languages."""
    for header, language, direction, greeting in (
            ("fa-IR,fa;q=0.9,en;q=0.5", "fa", "rtl", "ایدهٔ شما"), ("ru-RU,ru;q=0.9", "ru", "ltr", "Ваша идея"),
            ("de-DE,de;q=0.9", "de", "ltr", "Ihre Idee")):
        phone = await phones(**{"accept-language": header})
        page = (await phone.http.get(phone.page)).text
        assert f'<html lang="{language}" dir="{direction}">' in page and greeting in page
        switcher = re.search(r'<nav class="langs"[^>]*>(.*?)</nav>', page, re.S).group(1)
        assert re.findall(r'hreflang="(\w+)"', switcher) == ["de", "en", "ar", "uk", "fa", "ru"]
        assert "فارسی" in switcher and "Русский" in switcher
    phone = await phones(**{"accept-language": "ru"})
    service.steps.next()
    refused = await phone.idea("слишком поздно")
    assert refused.json()["message"] == "Сейчас идеи не собираются."


async def test_dots_left_agree_with_the_budget_on_the_page_and_in_the_script_s_template(phones, service):
    for number in range(2):
        idea = service.ideas.add(f"Idee {number}")
        service.themes.create(f"Thema {number}", idea_ids=[idea.id])
    service.voting.open_round("theme", budget=1, cap=1)
    phone = await phones()
    expected = {"de": ("Noch 1 von 1 Punkt", "Noch {left} von 1 Punkt"),
                "en": ("1 of 1 point left", "{left} of 1 point left"),
                "uk": ("Залишилося 1 з 1 бала", "Залишилося {left} з 1 бала"),
                "ar": ("متبقٍ 1 من نقطة واحدة", "متبقٍ {left} من نقطة واحدة")}
    for language, (text, script_template) in expected.items():
        page = await phone.http.get(f"{phone.page}?lang={language}")
        template, shown = LEFT.search(page.text).groups()
        assert (html.unescape(shown), html.unescape(template)) == (text, script_template)


async def test_a_phone_s_errors_come_in_its_language_with_their_counts(phones, service):
    idea = service.ideas.add("Idee")
    theme = service.themes.create("Thema", idea_ids=[idea.id])
    round_id = service.voting.open_round("theme", budget=5, cap=5).id
    phone = await phones()
    over_cap = await phone.post("dots", {"round": round_id, "item": theme.id, "count": 6}, **{"accept-language": "uk"})
    assert over_cap.status_code == 409 and over_cap.json()["message"] == "Щонайбільше 5 балів на одну тему."
    service.steps.next(); service.steps.next(); service.steps.next(); service.steps.next()  # the fantasy phase collects
    too_long = await phone.post("ideas", {"client_id": "long1", "text": "x" * (IDEA_MAX + 1)},
                                **{"accept-language": "en"})
    assert too_long.status_code == 422
    assert too_long.json()["message"] == f"The idea is too long ({IDEA_MAX + 1} characters, at most {IDEA_MAX})."
    too_long_ar = await phone.post("ideas", {"client_id": "long2", "text": "x" * 511}, **{"accept-language": "ar"})
    assert "511 حرفًا" in too_long_ar.json()["message"]


async def test_what_people_typed_is_never_looked_up_in_a_catalogue(phones, service):
    """A theme called „Wohnen“ stays „Wohnen“ on the Arabic page; the app's own field „Wohnen“ is translated."""
    idea = service.ideas.add("Mieten zu hoch")
    wohnen = service.themes.create("Wohnen", idea_ids=[idea.id])
    service.voting.open_round("theme", budget=3, cap=2)
    phone = await phones()
    page = (await phone.http.get(f"{phone.page}?lang=ar")).text
    # Isolated (first strong isolate … pop directional isolate): German stays in order in an Arabic sentence.
    assert 'aria-label="نقطة أكثر: \u2068Wohnen\u2069"' in page and "السكن" not in page
    service.settings.set_question(Phase.REALISATION, "Bildung")  # typed by the facilitator, equal to a field's name
    service.steps.go_to(Phase.REALISATION, "plan")
    service.measures.promote("theme", wohnen.id, field_of_action="Wohnen")
    other = service.measures.promote("theme", wohnen.id, field_of_action="Wohnen in KW")
    page = (await phone.http.get(f"{phone.page}?lang=ar")).text
    assert "<p><bdi>السكن" in page and "<p><bdi>Wohnen in KW" in page
    assert service.read.measure(other.id).field_of_action in page
    assert '<p class="question" dir="auto">Bildung</p>' in page and "التعليم" not in page
    service.settings.set_question(Phase.REALISATION, "Was packen wir an — wer, mit wem, bis wann?")  # the app's default
    page = (await phone.http.get(f"{phone.page}?lang=en")).text
    assert '<p class="question" dir="auto">What do we tackle — who, with whom, by when?</p>' in page


async def test_a_theme_merged_after_the_vote_carries_its_dots_and_says_so_in_each_language(phones, service):
    round_id, themes = voting(service, themes=2)
    service.voting.set_paper_dots(round_id, themes[0], 4)
    service.voting.set_paper_dots(round_id, themes[1], 3)
    service.voting.close_round(round_id)
    service.voting.reveal_round(round_id)
    service.themes.merge(themes[0], [themes[1]])
    phone = await phones()
    # The merged theme's name is people's text inside a translated sentence: isolated (FSI … PDI), so a
    # German name keeps its order in the Arabic sentence.
    name = "\u2068Thema 1\u2069"
    notes = {"de": f"(mit „{name}“ zusammengeführt)", "en": f"(merged with “{name}”)",
             "ar": f"(مدمج مع «{name}»)", "uk": f"(об’єднано з «{name}»)"}
    for language, note in notes.items():
        page = html.unescape((await phone.http.get(f"{phone.page}?lang={language}")).text)
        assert note in page, language
    assert list((await results_in(phone, "de")).values()) == ["7 Punkte"]  # 4 + 3: no dot lost
