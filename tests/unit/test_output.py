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
