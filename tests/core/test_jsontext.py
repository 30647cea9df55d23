"""The encoder made once writes exactly what `json.dumps(…, ensure_ascii=False, separators=(",", ":"))` writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from workshop.core.jsontext import compact

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)


@given(values)
def test_compact_json_is_byte_for_byte_what_json_dumps_writes(value):
    assert compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_people_s_text_stays_readable_and_quotes_are_escaped():
    assert compact({"text": 'أريد "سكنًا"\n', "n": 1}) == '{"text":"أريد \\"سكنًا\\"\\n","n":1}'
