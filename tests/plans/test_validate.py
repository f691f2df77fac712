"""`ytcs validate`: the broken-plan corpus, output formats, exit codes, YAML safety, speed hygiene."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.paths import PLANS, PLANS_BAD, PLANS_OK, REPO

# Every file ending .yaml or .yml in any case (SHOUTED.YML is one of the cases); catalog/ is what they rely on.
CASES = sorted(p for p in PLANS_BAD.iterdir() if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (error|warning): (.*)$")


def expectations(path: Path) -> list[tuple[int, int, str, str]]:
    found = []
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():  # not_utf8.yaml is a case
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3], match[4]))
    return found


def test_corpus_is_large_enough():
    assert len(CASES) >= 47  # 32 before issue 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_broken_plan_reports_expected_issue(path: Path):
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    strict_only = all(severity == "warning" for _, _, severity, _ in expected)
    result = invoke(["validate", "--strict", str(path)], expect_exit=1)
    assert "Traceback" not in result.output
    shown = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)
    for line, column, severity, fragment in expected:
        prefix = f"{shown}:{line}:{column}: {severity}: "
        assert any(out.startswith(prefix) and fragment in out for out in result.output.splitlines()), (
            prefix + fragment,
            result.output,
        )
    if strict_only:  # warnings alone do not fail without --strict
        invoke(["validate", str(path)], expect_exit=0)


def test_repo_plans_are_valid():
    result = invoke(["validate", str(PLANS)], expect_exit=0)
    assert re.search(r"^0 errors, \d+ warnings in \d+ files$", result.output, re.M), result.output


def test_valid_fixture_has_no_issue():
    result = invoke(["validate", str(PLANS_OK)], expect_exit=0)
    assert result.output.startswith("all valid")


def test_summary_counts_every_issue(tmp_path):
    result = invoke(
        ["validate", str(PLANS_BAD / "unknown_key.yaml"), str(PLANS_BAD / "comparator_against_polarity.yaml")],
        expect_exit=1,
    )
    assert result.output.splitlines()[-1] == "2 errors, 1 warning in 3 files"  # 2 plans + the mini catalog


def test_missing_path_is_usage_error():
    result = invoke(["validate", "no/such/plans"], expect_exit=2)
    assert "no/such/plans: no such file or folder" in result.output


def test_json_format():
    result = invoke(["validate", "--format", "json", str(PLANS_BAD / "percentage_over_100.yaml")], expect_exit=1)
    data = json.loads(result.output)
    [issue] = data["issues"]
    assert issue["line"] == 14 and issue["column"] == 12 and issue["severity"] == "error"
    assert issue["path"] == "targets[0].value"


def test_github_format_from_cli():
    result = invoke(["validate", "--format", "github", str(PLANS_BAD / "unknown_indicator.yaml")], expect_exit=1)
    assert result.output.startswith("::error file=tests/plans_bad/unknown_indicator.yaml,line=11,col=16,")


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("kind: plan\nnote: " + "x" * 1_000_001 + "\n", encoding="utf-8")
    result = invoke(["validate", str(big)], expect_exit=1)
    assert "plan files over 1 MB are refused" in result.output


def test_non_utf8_file(tmp_path):
    bad = tmp_path / "latin.yaml"
    # Windows-1258 stores Vietnamese as base letters plus combining marks (NFD).
    bad.write_bytes(unicodedata.normalize("NFD", "kind: plan\ntitle: Quảng Ngãi\n").encode("cp1258"))
    result = invoke(["validate", str(bad)], expect_exit=1)
    assert "not UTF-8" in result.output


def test_alias_bomb_is_rejected_fast():
    bomb = (
        "a: &a ["
        + ",".join(["x"] * 10)
        + "]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
    )
    from ytcs.plans.safe_yaml import load_yaml_text

    loaded, issues = load_yaml_text(bomb, "bomb.yaml")
    assert loaded is None and "anchors (&a)" in issues[0].message


def test_validate_does_not_import_pandas():
    code = (
        "import sys; from ytcs.cli import main; sys.argv=['ytcs','validate','plans']\n"
        "try:\n main()\nexcept SystemExit: pass\nprint('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_committed_schema_matches_models():
    from ytcs.plans.schema import json_schemas, schema_text

    for name, schema in json_schemas().items():
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"schema/{name} is stale: run `make schema`"


def test_every_plan_file_has_schema_modeline():
    for path in PLANS.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = first.split("$schema=", 1)[1]
        assert (path.parent / target).resolve().is_file(), (path, target)


def test_pure_python_fallback_refuses_aliases_too(monkeypatch):
    """Without libyaml, the composing loader refuses anchors at the same place."""
    from ytcs.plans import safe_yaml as yamlio

    monkeypatch.setattr(yamlio, "_FAST_LOADER", None)
    loaded, issues = yamlio.load_yaml_text("a: 1\nb: &x [1]\nc: *x\n", "f.yaml")
    assert loaded is None
    assert (issues[0].line, issues[0].column) == (2, 4)
    assert "anchors (&x)" in issues[0].message
    loaded, issues = yamlio.load_yaml_text("id: no\ncode: 010\n", "f.yaml")
    assert [i.message.split(" by YAML")[0] for i in issues] == [
        "'no' is read as a boolean",
        "'010' is read as a different number",
    ]
