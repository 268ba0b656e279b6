"""One output layer: table, json, yaml, value, csv, and -c column selection."""

import csv
import io
import json

import pytest
import yaml

from computeclient import exceptions, output
from computeclient.output import Listing, Record


@pytest.fixture
def listing():
    return Listing(["ID", "Name", "Meta"], [["1", "a b", {"k": "v"}], ["2", "yes", None]])


def test_table_renders_structures_as_json(listing):
    text = output.render(listing, "table")
    assert "| ID | Name | Meta       |" in text
    assert '| 1  | a b  | {"k": "v"} |' in text


def test_json_keeps_structures(listing):
    assert json.loads(output.render(listing, "json")) == [
        {"ID": "1", "Name": "a b", "Meta": {"k": "v"}}, {"ID": "2", "Name": "yes", "Meta": None}]


def test_yaml_round_trips_through_a_real_parser(listing):
    tricky = Record({"a": "yes", "b": "1.5", "c": "x: y", "d": "", "e": [1, {"f": None}],
                     "g": {}, "h": "- dash", "i": True, "j": "line\nbreak", "k": "#hash"})
    assert yaml.safe_load(output.render(tricky, "yaml")) == {
        "a": "yes", "b": "1.5", "c": "x: y", "d": "", "e": [1, {"f": None}], "g": {},
        "h": "- dash", "i": True, "j": "line\nbreak", "k": "#hash"}
    assert yaml.safe_load(output.render(listing, "yaml")) == json.loads(
        output.render(listing, "json"))


def test_value_and_csv(listing):
    assert output.render(listing, "value") == '1 a b {"k": "v"}\n2 yes '
    rows = list(csv.reader(io.StringIO(output.render(listing, "csv"))))
    assert rows == [["ID", "Name", "Meta"], ["1", "a b", '{"k": "v"}'], ["2", "yes", ""]]


def test_record_formats():
    record = Record({"b": 2, "a": "x"})
    assert json.loads(output.render(record, "json")) == {"a": "x", "b": 2}
    assert output.render(record, "value") == "x\n2"
    assert "| Property | Value |" in output.render(record, "table")


def test_select_columns_case_insensitive_in_given_order(listing):
    assert output.render(listing, "value", ["name", "ID"]) == "a b 1\nyes 2"
    assert json.loads(output.render(Record({"a": 1, "b": 2}), "json", ["B"])) == {"b": 2}


def test_unknown_column_is_a_clear_error(listing):
    with pytest.raises(exceptions.CommandError,
                       match="No column 'Nope'; choose from: ID, Name, Meta"):
        output.render(listing, "json", ["Nope"])


def test_from_objects_reads_attributes_and_formatters():
    class Obj:
        flavor_id = "f1"
        name = "n"

    listing = Listing.from_objects([Obj()], ["Flavor ID", "Name", "Upper"],
                                   formatters={"Upper": lambda o: o.name.upper()})
    assert listing.rows == [["f1", "n", "N"]]


def test_sortby_orders_table_rows():
    text = output.render(Listing(["Name"], [["b"], ["a"]], sortby="Name"), "table")
    assert text.index("| a ") < text.index("| b ")


@pytest.mark.parametrize("name", ["0x1F", "=", "<<", "0o17", "1e3", "yes", "No", "~", "null",
                                  ".inf", "2024-01-01", "12:30", "- x", "! tag", "*alias",
                                  "&anchor", "%directive", "@at", "`tick", "a: b", "x #y",
                                  " lead", "trail ", "multi\nline", "tab\tin", "ünïcode",
                                  "{}", "[1]", "'q'", '"dq"', "?", "", "007"])
def test_yaml_reads_back_every_name_as_the_same_string(name):
    flavor = Record({"ID": "1", "Name": name, "RAM": 512, "Is Public": True, "Swap": None,
                     "extra_specs": {name: name}})
    assert yaml.safe_load(output.render(flavor, "yaml")) == {
        "ID": "1", "Name": name, "RAM": 512, "Is Public": True, "Swap": None,
        "extra_specs": {name: name}}
    listing = Listing(["Name"], [[name], [name]])
    assert yaml.safe_load(output.render(listing, "yaml")) == [{"Name": name}, {"Name": name}]


def test_yaml_takes_the_librarys_own_types():
    from computeclient import base
    record = Record({"s": base.StrWithMeta("x"), "d": base.DictWithMeta({"k": 1}),
                     "l": base.ListWithMeta(["a"]), "t": ("a", 2), "o": object})
    assert yaml.safe_load(output.render(record, "yaml")) == {
        "s": "x", "d": {"k": 1}, "l": ["a"], "t": ["a", 2], "o": str(object)}
_STREAM_ROWS = [["a", 1, {"x": [1, 2]}, None], ["b:c", 2.5, [], "multi\nline"],
                ["-", True, "yes", ""]]


@pytest.mark.parametrize("fmt", output.FORMATS)
@pytest.mark.parametrize("count", [0, 1, 3])
@pytest.mark.parametrize("columns", [[], ["N", "name"]])
def test_streamed_listing_prints_what_a_whole_one_does(fmt, count, columns):
    names = ["Name", "N", "Data", "Other"]
    whole, streamed = io.StringIO(), io.StringIO()
    output.emit(output.Listing(names, _STREAM_ROWS[:count]), fmt, columns, whole)
    output.emit(output.Listing(names, iter(_STREAM_ROWS[:count]), stream=True), fmt, columns,
                streamed)
    assert streamed.getvalue() == whole.getvalue()


def test_streamed_rows_are_read_as_they_are_printed():
    seen = []

    def rows():
        for i in range(3):
            seen.append(i)
            yield [i]

    chunks = output.stream_chunks(output.Listing(["N"], rows(), stream=True), "json")
    assert next(chunks) == '[\n  {\n    "N": 0\n  }' and seen == [0]
    assert next(chunks) == ',\n  {\n    "N": 1\n  }' and seen == [0, 1]


def test_from_objects_streams_an_iterator_and_keeps_a_list():
    assert output.Listing.from_objects(iter([{"id": 1}]), ["ID"]).stream
    listing = output.Listing.from_objects([{"id": 1}], ["ID"])
    assert not listing.stream and listing.rows == [[1]]


def _prettytable(header, rows):
    import prettytable
    table = prettytable.PrettyTable(header)
    table.align = "l"
    for row in rows:
        table.add_row(row)
    return table.get_string()


_ODD_CELLS = ["", " ", "  padded  ", "x" * 70, "|+-", "名前", "e\u0301", "two\nlines",
              "tab\there", "\x1b[31mred\x1b[0m", "-"]


@pytest.mark.parametrize("seed", range(40))
def test_table_is_drawn_exactly_as_prettytable_draws_it(seed):
    import random
    rnd = random.Random(seed)
    printable = [chr(c) for c in range(32, 127)]
    width = rnd.randint(1, 6)
    header = ["".join(rnd.choices(printable, k=rnd.randint(1, 12))) for _ in range(width)]
    rows = [["".join(rnd.choices(printable, k=rnd.randint(0, 30))) if rnd.random() < 0.9
             else rnd.choice(_ODD_CELLS) for _ in range(width)]
            for _ in range(rnd.randint(0, 8))]
    assert output.render(Listing(header, rows)) == _prettytable(header, rows)
    fields = {f"k{i}": row[0] for i, row in enumerate(rows)}
    assert output.render(Record(fields)) == _prettytable(
        ["Property", "Value"], sorted(fields.items()))
