"""Persian and Russian for the messages issue 11 added (projector, projector page, handouts), to apply once the
fa and ru catalogues exist (issue 10 adds them): `.venv/bin/python -m workshop.i18n.update`, then
`.venv/bin/python docs/i18n/issue11_fa_ru.py`. It fills only empty entries and leaves the rest alone.
Delete this file once applied. Plural forms: fa 2 (0 and 1 | more), ru 3 (one | few | many).
"""

from __future__ import annotations

import io
from pathlib import Path

TR: dict[str, dict[object, object]] = {
    "fa": {
        "{phase} — {step}": "{phase} — {step}",
        "{ideas} · {phones}": "{ideas} · {phones}",
        ("{count} Idee", "{count} Ideen"): ("{count} ایده", "{count} ایده"),
        ("{participants} Telefon", "{participants} Telefone"): ("{participants} تلفن", "{participants} تلفن"),
        ("{voters} Telefon hat abgestimmt", "{voters} Telefone haben abgestimmt"):
            ("{voters} تلفن رأی داده است", "{voters} تلفن رأی داده‌اند"),
        "Abstimmung beendet — {voted} — gleich kommt das Ergebnis.":
            "رأی‌گیری تمام شد — {voted} — نتیجه به‌زودی اعلام می‌شود.",
        ("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Idee — {voted}",
         "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Idee — {voted}"):
            ("رأی‌گیری در جریان است — {budget} امتیاز برای هر نفر، حداکثر {cap} برای هر ایده — {voted}",) * 2,
        ("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Thema — {voted}",
         "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Thema — {voted}"):
            ("رأی‌گیری در جریان است — {budget} امتیاز برای هر نفر، حداکثر {cap} برای هر موضوع — {voted}",) * 2,
        "Schreiben Sie Ihre Wünsche auf: „Es wäre schön, wenn …“ — alles ist möglich.":
            "آرزوهایتان را بنویسید: «چه خوب می‌شد اگر …» — همه چیز ممکن است.",
        "Schreiben Sie auf, was nicht gut läuft — eine Idee pro Zettel oder Nachricht.":
            "بنویسید چه چیزی خوب پیش نمی‌رود — هر ایده روی یک برگه یا در یک پیام.",
        "Gleich wird abgestimmt.": "به‌زودی رأی‌گیری می‌شود.",
        "Das Ergebnis der Abstimmung": "نتیجهٔ رأی‌گیری",
        "Wir machen aus den Gewinnerthemen Maßnahmen: wer, mit wem, bis wann, mit welchem Geld.":
            "موضوعات برنده را به اقدام تبدیل می‌کنیم: چه کسی، با چه کسی، تا کی، با چه بودجه‌ای.",
        ("{count} Punkt", "{count} Punkte"): ("{count} امتیاز", "{count} امتیاز"),
        "Beamer": "ویدئوپروژکتور",
        ("{count} Idee noch unsortiert", "{count} Ideen noch unsortiert"):
            ("{count} ایده هنوز مرتب نشده است", "{count} ایده هنوز مرتب نشده‌اند"),
        "Impulse aus der Kritik: {themes}": "ایده‌هایی از مرحلهٔ نقد: {themes}",
        "Noch keine Maßnahmen.": "هنوز اقدامی ثبت نشده است.",
        "und {count} weitere": "و {count} مورد دیگر",
        "Keine Sitzung geöffnet.": "هیچ جلسه‌ای باز نیست.",
        "Diese Seite folgt der App der Moderation: Öffnen Sie dort eine Sitzung.":
            "این صفحه از برنامهٔ تسهیلگر پیروی می‌کند: یک جلسه را آنجا باز کنید.",
        "QR-Code zum Mitmachen": "کد QR برای مشارکت",
        "1. WLAN verbinden": "1. به وای‌فای وصل شوید",
        "2. Mitmachen: Code scannen": "2. مشارکت: کد را اسکن کنید",
        "Mitmachen: Code scannen": "مشارکت: کد را اسکن کنید",
        "WLAN: {ssid}": "وای‌فای: {ssid}",
        "Passwort: {password}": "رمز: {password}",
        "ohne Passwort": "بدون رمز",
        "Verbinden Sie Ihr Telefon mit dem WLAN „{ssid}“ (Passwort: {password}) oder scannen Sie den ersten Code "
        "mit der Kamera. Scannen Sie dann den zweiten Code oder öffnen Sie {url}. Sie brauchen keine App und kein "
        "Konto.":
            "تلفن خود را به وای‌فای «{ssid}» (رمز: {password}) وصل کنید یا کد اول را با دوربین اسکن کنید. سپس کد دوم "
            "را اسکن کنید یا {url} را باز کنید. به هیچ برنامه یا حسابی نیاز ندارید.",
        "Verbinden Sie Ihr Telefon mit dem WLAN „{ssid}“ oder scannen Sie den ersten Code mit der Kamera. Scannen "
        "Sie dann den zweiten Code oder öffnen Sie {url}. Sie brauchen keine App und kein Konto.":
            "تلفن خود را به وای‌فای «{ssid}» وصل کنید یا کد اول را با دوربین اسکن کنید. سپس کد دوم را اسکن کنید یا "
            "{url} را باز کنید. به هیچ برنامه یا حسابی نیاز ندارید.",
        "Scannen Sie den Code mit der Kamera Ihres Telefons oder öffnen Sie {url}. Sie brauchen keine App und kein "
        "Konto.":
            "کد را با دوربین تلفن خود اسکن کنید یا {url} را باز کنید. به هیچ برنامه یا حسابی نیاز ندارید.",
    },
    "ru": {
        "{phase} — {step}": "{phase} — {step}",
        "{ideas} · {phones}": "{ideas} · {phones}",
        ("{count} Idee", "{count} Ideen"): ("{count} идея", "{count} идеи", "{count} идей"),
        ("{participants} Telefon", "{participants} Telefone"):
            ("{participants} телефон", "{participants} телефона", "{participants} телефонов"),
        ("{voters} Telefon hat abgestimmt", "{voters} Telefone haben abgestimmt"):
            ("Проголосовал {voters} телефон", "Проголосовали {voters} телефона", "Проголосовали {voters} телефонов"),
        "Abstimmung beendet — {voted} — gleich kommt das Ergebnis.":
            "Голосование завершено — {voted} — результат через минуту.",
        ("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Idee — {voted}",
         "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Idee — {voted}"):
            ("Идёт голосование — {budget} балл на человека, не больше {cap} на идею — {voted}",
             "Идёт голосование — {budget} балла на человека, не больше {cap} на идею — {voted}",
             "Идёт голосование — {budget} баллов на человека, не больше {cap} на идею — {voted}"),
        ("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Thema — {voted}",
         "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Thema — {voted}"):
            ("Идёт голосование — {budget} балл на человека, не больше {cap} на тему — {voted}",
             "Идёт голосование — {budget} балла на человека, не больше {cap} на тему — {voted}",
             "Идёт голосование — {budget} баллов на человека, не больше {cap} на тему — {voted}"),
        "Schreiben Sie Ihre Wünsche auf: „Es wäre schön, wenn …“ — alles ist möglich.":
            "Запишите свои пожелания: «Было бы хорошо, если бы …» — возможно всё.",
        "Schreiben Sie auf, was nicht gut läuft — eine Idee pro Zettel oder Nachricht.":
            "Запишите, что работает плохо — одна идея на листок или сообщение.",
        "Gleich wird abgestimmt.": "Скоро голосование.",
        "Das Ergebnis der Abstimmung": "Результат голосования",
        "Wir machen aus den Gewinnerthemen Maßnahmen: wer, mit wem, bis wann, mit welchem Geld.":
            "Превращаем победившие темы в меры: кто, с кем, к какому сроку, на какие деньги.",
        ("{count} Punkt", "{count} Punkte"): ("{count} балл", "{count} балла", "{count} баллов"),
        "Beamer": "Проектор",
        ("{count} Idee noch unsortiert", "{count} Ideen noch unsortiert"):
            ("{count} идея ещё не разобрана", "{count} идеи ещё не разобраны", "{count} идей ещё не разобрано"),
        "Impulse aus der Kritik: {themes}": "Импульсы из этапа критики: {themes}",
        "Noch keine Maßnahmen.": "Мер пока нет.",
        "und {count} weitere": "и ещё {count}",
        "Keine Sitzung geöffnet.": "Ни одно заседание не открыто.",
        "Diese Seite folgt der App der Moderation: Öffnen Sie dort eine Sitzung.":
            "Эта страница следует за приложением модератора: откройте там заседание.",
        "QR-Code zum Mitmachen": "QR-код для участия",
        "1. WLAN verbinden": "1. Подключитесь к Wi-Fi",
        "2. Mitmachen: Code scannen": "2. Участвуйте: отсканируйте код",
        "Mitmachen: Code scannen": "Участвуйте: отсканируйте код",
        "WLAN: {ssid}": "Wi-Fi: {ssid}",
        "Passwort: {password}": "Пароль: {password}",
        "ohne Passwort": "без пароля",
        "Verbinden Sie Ihr Telefon mit dem WLAN „{ssid}“ (Passwort: {password}) oder scannen Sie den ersten Code "
        "mit der Kamera. Scannen Sie dann den zweiten Code oder öffnen Sie {url}. Sie brauchen keine App und kein "
        "Konto.":
            "Подключите телефон к Wi-Fi «{ssid}» (пароль: {password}) или отсканируйте камерой первый код. Затем "
            "отсканируйте второй код или откройте {url}. Не нужны ни приложение, ни учётная запись.",
        "Verbinden Sie Ihr Telefon mit dem WLAN „{ssid}“ oder scannen Sie den ersten Code mit der Kamera. Scannen "
        "Sie dann den zweiten Code oder öffnen Sie {url}. Sie brauchen keine App und kein Konto.":
            "Подключите телефон к Wi-Fi «{ssid}» или отсканируйте камерой первый код. Затем отсканируйте второй код "
            "или откройте {url}. Не нужны ни приложение, ни учётная запись.",
        "Scannen Sie den Code mit der Kamera Ihres Telefons oder öffnen Sie {url}. Sie brauchen keine App und kein "
        "Konto.":
            "Отсканируйте код камерой телефона или откройте {url}. Не нужны ни приложение, ни учётная запись.",
    },
}


def apply(locale: Path = Path(__file__).resolve().parents[2] / "workshop" / "i18n" / "locale") -> None:
    from babel.messages.pofile import read_po, write_po

    for language, entries in TR.items():
        path = locale / language / "LC_MESSAGES" / "werkstatt.po"
        if not path.exists():
            print(f"{language}: no catalogue yet ({path})")
            continue
        with path.open("rb") as file:
            catalogue = read_po(file, locale=language, domain="werkstatt")
        filled = 0
        for key, value in entries.items():
            message = catalogue.get(key)
            if message is None or (any(message.string) if isinstance(key, tuple) else message.string):
                continue
            message.string = tuple(value) if isinstance(key, tuple) else value
            message.flags.discard("fuzzy")
            filled += 1
        out = io.BytesIO()
        write_po(out, catalogue, width=0, sort_output=True, ignore_obsolete=True, include_lineno=False)
        path.write_bytes(out.getvalue())
        print(f"{language}: {filled} filled")


if __name__ == "__main__":
    apply()
