"""One command on several clouds and regions (computeclient/fanout.py,
shell_fanout.py), against requests-mock clouds named in one clouds.yaml."""

import json
import os
import socket
import threading
import time

import pytest
import requests

from computeclient import cloud_config, exceptions, fanout, shell, shell_fanout

CLOUDS = """
clouds:
  prod-a:
    auth_type: admin_token
    auth: {token: ta, endpoint: "http://a.test/v2.1"}
    compute_api_version: "2.60"
  prod-b:
    auth_type: admin_token
    auth: {token: tb, endpoint: "http://b.test/v2.1"}
    compute_api_version: "2.60"
  lab:
    auth_type: admin_token
    auth: {token: tl, endpoint: "http://lab.test/v2.1"}
    compute_api_version: "2.60"
    regions: [One, Two]
"""


@pytest.fixture
def clouds(monkeypatch, tmp_path):
    for name in [n for n in os.environ if n.startswith("OS_")]:
        monkeypatch.delenv(name)
    path = tmp_path / "clouds.yaml"
    path.write_text(CLOUDS)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    monkeypatch.setenv("COMPUTECLIENT_NO_CACHE", "1")
    return path


def _keypairs(mock_http, host, *names):
    mock_http.get(f"http://{host}/v2.1/os-keypairs", json={"keypairs": [
        {"keypair": {"name": n, "type": "ssh", "fingerprint": f"fp-{n}"}} for n in names]})


def _run(argv, capsys):
    code = shell.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- the library helper -------------------------------------------------------

def test_run_gives_each_target_its_value_or_its_error_in_the_order_given():
    def call(n):
        if n == 2:
            raise exceptions.ConnectionRefused("down")
        time.sleep(0.05 * (3 - n))  # the first finishes last
        return n * 10

    outcomes = fanout.run({"one": 1, "two": 2, "three": 3}, call)
    assert [o.target for o in outcomes] == ["one", "two", "three"]
    assert [o.value for o in outcomes] == [10, None, 30]
    assert isinstance(outcomes[1].error, exceptions.ConnectionRefused)
    assert [o.ok for o in outcomes] == [True, False, True]


def test_run_keeps_at_most_parallel_targets_at_once():
    lock, running, peak = threading.Lock(), [0], [0]

    def call(_):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1

    fanout.run([(str(i), i) for i in range(9)], call, parallel=3)
    assert peak[0] == 3


def test_a_slow_target_times_out_alone():
    release = threading.Event()
    started = time.monotonic()
    outcomes = fanout.run({"slow": 1, "quick": 2},
                          lambda n: release.wait(5) if n == 1 else "ok", timeout=0.2)
    release.set()
    assert time.monotonic() - started < 2
    assert isinstance(outcomes[0].error, fanout.TargetTimeout)
    assert "0.2 s" in str(outcomes[0].error)
    assert outcomes[1].value == "ok"


def test_parallel_below_one_is_refused():
    with pytest.raises(exceptions.InvalidArgument):
        fanout.run({"a": 1}, str, parallel=0)


# -- targets -------------------------------------------------------------------

def test_clouds_yaml_names_and_regions(clouds):
    assert cloud_config.cloud_names() == ["prod-a", "prod-b", "lab"]
    assert cloud_config.region_names("lab") == ["One", "Two"]
    assert cloud_config.region_names("prod-a") == []


def test_globs_repeats_and_all_clouds_choose_clouds_in_order(clouds):
    def chosen(*argv):
        known, _ = shell.base_parser().parse_known_args(list(argv))
        return shell_fanout.cloud_targets(known)

    assert chosen("--os-cloud", "prod-*") == ["prod-a", "prod-b"]
    assert chosen("--os-cloud", "lab", "--os-cloud", "prod-?", "--os-cloud", "lab") == [
        "lab", "prod-a", "prod-b"]
    assert chosen("--all-clouds") == ["prod-a", "prod-b", "lab"]
    with pytest.raises(exceptions.CloudConfigError, match="no cloud in .* matches 'dev-\\*'"):
        chosen("--os-cloud", "dev-*")


def test_catalog_regions_are_those_with_a_compute_endpoint():
    catalog = [{"type": "compute", "endpoints": [
                   {"interface": "public", "region_id": "RegionOne", "url": "u1"},
                   {"interface": "internal", "region_id": "RegionOne", "url": "u2"},
                   {"interface": "public", "region": "RegionTwo", "url": "u3"}]},
               {"type": "image", "endpoints": [{"region_id": "RegionThree", "url": "u4"}]}]
    assert shell_fanout.catalog_regions(catalog, "compute") == ["RegionOne", "RegionTwo"]


def test_read_only_is_declared_by_name_or_mark():
    from computeclient.v2 import shell as v2_shell
    commands = v2_shell.commands(include_extensions=False)
    reads = {n for n, f in commands.items() if shell_fanout.changes_nothing(n, f)}
    assert {"list", "show", "flavor-list", "hypervisor-list", "usage-list", "usage",
            "migration-list", "server-group-list", "keypair-show"} <= reads
    assert not {"boot", "delete", "flavor-create", "reboot", "service-disable",
                "keypair-add", "aggregate-set-metadata"} & reads


# -- the shell -------------------------------------------------------------------

def test_two_clouds_list_in_one_table_with_cloud_and_region(clouds, mock_http, capsys):
    _keypairs(mock_http, "a.test", "ka1", "ka2")
    _keypairs(mock_http, "b.test", "kb")
    code, out, err = _run(["--os-cloud", "prod-b", "--os-cloud", "prod-a", "keypair-list",
                           "-f", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"Cloud": "prod-b", "Region": "", "Name": "kb", "Type": "ssh", "Fingerprint": "fp-kb"},
        {"Cloud": "prod-a", "Region": "", "Name": "ka1", "Type": "ssh", "Fingerprint": "fp-ka1"},
        {"Cloud": "prod-a", "Region": "", "Name": "ka2", "Type": "ssh", "Fingerprint": "fp-ka2"}]
    code, out, _ = _run(["--os-cloud", "prod-*", "keypair-list", "-f", "csv", "-c", "Cloud",
                         "-c", "Name"], capsys)
    assert out.splitlines() == ['"Cloud","Name"', '"prod-a","ka1"', '"prod-a","ka2"',
                                '"prod-b","kb"']


def test_a_cloud_that_is_down_is_one_line_and_exit_1(clouds, mock_http, capsys):
    _keypairs(mock_http, "a.test", "ka")
    mock_http.get("http://b.test/v2.1/os-keypairs", exc=requests.ConnectionError("refused"))
    code, out, err = _run(["--retries", "0", "--os-cloud", "prod-*", "keypair-list",
                           "-f", "value", "-c", "Cloud", "-c", "Name"], capsys)
    assert code == 1
    assert out == "prod-a ka\n"
    assert len(err.splitlines()) == 1
    assert err.startswith("ERROR (") and ": cloud 'prod-b': " in err


def test_all_regions_takes_the_regions_clouds_yaml_lists(clouds, mock_http, capsys):
    _keypairs(mock_http, "lab.test", "k")
    code, out, err = _run(["--os-cloud", "lab", "--all-regions", "keypair-list", "-f",
                           "value", "-c", "Cloud", "-c", "Region", "-c", "Name"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["lab One k", "lab Two k"]


def test_show_says_where_it_found_it_and_not_found_elsewhere_is_no_error(
        clouds, mock_http, capsys):
    mock_http.get("http://a.test/v2.1/os-keypairs/k", status_code=404,
                  json={"itemNotFound": {"message": "Keypair k not found"}})
    mock_http.get("http://b.test/v2.1/os-keypairs/k",
                  json={"keypair": {"name": "k", "type": "ssh", "public_key": "ssh-rsa A"}})
    code, out, err = _run(["--os-cloud", "prod-*", "keypair-show", "k", "-f", "json"], capsys)
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert list(shown)[:2] == ["Cloud", "Region"] and shown["Cloud"] == "prod-b"
    assert shown["name"] == "k"
    mock_http.get("http://b.test/v2.1/os-keypairs/k", status_code=404,
                  json={"itemNotFound": {"message": "Keypair k not found"}})
    code, out, err = _run(["--os-cloud", "prod-*", "keypair-show", "k"], capsys)
    assert code == 1 and out == ""
    assert [line.split(": ")[1] for line in err.splitlines()] == ["cloud 'prod-a'",
                                                                "cloud 'prod-b'"]


def test_a_change_on_several_clouds_needs_yes_all_targets(clouds, mock_http, capsys):
    deleted = mock_http.delete("http://a.test/v2.1/os-keypairs/k", status_code=202)
    mock_http.delete("http://b.test/v2.1/os-keypairs/k", status_code=202)
    code, out, err = _run(["--os-cloud", "prod-*", "keypair-delete", "k"], capsys)
    assert code == 1 and out == "" and not deleted.called
    assert "'keypair-delete' changes things and would run on 2 targets" in err
    assert "--yes-all-targets" in err
    code, out, err = _run(["--os-cloud", "prod-*", "--yes-all-targets", "keypair-delete", "k"],
                          capsys)
    assert (code, err) == (0, "") and deleted.called
    assert out.splitlines()[-2:] == ["keypair-delete: done in cloud 'prod-a'",
                                     "keypair-delete: done in cloud 'prod-b'"]


def test_a_usage_error_is_reported_once_before_any_request(clouds, mock_http, capsys):
    with pytest.raises(SystemExit) as stop:
        shell.main(["--os-cloud", "prod-*", "keypair-list", "--bogus"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.count("unrecognized arguments: --bogus") == 1
    assert not mock_http.called


def test_one_cloud_imports_no_fanout_module():
    import subprocess
    import sys
    code = ("import sys; from computeclient import shell\n"
            "try:\n    shell.main(['--os-cloud', 'nowhere', 'list'])\nexcept SystemExit: pass\n"
            "print([m for m in sys.modules if 'fanout' in m])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "OS_CLIENT_CONFIG_FILE": "/nonexistent"})
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _trickling_nova() -> tuple[int, threading.Event]:
    """A real server on 127.0.0.1 that answers 200 and then one blank a second,
    never finishing: no read times out, only the target's timeout can end it.
    (A slow requests-mock callback would not do: requests-mock serializes every
    mocked send behind one lock, so the fast cloud would wait for the slow one.)"""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        with conn, listener:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100000\r\n\r\n")
            while not stop.wait(0.5):
                try:
                    conn.sendall(b" ")
                except OSError:
                    return

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1], stop


def test_a_slow_cloud_is_cut_off_at_timeout_and_the_others_print(clouds, mock_http, capsys):
    _keypairs(mock_http, "a.test", "ka")
    port, stop = _trickling_nova()
    clouds.write_text(CLOUDS.replace("http://b.test", f"http://127.0.0.1:{port}"))
    mock_http.real_http = True  # prod-b's requests reach the trickling server
    started = time.monotonic()
    try:
        code, out, err = _run(["--timeout", "4", "--os-cloud", "prod-*", "keypair-list",
                               "-f", "value", "-c", "Cloud", "-c", "Name"], capsys)
    finally:
        stop.set()
    assert time.monotonic() - started < 30
    assert (code, out) == (1, "prod-a ka\n"), err
    assert err == "ERROR (TargetTimeout): cloud 'prod-b': no answer within 4 s\n"


def test_cloud_names_of_clouds_yaml_make_library_clients(clouds, mock_http):
    _keypairs(mock_http, "a.test", "ka")
    _keypairs(mock_http, "lab.test", "kl")
    outcomes = fanout.run({name: name for name in ("prod-a", "lab", "nowhere")},
                          lambda name: [k.name for k in fanout.cloud_client(name).keypairs.list()])
    assert [o.value for o in outcomes] == [["ka"], ["kl"], None]
    assert isinstance(outcomes[2].error, exceptions.CloudConfigError)
    # This test's own requests: a thread of the slow-cloud test before it may
    # still send one to prod-b (its target timed out, its thread is not killed).
    mine = [r for r in mock_http.request_history if r.hostname in ("a.test", "lab.test")]
    assert {r.hostname: r.headers["X-Auth-Token"] for r in mine} == {"a.test": "ta",
                                                                     "lab.test": "tl"}
    assert {r.headers["X-OpenStack-Nova-API-Version"] for r in mine} == {"2.60"}
