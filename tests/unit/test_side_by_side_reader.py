"""The side-by-side test's readers: nova's tables and the differences document."""

from tests.functional.test_novaclient_side_by_side import (
    Difference,
    compare,
    load_differences,
    parse_output,
)

NOVA_LIMITS = """\
+------+-----+
| Verb | URI |
+------+-----+
+------+-----+
+-------------+-----+
| Name        | Max |
+-------------+-----+
| Server Meta | 128 |
+-------------+-----+
"""


def test_back_to_back_tables_and_wrapped_cells():
    tables, lines = parse_output(NOVA_LIMITS + "Public key: ssh-ed25519 AAAA\n")
    assert [t.headers for t in tables] == [["Verb", "URI"], ["Name", "Max"]]
    assert tables[1].rows == [["Server Meta", "128"]] and lines == ["Public key: ssh-ed25519 AAAA"]
    wrapped, _ = parse_output("+----+-------+\n| Id | Names |\n+----+-------+\n"
                              "| 1  | ['a', |\n|    | 'b']  |\n+----+-------+\n")
    assert wrapped[0].rows == [["1", "['a',\n'b']"]]


def test_a_listed_difference_is_allowed_and_marked_seen_and_others_fail():
    ours = "+-------------+-----+\n| Name        | Max |\n+-------------+-----+\n" \
           "| Server Meta | 128 |\n+-------------+-----+\n"
    rule = Difference("limits", "table", "0")
    assert compare("limits", NOVA_LIMITS, ours, [rule]) == [] and rule.seen
    assert compare("limits", NOVA_LIMITS, ours, []) == ["2 table(s) from nova, 1 from compute"]


def test_the_document_parses_and_every_row_has_a_reason():
    differences = load_differences()
    assert len(differences) > 10
    assert {d.kind for d in differences} >= {"rows", "column", "data", "layout", "line"}
