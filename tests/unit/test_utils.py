"""computeclient.utils: the names novaclient-style extension modules use."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from computeclient import shell, utils
from computeclient.v2.commands import extensions as extension_commands
from tests.unit.conftest import ENDPOINT

SERVERS = {"servers": [
    {"id": "bbbbbbbb-0000-0000-0000-000000000002", "name": "web", "status": "ACTIVE"},
    {"id": "aaaaaaaa-0000-0000-0000-000000000001", "name": "db", "status": "SHUTOFF"}]}


def test_print_list_renders_a_table_sorted_by_the_first_field(make_cs, mock_http, capsys):
    mock_http.get(f"{ENDPOINT}/servers/detail", json=SERVERS)
    utils.print_list(make_cs().servers.list(), ["Name", "Status"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split("|")[1:3] == [" Name ", " Status  "]
    assert [line.split("|")[1].strip() for line in lines[3:5]] == ["db", "web"]


def test_print_list_formatters_and_sort_index(capsys):
    rows = [type("Row", (), {"name": n, "size": s})() for n, s in (("a", 2), ("b", 1))]
    utils.print_list(rows, ["Name", "Size"], formatters={"Size": lambda r: r.size * 10},
                     sortby_index=1)
    body = [line.split("|")[1:3] for line in capsys.readouterr().out.splitlines()[3:5]]
    assert [[c.strip() for c in row] for row in body] == [["b", "10"], ["a", "20"]]


def test_print_dict_renders_property_value_rows(capsys):
    utils.print_dict({"status": "ACTIVE", "name": "web"})
    lines = capsys.readouterr().out.splitlines()
    cells = [[c.strip() for c in line.split("|")[1:3]] for line in lines if line.startswith("|")]
    assert cells == [["Property", "Value"], ["name", "web"], ["status", "ACTIVE"]]


def test_arg_is_the_shells():
    from computeclient import cliutils
    assert utils.arg is cliutils.arg


def test_unauthenticated_marks_and_the_shell_asks_the_mark():
    def do_thing(cs, args):
        """A local command."""

    assert not utils.isunauthenticated(do_thing)
    assert utils.unauthenticated(do_thing) is do_thing and utils.isunauthenticated(do_thing)
    assert utils.isunauthenticated(extension_commands.do_list_extensions)
    assert utils.isunauthenticated(shell.ComputeShell.do_help)
    assert utils.isunauthenticated(shell.ComputeShell.do_bash_completion)


def test_list_extensions_needs_no_credentials(monkeypatch, capsys):
    for name in [n for n in list(os.environ) if n.startswith("OS_")]:
        monkeypatch.delenv(name)
    assert shell.main(["list-extensions", "-f", "value", "-c", "Name"]) == 0
    assert "host_servers" in capsys.readouterr().out.split()


def test_a_novaclient_style_module_imports_and_declares_its_commands():
    path = (Path(__file__).resolve().parents[1] / "fixtures" / "novaclient_style"
            / "server_summary.py")
    spec = importlib.util.spec_from_file_location("ut_server_summary", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules.pop("ut_server_summary", None)
    (args, kwargs), = module.do_server_summary.arguments
    assert args == ("server",) and kwargs["metavar"] == "<server>"


def test_print_dict_wraps_values_when_asked(capsys):
    utils.print_dict({"fault": "one two three four five six"}, wrap=10)
    lines = capsys.readouterr().out.splitlines()
    values = [line.split("|")[2].strip() for line in lines if line.startswith("|")][1:]
    assert values == ["one two", "three four", "five six"]


def test_do_action_on_many_reports_each_and_fails_at_the_end(capsys):
    import pytest

    from computeclient import exceptions

    done = []

    def act(resource):
        if resource.id == "2":
            raise exceptions.NotFound(404, "No server 2")
        done.append(resource.id)

    servers = [type("S", (), {"id": i, "human_id": f"vm{i}"})() for i in ("1", "2", "3")]
    with pytest.raises(exceptions.CommandError, match="Some failed"):
        utils.do_action_on_many(act, servers, "Request for %s accepted.", "Some failed")
    assert done == ["1", "3"]
    assert capsys.readouterr().out.splitlines() == [
        "Request for vm1 (1) accepted.", "No server 2 (HTTP 404)", "Request for vm3 (3) accepted."]
    utils.do_action_on_many(done.append, ["x"], "Did %s.", "never")
    assert capsys.readouterr().out == "Did x.\n"


def test_validate_flavor_metadata_keys():
    import pytest

    from computeclient import exceptions

    utils.validate_flavor_metadata_keys(["hw:cpu_policy", "quota:disk read-bytes.sec_1"])
    with pytest.raises(exceptions.CommandError, match='Invalid key: "bad/key"'):
        utils.validate_flavor_metadata_keys(["ok", "bad/key"])
