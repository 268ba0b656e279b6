"""The oracle's verdict (tests/novaclient_oracle/verdict.py): python-novaclient's
tests pass against computeclient, or are listed in the differences document."""

from pathlib import Path

import pytest

from tests.novaclient_oracle import run, verdict

DOC = """# Differences

## The library

#### Known failures

| Test id or pattern | Tests | What differs | Why |
|---|---|---|---|
| `test_crypto.py::CryptoTest::*` | 2 | patches Popen | a test double |
| `v2/test_servers.py::*::test__boot`, `test_x.py::T::test_y` | 3 | private | `_boot` |

Text after the table.

## Next section

| `not_read.py::*` | 9 | | |
"""

P = "novaclient/tests/unit/"


def test_reads_the_rows_under_the_heading_only():
    known = verdict.read_known(DOC)
    assert [(k.patterns, k.count) for k in known] == [
        (["test_crypto.py::CryptoTest::*"], 2),
        (["v2/test_servers.py::*::test__boot", "test_x.py::T::test_y"], 3)]
    assert known[0].line == 9
    assert known[1].matches("v2/test_servers.py::ServersV254Test::test__boot")
    assert not known[1].matches("v2/test_servers.py::ServersTest::test__boot_more")


@pytest.mark.parametrize("text, message", [
    ("# Doc\n\nno heading\n", "no 'Known failures' heading"),
    ("#### Known failures\n\nnothing\n", "no table"),
    ("#### Known failures\n\n| a | b |\n|---|---|\n| no pattern | 1 |\n", "line 5"),
    ("#### Known failures\n\n| a | b |\n|---|---|\n| `x::y` | some |\n", "line 5"),
])
def test_a_malformed_list_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        verdict.read_known(text)


def test_passes_when_every_failure_is_listed_exactly():
    known = verdict.read_known(DOC)
    outcomes = [(P + "test_crypto.py::CryptoTest::test_a", "failed"),
                (P + "test_crypto.py::CryptoTest::test_b", "error"),
                (P + "v2/test_servers.py::S1::test__boot", "failed"),
                (P + "v2/test_servers.py::S2::test__boot", "failed"),
                (P + "test_x.py::T::test_y", "failed"),
                (P + "test_x.py::T::test_z", "passed"),
                (P + "test_x.py::T::test_skip", "skipped")]
    assert verdict.verdict(outcomes, known, whole_run=True) == []


def test_an_unlisted_failure_and_a_listed_pass_each_fail_the_run():
    known = verdict.read_known(DOC)
    outcomes = [(P + "test_crypto.py::CryptoTest::test_a", "passed"),
                (P + "test_crypto.py::CryptoTest::test_b", "failed"),
                (P + "test_utils.py::U::test_new", "failed")]
    problems = verdict.verdict(outcomes, known, whole_run=False,
                               reasons={"test_utils.py::U::test_new": "KeyError: 'x'"},
                               doc="DOC")
    assert problems == [
        "PASSES, but listed in DOC (line 9): test_crypto.py::CryptoTest::test_a",
        "FAILS, not listed in DOC: test_utils.py::U::test_new  # KeyError: 'x'"]


def test_a_row_must_match_as_many_tests_as_it_says_on_a_whole_run():
    known = verdict.read_known(DOC)
    outcomes = [(P + "test_crypto.py::CryptoTest::test_a", "failed")]
    assert verdict.verdict(outcomes, known, whole_run=False) == []
    problems = verdict.verdict(outcomes, known, whole_run=True, doc="DOC")
    assert problems == [
        "DOC line 9: test_crypto.py::CryptoTest::* matches 1 tests, the table says 2",
        "DOC line 10: v2/test_servers.py::*::test__boot test_x.py::T::test_y matches "
        "0 tests, the table says 3"]


def test_a_test_reported_twice_counts_once_and_any_failure_wins():
    merged = verdict.merge([(P + "a.py::T::t", "failed"), (P + "a.py::T::t", "passed"),
                            (P + "b.py::T::t", "passed"), (P + "b.py::T::t", "error")])
    assert merged == {"a.py::T::t": "failed", "b.py::T::t": "error"}


def test_the_project_list_reads_and_every_row_says_why():
    known = verdict.load(run.DOC)
    assert known, "the differences document lists no known failures"
    lines = Path(run.DOC).read_text(encoding="utf-8").splitlines()
    for row in known:
        cells = [c.strip() for c in lines[row.line - 1].strip().strip("|").split("|")]
        assert len(cells) == 4 and cells[2] and cells[3], f"line {row.line}: what and why"
