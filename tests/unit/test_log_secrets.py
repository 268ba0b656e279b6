"""Library DEBUG logs of both transports never hold a secret.

A script that turns on DEBUG logging sees every request and response body;
adminPass (boot, rebuild, change-password), a generated private key, tokens
and passwords must be masked there, whichever transport is in use.
"""

import json
import logging

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from computeclient import client, transport
from tests.unit.conftest import ENDPOINT

TOKEN = "tok-7c1d-secret"
ADMIN_PASS = "Adm1n-P4ss-from-Nova"
ASKED_PASS = "chosen\"pa'ss-word-tail"
PRIVATE_KEY = ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n"
               "-----END OPENSSH PRIVATE KEY-----\n")
JSON = {"Content-Type": "application/json"}
SECRETS = [TOKEN, ADMIN_PASS, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU", "pa'ss", "word-tail"]


def _token_client():
    return client.Client("2.60", auth_token=TOKEN, endpoint_override=ENDPOINT,
                         http_log_debug=True)


def _session_client():
    auth = token_endpoint.Token(ENDPOINT, TOKEN)
    return client.Client("2.60", session=ksa_session.Session(auth=auth))


TRANSPORTS = [pytest.param(_token_client, id="token"), pytest.param(_session_client, id="session")]


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _assert_clean(caplog, *expected_fragments):
    text = caplog.text
    assert text, "nothing was logged"
    for fragment in expected_fragments:
        assert fragment in text
    leaked = [s for s in SECRETS if s in text]
    assert leaked == [], text


@pytest.mark.parametrize("make", TRANSPORTS)
def test_boot_logs_no_admin_pass(mock_http, debug_logs, make):
    mock_http.post(f"{ENDPOINT}/servers", status_code=202, headers=JSON, json={"server": {
        "id": "s1", "adminPass": ADMIN_PASS, "links": []}})
    server = make().servers.create("vm", image="i", flavor="f", nics="none",
                                   admin_pass=ASKED_PASS)
    assert server.adminPass == ADMIN_PASS
    assert json.loads(mock_http.last_request.body)["server"]["adminPass"] == ASKED_PASS
    _assert_clean(debug_logs, '"adminPass": "***"', '"id": "s1"')


@pytest.mark.parametrize("make", TRANSPORTS)
def test_keypair_add_logs_no_private_key(mock_http, debug_logs, make):
    mock_http.post(f"{ENDPOINT}/os-keypairs", headers=JSON, json={"keypair": {
        "name": "k", "private_key": PRIVATE_KEY, "public_key": "ssh-ed25519 AAAA k",
        "fingerprint": "fp"}})
    keypair = make().keypairs.create("k")
    assert keypair.private_key == PRIVATE_KEY
    _assert_clean(debug_logs, '"private_key": "***"', "ssh-ed25519 AAAA k")


@pytest.mark.parametrize("make", TRANSPORTS)
def test_change_password_logs_no_password(mock_http, debug_logs, make):
    mock_http.post(f"{ENDPOINT}/servers/s1/action", status_code=202)
    make().servers.change_password("s1", ASKED_PASS)
    assert json.loads(mock_http.last_request.body) == {
        "changePassword": {"adminPass": ASKED_PASS}}
    _assert_clean(debug_logs, "changePassword")


def test_a_callers_own_logger_is_masked_too(mock_http, caplog):
    mine = logging.getLogger("my.app.http")
    caplog.set_level(logging.DEBUG)
    auth = token_endpoint.Token(ENDPOINT, TOKEN)
    cs = client.Client("2.60", session=ksa_session.Session(auth=auth), logger=mine)
    mock_http.post(f"{ENDPOINT}/os-keypairs", headers=JSON, json={"keypair": {
        "name": "k", "private_key": PRIVATE_KEY}})
    cs.keypairs.create("k")
    assert any(r.name == "my.app.http" for r in caplog.records)
    _assert_clean(caplog, '"private_key": "***"')


def test_mask_body_handles_escaped_quotes_and_secret_kinds():
    body = json.dumps({"auth": {"identity": {
        "password": {"user": {"password": 'a"b\'c'}},
        "application_credential": {"id": "ac", "secret": "app-secret"}}},
        "token": "t0k", "private_key": PRIVATE_KEY, "name": "kept"})
    masked = transport.mask_body(body)
    assert json.loads(masked) == {"auth": {"identity": {
        "password": {"user": {"password": "***"}},
        "application_credential": {"id": "ac", "secret": "***"}}},
        "token": "***", "private_key": "***", "name": "kept"}


CONSOLE_TOKEN = "5c0e1b2a-console-token-77"


@pytest.mark.parametrize("make", TRANSPORTS)
def test_console_tokens_and_user_data_are_not_logged(mock_http, debug_logs, make):
    mock_http.post(f"{ENDPOINT}/servers/s1/remote-consoles", headers=JSON, json={
        "remote_console": {"protocol": "vnc", "type": "novnc",
                           "url": f"http://h:6080/vnc_auto.html?path=%3Ftoken%3D{CONSOLE_TOKEN}"}})
    mock_http.get(f"{ENDPOINT}/os-console-auth-tokens/{CONSOLE_TOKEN}", headers=JSON,
                  json={"console": {"instance_uuid": "s1", "host": "h", "port": 5900}})
    mock_http.post(f"{ENDPOINT}/servers", status_code=202, headers=JSON,
                   json={"server": {"id": "s2"}})
    cs = make()
    assert CONSOLE_TOKEN in cs.servers.get_console_url("s1", "novnc")["url"]
    cs.servers.get_console_auth_token(CONSOLE_TOKEN)
    cs.servers.create("vm", image="i", flavor="f", nics="none",
                      userdata="#cloud-config\npassword: cloud-init-secret\n")
    # urllib3 (here requests-mock) logs its own request line; that is not ours.
    text = "\n".join(r.getMessage() for r in debug_logs.records
                     if r.name == "computeclient.v2.client")  # a Client's default logger
    assert "/os-console-auth-tokens/***" in text and "token%3D***" in text
    assert CONSOLE_TOKEN not in text
    assert '"user_data": "***"' in text
    assert "Y2xvdWQtaW5pdC1zZWNyZXQ" not in text  # base64 of the secret's tail


def test_the_masking_logger_formats_as_logging_does(caplog):
    """keystoneauth1 logs with one mapping argument (`%(name)s` fields); a call
    whose arguments don't fit its message is logged, never raised (logging's rule)."""
    caplog.set_level(logging.DEBUG, logger="computeclient.http")
    log = transport.masked_logger()
    log.debug("%(method)s %(body)s", {"method": "POST", "body": '{"password": "hunter2"}'})
    log.debug("%s of %s", "one")
    messages = [r.getMessage() for r in caplog.records if r.name == "computeclient.http"]
    assert messages[0] == 'POST {"password": "***"}'
    assert messages[1].startswith("%s of %s ('one',)")
    assert "hunter2" not in "\n".join(messages)


@pytest.mark.parametrize("make", TRANSPORTS)
def test_a_callers_logger_is_the_clients_and_gets_only_masked_lines(mock_http, make):
    """python-novaclient's `logger=`: `cs.logger` and `cs.client.logger` are the
    caller's own logger, and what the transport (or keystoneauth1) logs to it
    is masked."""
    mock_http.post(f"{ENDPOINT}/servers", status_code=202, headers=JSON, json={"server": {
        "id": "s1", "adminPass": ADMIN_PASS, "links": []}})
    mine = logging.getLogger("a-callers-logger")
    lines: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    mine.addHandler(handler)
    mine.setLevel(logging.DEBUG)
    try:
        cs = _with_logger(make, mine)
        assert cs.logger is mine and cs.client.logger is mine
        cs.servers.create("vm", image="i", flavor="f", nics="none", admin_pass=ASKED_PASS)
    finally:
        mine.removeHandler(handler)
    text = "\n".join(lines)
    assert "POST" in text and "/servers" in text
    assert [s for s in SECRETS if s in text] == [], text


def _with_logger(make, logger):
    if make is _token_client:
        return client.Client("2.60", auth_token=TOKEN, endpoint_override=ENDPOINT,
                             http_log_debug=True, logger=logger)
    auth = token_endpoint.Token(ENDPOINT, TOKEN)
    return client.Client("2.60", session=ksa_session.Session(auth=auth), logger=logger)
