"""What hangs off a server: request bodies, query strings and version checks
per microversion, and the commands' refusals, pinned against requests-mock."""

import base64
import json
import shutil
import subprocess

import pytest

from computeclient import base, client, crypto, exceptions, shell
from computeclient.v2.commands import server_misc
from tests.unit.conftest import ENDPOINT

SERVER = f"{ENDPOINT}/servers/s1"
SID = "6f0c8e9e-1d2a-4a4f-9b0e-3c5d7e9f1a2b"  # commands look servers up by ID
BY_ID = f"{ENDPOINT}/servers/{SID}"


def _body(mock_http):
    return json.loads(mock_http.last_request.body)


# -- metadata and tags -------------------------------------------------------

def test_metadata_requests(make_cs, mock_http):
    mock_http.post(f"{SERVER}/metadata", json={"metadata": {"a": "1", "b": "2"}})
    mock_http.put(f"{SERVER}/metadata", json={"metadata": {"only": "x"}})
    mock_http.put(f"{SERVER}/metadata/k", json={"meta": {"k": "v"}})
    mock_http.delete(f"{SERVER}/metadata/a", status_code=204)
    mock_http.delete(f"{SERVER}/metadata/b", status_code=204)
    servers = make_cs("2.1").servers
    answer = servers.set_meta("s1", {"a": "1"})  # a Server of the metadata, as novaclient
    assert type(answer).__name__ == "Server" and answer.to_dict() == {"a": "1", "b": "2"}
    assert _body(mock_http) == {"metadata": {"a": "1"}}
    servers.replace_meta("s1", {"only": "x"})
    assert mock_http.last_request.method == "PUT"
    assert _body(mock_http) == {"metadata": {"only": "x"}}
    servers.set_meta_item("s1", "k", "v")
    assert _body(mock_http) == {"meta": {"k": "v"}}
    servers.delete_meta("s1", ["a", "b"])
    assert [r.path for r in mock_http.request_history[-2:]] == [
        "/v2.1/servers/s1/metadata/a", "/v2.1/servers/s1/metadata/b"]


def test_tag_requests_and_version(make_cs, mock_http):
    mock_http.put(f"{SERVER}/tags", json={"tags": ["a", "b"]})
    mock_http.put(f"{SERVER}/tags/c", status_code=201)
    mock_http.delete(f"{SERVER}/tags", status_code=204)
    servers = make_cs("2.26").servers
    assert servers.set_tags("s1", ("a", "b")) == ["a", "b"]
    assert _body(mock_http) == {"tags": ["a", "b"]}
    servers.add_tag("s1", "c")
    assert mock_http.last_request.body is None
    servers.delete_all_tags("s1")
    assert mock_http.last_request.method == "DELETE"
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.26"):
        make_cs("2.25").servers.add_tag("s1", "c")


# -- interfaces, security groups ---------------------------------------------

def test_interface_attach_bodies(make_cs, mock_http):
    mock_http.post(f"{SERVER}/os-interface",
                   json={"interfaceAttachment": {"port_id": "p1", "net_id": "n1"}})
    attached = make_cs("2.49").servers.interface_attach("s1", net_id="n1",
                                                        fixed_ip="10.0.0.5", tag="eth1")
    assert attached.port_id == "p1"
    assert _body(mock_http) == {"interfaceAttachment": {
        "net_id": "n1", "fixed_ips": [{"ip_address": "10.0.0.5"}], "tag": "eth1"}}
    make_cs("2.1").servers.interface_attach("s1", port_id="p1")
    assert _body(mock_http) == {"interfaceAttachment": {"port_id": "p1"}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.49"):
        make_cs("2.48").servers.interface_attach("s1", net_id="n1", tag="eth1")
    assert len(mock_http.request_history) == 2  # the refusal sent nothing
    make_cs("2.49").servers.interface_attach("s1", None, None, None)  # as python-novaclient:
    assert _body(mock_http) == {"interfaceAttachment": {}}  # Nova picks a network


@pytest.mark.parametrize("options", [[], ["--port-id", "p1", "--net-id", "n1"]])
def test_interface_attach_command_wants_one_port_or_network(capsys, monkeypatch, mock_http,
                                                            options):
    code, out, err = _shell(capsys, monkeypatch, "interface-attach", SID, *options)
    assert (code, out) == (1, "")
    assert err == "ERROR (CommandError): Give exactly one of --port-id and --net-id\n"
    assert not mock_http.called


def test_security_group_actions(make_cs, mock_http):
    mock_http.post(f"{SERVER}/action", status_code=202)
    servers = make_cs("2.60").servers
    servers.add_security_group("s1", "web")
    assert _body(mock_http) == {"addSecurityGroup": {"name": "web"}}
    servers.remove_security_group("s1", "web")
    assert _body(mock_http) == {"removeSecurityGroup": {"name": "web"}}


# -- volumes -----------------------------------------------------------------

def test_volume_attach_before_2_101_returns_the_attachment(make_cs, mock_http):
    mock_http.post(f"{SERVER}/os-volume_attachments", json={"volumeAttachment": {
        "id": "v1", "volumeId": "v1", "device": "/dev/vdb", "serverId": "s1"}})
    attachment = make_cs("2.49").volumes.create_server_volume("s1", "v1", "/dev/vdb", tag="t")
    assert attachment.device == "/dev/vdb"
    assert _body(mock_http) == {"volumeAttachment": {"volumeId": "v1", "device": "/dev/vdb",
                                                     "tag": "t"}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.49"):
        make_cs("2.48").volumes.create_server_volume("s1", "v1", tag="t")


def test_volume_update_swap_and_delete_on_termination(make_cs, mock_http):
    mock_http.put(f"{SERVER}/os-volume_attachments/v1", status_code=202)
    make_cs("2.1").volumes.update_server_volume("s1", "v1", "v2")
    assert _body(mock_http) == {"volumeAttachment": {"volumeId": "v2"}}
    make_cs("2.85").volumes.update_server_volume("s1", "v1", delete_on_termination=False)
    assert _body(mock_http) == {"volumeAttachment": {"volumeId": "v1",
                                                     "delete_on_termination": False}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.85"):
        make_cs("2.84").volumes.update_server_volume("s1", "v1", delete_on_termination=True)


# -- consoles ----------------------------------------------------------------

@pytest.mark.parametrize("version, console_type, protocol", [
    ("2.6", "novnc", "vnc"), ("2.6", "spice-html5", "spice"), ("2.6", "serial", "serial"),
    ("2.8", "webmks", "mks"), ("2.99", "spice-direct", "spice"),
    ("2.6", "rdp-html5", "rdp"),
])
def test_remote_console_bodies(make_cs, mock_http, version, console_type, protocol):
    mock_http.post(f"{SERVER}/remote-consoles", json={"remote_console": {
        "protocol": protocol, "type": console_type, "url": "http://c/x"}})
    console = make_cs(version).servers.get_console_url("s1", console_type)
    assert console == {"remote_console": {"protocol": protocol, "type": console_type,
                                          "url": "http://c/x"}}  # as novaclient returns it
    assert console["url"] == "http://c/x"  # computeclient's earlier shape still reads
    assert _body(mock_http) == {"remote_console": {"protocol": protocol, "type": console_type}}


def test_console_refusals_send_nothing(make_cs, mock_http):
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.8"):
        make_cs("2.7").servers.get_mks_console("s1")
    with pytest.raises(exceptions.UnsupportedConsoleType, match="Unsupported console_type 'vga'"):
        make_cs("2.99").servers.get_console_url("s1", "vga")
    assert not mock_http.request_history


def test_legacy_serial_console_action(make_cs, mock_http):
    mock_http.post(f"{SERVER}/action", json={"console": {"type": "serial", "url": "ws://x"}})
    console = make_cs("2.5").servers.get_serial_console("s1")
    assert console["console"] == {"type": "serial", "url": "ws://x"}  # Horizon reads ['console']
    assert console["url"] == "ws://x"
    assert _body(mock_http) == {"os-getSerialConsole": {"type": "serial"}}


@pytest.mark.parametrize("method, action, console_type", [
    ("get_vnc_console", "os-getVNCConsole", "novnc"),
    ("get_spice_console", "os-getSPICEConsole", "spice-html5"),
    ("get_rdp_console", "os-getRDPConsole", "rdp-html5"),
    ("get_serial_console", "os-getSerialConsole", "serial"),
])
def test_novaclient_2_0_console_calls_return_the_console_key(mock_http, method, action,
                                                             console_type):
    mock_http.post(f"{SERVER}/action", json={"console": {"type": console_type, "url": "u"}})
    cs = client.Client("2", auth_token="tok", endpoint_override=ENDPOINT)
    console = getattr(cs.servers, method)("s1", console_type)
    assert console == {"console": {"type": console_type, "url": "u"}}
    assert _body(mock_http) == {action: {"type": console_type}}
    with pytest.raises(exceptions.MissingField):
        console["protocol"]


def test_console_output_length(make_cs, mock_http):
    mock_http.post(f"{SERVER}/action", json={"output": "a\nb\n"})
    assert make_cs("2.1").servers.get_console_output("s1", 5) == "a\nb\n"
    assert _body(mock_http) == {"os-getConsoleOutput": {"length": 5}}
    make_cs("2.1").servers.get_console_output("s1")
    assert _body(mock_http) == {"os-getConsoleOutput": {"length": None}}  # all of it


def _shell(capsys, monkeypatch, *argv):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    if "--os-compute-api-version" not in argv:  # skip version discovery
        argv = ("--os-compute-api-version", "2.99", *argv)
    code = shell.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _server_lookup(mock_http):
    mock_http.get(BY_ID, json={"server": {"id": SID, "name": "vm"}})


def test_rdp_console_says_nova_dropped_it(capsys, monkeypatch, mock_http):
    _server_lookup(mock_http)
    mock_http.post(f"{BY_ID}/remote-consoles", status_code=400,
                   json={"badRequest": {"message": "Unavailable console type rdp."}})
    code, out, err = _shell(capsys, monkeypatch, "--os-compute-api-version", "2.60",
                            "get-rdp-console", SID, "rdp-html5")
    assert code == 1 and out == ""
    assert err == (f"ERROR (CommandError): No rdp-html5 console for {SID}: Nova no longer serves "
                   "RDP consoles (they went with the Hyper-V driver in Nova 29.0.0)\n")
    assert _body(mock_http) == {"remote_console": {"protocol": "rdp", "type": "rdp-html5"}}


def test_console_auth_token_versions(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-console-auth-tokens/tok", json={"console": {
        "instance_uuid": "s1", "host": "h", "port": 5901, "tls_port": 5902,
        "internal_access_path": None}})
    assert make_cs("2.99").servers.get_console_auth_token("tok")["tls_port"] == 5902
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.31"):
        make_cs("2.30").servers.get_console_auth_token("tok")


# -- passwords ---------------------------------------------------------------

def test_password_requests(make_cs, mock_http):
    mock_http.get(f"{SERVER}/os-server-password", json={"password": "ZW5j"})
    mock_http.delete(f"{SERVER}/os-server-password", status_code=204)
    mock_http.post(f"{SERVER}/action", status_code=202)
    servers = make_cs("2.60").servers
    assert servers.get_password("s1") == "ZW5j"
    servers.clear_password("s1")
    assert mock_http.last_request.method == "DELETE"
    servers.change_password("s1", "s3cret")
    assert _body(mock_http) == {"changePassword": {"adminPass": "s3cret"}}


@pytest.fixture(scope="module")
def rsa_key(tmp_path_factory):
    """A PEM private key and the base64 RSA PKCS#1 v1.5 ciphertext a guest would post."""
    crypto = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    key = crypto.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path_factory.mktemp("key") / "id_rsa"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.TraditionalOpenSSL,
                                       serialization.NoEncryption()))
    encrypted = base64.b64encode(key.public_key().encrypt(b"Guest-Pass1", padding.PKCS1v15()))
    return str(path), encrypted.decode()


def test_get_password_decrypts_with_the_private_key(capsys, monkeypatch, mock_http, rsa_key):
    key_file, encrypted = rsa_key
    _server_lookup(mock_http)
    mock_http.get(f"{BY_ID}/os-server-password", json={"password": encrypted})
    code, out, _ = _shell(capsys, monkeypatch, "get-password", SID, key_file)
    assert (code, out) == (0, "Guest-Pass1\n")
    code, out, _ = _shell(capsys, monkeypatch, "get-password", SID)
    assert (code, out) == (0, encrypted + "\n")  # no key: the ciphertext, as stored


def test_library_get_password_decrypts_as_novaclients_does(make_cs, mock_http, rsa_key):
    key_file, encrypted = rsa_key
    mock_http.get(f"{SERVER}/os-server-password", json={"password": encrypted})
    assert make_cs("2.60").servers.get_password("s1", key_file) == "Guest-Pass1"
    assert crypto.decrypt_password(key_file, encrypted) == "Guest-Pass1"  # novaclient's order


@pytest.mark.skipif(not shutil.which("openssl"), reason="no openssl program")
def test_decrypt_falls_back_to_openssl(rsa_key):
    key_file, encrypted = rsa_key
    ciphertext = base64.b64decode(encrypted)
    assert crypto._decrypt_with_openssl(ciphertext, key_file) == "Guest-Pass1"
    assert subprocess.run(["openssl", "version"], capture_output=True).returncode == 0


def test_decrypt_errors_are_one_line(tmp_path, rsa_key):
    key_file, encrypted = rsa_key
    with pytest.raises(crypto.DecryptionFailure, match="Cannot read private key"):
        crypto.decrypt_password(str(tmp_path / "absent"), encrypted)
    (tmp_path / "junk").write_text("not a key")
    with pytest.raises(crypto.DecryptionFailure, match="not an unencrypted RSA private key"):
        crypto.decrypt_password(str(tmp_path / "junk"), encrypted)
    # Larger than any 2048-bit modulus: refused by RSA itself, whatever the key.
    with pytest.raises(crypto.DecryptionFailure, match="Cannot decrypt"):
        crypto.decrypt_password(key_file, base64.b64encode(b"\xff" * 256).decode())


@pytest.mark.parametrize("plain", [b"", b"\x00\x02", b"\xc3\x28abc", b"two\nlines", b"\x1b[31m"])
def test_what_a_wrong_key_decrypts_to_is_refused(plain):
    # OpenSSL 3.2+ answers a wrong key with random bytes instead of an error.
    with pytest.raises(crypto.DecryptionFailure, match=r"Cannot decrypt .*id_rsa \(is it"):
        crypto.readable_password(plain, "id_rsa")


def test_a_printable_password_is_returned_as_text():
    assert crypto.readable_password("Gäst-Pass1".encode(), "id_rsa") == "Gäst-Pass1"


@pytest.fixture
def restore_logging():
    """--debug adds a root handler on the (captured) stderr; drop it afterwards."""
    import logging
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_set_password_never_echoes(capsys, monkeypatch, mock_http, restore_logging):
    _server_lookup(mock_http)
    mock_http.post(f"{BY_ID}/action", status_code=202)
    code, out, err = _shell(capsys, monkeypatch, "--debug", "set-password", SID,
                            "--password", "Top-S3cret")
    assert code == 0 and "Top-S3cret" not in out + err
    assert "changePassword" in err  # the body was logged, with the secret masked
    assert _body(mock_http) == {"changePassword": {"adminPass": "Top-S3cret"}}


# -- instance actions, migrations, diagnostics, topology, events -----------

def test_instance_action_list_filters_and_versions(make_cs, mock_http):
    url = f"{SERVER}/os-instance-actions"
    mock_http.get(url, json={"instanceActions": [{"request_id": "r1", "action": "create"}]})
    actions = make_cs("2.66").instance_action.list("s1", marker="r0", limit=1,
                                                   changes_since="2026-01-01T00:00:00Z",
                                                   changes_before="2026-02-01T00:00:00Z")
    assert actions[0].id == "r1"
    assert mock_http.last_request.qs == {
        "marker": ["r0"], "limit": ["1"], "changes-since": ["2026-01-01t00:00:00z"],
        "changes-before": ["2026-02-01t00:00:00z"]}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.58"):
        make_cs("2.57").instance_action.list("s1", limit=1)
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.66"):
        make_cs("2.65").instance_action.list("s1", changes_before="2026-02-01")


def test_instance_action_list_follows_every_page(make_cs, mock_http):
    url = f"{SERVER}/os-instance-actions"
    mock_http.get(url, [
        {"json": {"instanceActions": [{"request_id": "r2"}],
                  "links": [{"rel": "next", "href": f"{url}?marker=r2"}]}},
        {"json": {"instanceActions": [{"request_id": "r1"}]}}])
    actions = make_cs("2.58").instance_action.list("s1", limit=-1)
    assert [a.id for a in actions] == ["r2", "r1"]
    assert mock_http.last_request.qs["marker"] == ["r2"]


def test_instance_action_show(make_cs, mock_http):
    mock_http.get(f"{SERVER}/os-instance-actions/r1", json={"instanceAction": {
        "request_id": "r1", "action": "create", "events": [{"event": "e", "host": "h"}]}})
    assert make_cs("2.62").instance_action.get("s1", "r1").events[0]["host"] == "h"


def test_server_migration_list_version(make_cs, mock_http):
    mock_http.get(f"{SERVER}/migrations", json={"migrations": [{"id": 3}]})
    assert make_cs("2.23").server_migrations.list("s1")[0].id == 3
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.22"):
        make_cs("2.21").server_migrations.live_migrate_force_complete("s1", 3)


def test_diagnostics_topology_refresh_network(make_cs, mock_http):
    mock_http.get(f"{SERVER}/diagnostics", json={"state": "running", "num_cpus": 1})
    mock_http.get(f"{SERVER}/topology", json={"nodes": [], "pagesize_kb": None})
    mock_http.post(f"{ENDPOINT}/os-server-external-events", json={"events": [
        {"name": "network-changed", "server_uuid": "s1", "code": 200, "status": "completed"}]})
    cs = make_cs("2.78")
    assert cs.servers.diagnostics("s1")[1]["state"] == "running"
    assert cs.servers.topology("s1")["nodes"] == []
    assert cs.servers.refresh_network("s1")["code"] == 200
    assert _body(mock_http) == {"events": [{"name": "network-changed", "server_uuid": "s1"}]}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.78"):
        make_cs("2.77").servers.topology("s1")


# -- ssh address choice ------------------------------------------------------

def _vm(addresses):
    return base.Resource(None, {"name": "vm", "addresses": addresses}, loaded=True)


def _addr(addr, version=4, kind="fixed"):
    return {"addr": addr, "version": version, "OS-EXT-IPS:type": kind}


def test_ssh_picks_the_address_by_network_family_and_type():
    vm = _vm({"private": [_addr("10.0.0.5"), _addr("fd00::5", 6), _addr("172.24.4.9",
                                                                          kind="floating")],
              "other": [_addr("10.1.0.7")]})
    assert server_misc.pick_address(vm, "private", False, "fixed") == "10.0.0.5"
    assert server_misc.pick_address(vm, "private", True, "fixed") == "fd00::5"
    assert server_misc.pick_address(vm, None, False, "floating") == "172.24.4.9"
    with pytest.raises(exceptions.CommandError, match="several such addresses"):
        server_misc.pick_address(vm, None, False, "fixed")
    with pytest.raises(exceptions.CommandError, match="has no network 'public'"):
        server_misc.pick_address(vm, "public", False, "fixed")


def test_ssh_dry_run_command_line(capsys, monkeypatch, mock_http):
    mock_http.get(BY_ID, json={"server": {
        "id": SID, "name": "vm", "addresses": {"private": [_addr("10.0.0.5")]}}})
    code, out, _ = _shell(capsys, monkeypatch, "ssh", SID, "--login", "ubuntu", "--port",
                          "2200", "-i", "/k/id", "--extra-opts", "-o StrictHostKeyChecking=no",
                          "--dry-run")
    assert (code, out) == (0, "ssh -p 2200 -i /k/id -o StrictHostKeyChecking=no "
                              "ubuntu@10.0.0.5\n")


def test_server_resource_shortcuts_reach_the_manager(make_cs, mock_http):
    mock_http.get(SERVER, json={"server": {"id": "s1", "name": "vm"}})
    mock_http.put(f"{SERVER}/tags", json={"tags": ["x"]})
    mock_http.post(f"{SERVER}/remote-consoles", json={"remote_console": {
        "protocol": "vnc", "type": "novnc", "url": "http://c/v"}})
    server = make_cs("2.60").servers.get("s1")
    assert server.set_tags(["x"]) == ["x"]
    assert server.get_console_url("novnc")["url"] == "http://c/v"
    assert _body(mock_http) == {"remote_console": {"protocol": "vnc", "type": "novnc"}}


def test_a_console_answer_without_its_url_is_one_error_line(capsys, monkeypatch, mock_http):
    """The library returns what Nova sent (as python-novaclient); the command
    says it lacks the URL rather than printing an empty one."""
    _server_lookup(mock_http)
    mock_http.post(f"{BY_ID}/remote-consoles", json={"remote_console": {"type": "novnc"}})
    code, out, err = _shell(capsys, monkeypatch, "get-vnc-console", SID, "novnc")
    assert (code, out) == (1, "")
    assert err.startswith(f"ERROR (CommandError): No novnc console for {SID}: ")
    assert "'url'" in err and err.count("\n") == 1
