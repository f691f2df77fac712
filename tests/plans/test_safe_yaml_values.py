"""The plan reader gives the values PyYAML's safe loader gives, and keeps refusing anchors and aliases.

It skips the pass that looks for anchors when the text has no '&' or '*' (issue 14, start-up) and reads text
scalars without the constructor's bookkeeping: neither may change a value.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ytcs.plans.safe_yaml import load_yaml_text

KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("&*'\"#:-ờệ"), max_size=12)
SCALARS = st.one_of(TEXT, st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False),
                    st.just(None), st.booleans())  # fmt: skip
DOCUMENTS = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, DOCUMENTS, min_size=1, max_size=5))
def test_values_are_pyyamls(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    loaded, issues = load_yaml_text(text, "f.yaml")
    assert loaded is not None and not [i for i in issues if i.severity == "error"]
    assert loaded.data == yaml.safe_load(text)


def test_an_alias_is_refused_where_it_stands_with_or_without_an_ampersand_elsewhere():
    """At the anchor when there is one (the '&' in 'a: &x' is on column 4), else at the alias."""
    cases = {"a: &x 1\nb: *x\n": (1, 4), "note: 'A & B'\na: &x 1\nb: *x\n": (2, 4), "a: 1\nb: *x\n": (2, 4)}
    for text, (row, column) in cases.items():
        loaded, issues = load_yaml_text(text, "f.yaml")
        assert loaded is None and len(issues) == 1
        assert (issues[0].code, issues[0].location.row, issues[0].location.column) == ("yaml-alias", row, column)


def test_text_with_ampersands_and_stars_reads_as_text():
    loaded, issues = load_yaml_text("note: 'A & B * C'\nother: \"x*y\"\n", "f.yaml")
    assert loaded is not None and loaded.data == {"note": "A & B * C", "other": "x*y"} and not issues
