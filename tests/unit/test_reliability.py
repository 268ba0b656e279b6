"""Errors that say what happened, retries where safe, the deadline: both
transports against a fake Nova on 127.0.0.1 that counts what it receives."""

from __future__ import annotations

import logging
import warnings

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from computeclient import answers, client, exceptions, resilience
from tests.fuzz.fake_nova import FakeNova, Reply, ok_json, scripted

SERVER = {"server": {"id": "s1", "name": "vm1", "status": "ACTIVE"}}
BOOT = {"server": {"name": "vm1", "imageRef": "i", "flavorRef": "f"}}


def _token_client(url: str, **kwargs):
    return client.Client("2.60", auth_token="tok", endpoint_override=url, **kwargs)


def _session_client(url: str, **kwargs):
    sess = ksa_session.Session(auth=token_endpoint.Token(url, "tok"))
    return client.Client("2.60", session=sess, **kwargs)


TRANSPORTS = pytest.mark.parametrize("make", [_token_client, _session_client],
                                     ids=["token", "session"])


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    """Retries wait microseconds here; the rules, not the delays, are tested."""
    monkeypatch.setattr(resilience.RetryPolicy, "_backoff", lambda self, attempt: 0.001)


@TRANSPORTS
@pytest.mark.parametrize("fault", ["reset", "close", "close-after-headers", "truncate"])
def test_post_lost_after_sending_is_sent_once_and_says_outcome_unknown(make, fault):
    with FakeNova(scripted(Reply(202, SERVER, fault=fault))) as nova:
        cs = make(nova.url)
        with pytest.raises(exceptions.ConnectionLost) as err:
            cs.client.post("/servers", body=BOOT)
    assert nova.count("POST", "/servers") == 1
    message = str(err.value)
    assert "after POST" in message and "outcome is unknown" in message
    assert "is it running" not in message
    assert "\n" not in message


@TRANSPORTS
def test_nothing_listening_is_could_not_connect(make):
    with FakeNova(scripted()) as nova:
        url = nova.url
    cs = make(url, connect_retries=1)
    with pytest.raises(exceptions.ConnectionRefused, match="nothing was sent"):
        cs.client.post("/servers", body=BOOT)


@TRANSPORTS
def test_get_retried_after_connection_lost(make):
    with FakeNova(scripted(Reply(fault="reset"), Reply(fault="truncate", body=SERVER),
                           then=ok_json(SERVER))) as nova:
        server = make(nova.url).servers.get("s1")
    assert server.name == "vm1"
    assert nova.count("GET", "/servers/s1") == 3


@TRANSPORTS
@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_retried_on_gateway_errors_post_is_not(make, status):
    with FakeNova(scripted(Reply(status, {"message": "busy"}), then=ok_json(SERVER))) as nova:
        cs = make(nova.url)
        assert cs.servers.get("s1").name == "vm1"
        assert nova.count("GET", "/servers/s1") == 2
    with FakeNova(scripted(then=Reply(status, {"message": "busy"}))) as nova:
        cs = make(nova.url)
        with pytest.raises(exceptions.ClientException) as err:
            cs.client.post("/servers", body=BOOT)
    assert err.value.code == status
    assert nova.count("POST", "/servers") == 1


@TRANSPORTS
def test_status_code_retries_are_bounded(make):
    with FakeNova(scripted(then=Reply(503, {"message": "down"}))) as nova, \
            pytest.raises(exceptions.ServiceUnavailable):
        make(nova.url, status_code_retries=2, connect_retries=0).servers.get("s1")
    assert nova.count("GET", "/servers/s1") == 3


@TRANSPORTS
def test_connect_retries_count_connection_failures_only(make):
    with FakeNova(scripted(Reply(fault="reset"), Reply(fault="reset"), Reply(503),
                           then=ok_json(SERVER))) as nova:
        with pytest.raises(exceptions.ConnectionLost):
            make(nova.url, connect_retries=1).servers.get("s1")
        assert nova.count("GET", "/servers/s1") == 2
        # the 503 that follows is a status: status_code_retries serves it
        assert make(nova.url, connect_retries=0, status_code_retries=1).servers.get("s1")
    assert nova.count("GET", "/servers/s1") == 4


@TRANSPORTS
def test_retriable_status_codes_choose_the_statuses(make):
    with FakeNova(scripted(Reply(500, {"message": "oops"}), then=ok_json(SERVER))) as nova, \
            pytest.raises(exceptions.ClientException):
        make(nova.url).servers.get("s1")  # 500 is not among the default codes
    with FakeNova(scripted(Reply(500, {"message": "oops"}), then=ok_json(SERVER))) as nova:
        assert make(nova.url, retriable_status_codes=[500]).servers.get("s1").name == "vm1"
    assert nova.count("GET", "/servers/s1") == 2
    with FakeNova(scripted(then=Reply(503, {"message": "down"}))) as nova, \
            pytest.raises(exceptions.ServiceUnavailable):
        make(nova.url, retriable_status_codes=[500]).servers.get("s1")
    assert nova.count("GET", "/servers/s1") == 1


@pytest.mark.parametrize("keyword, value", [
    ("connect_retries", -1), ("status_code_retries", "3"), ("retriable_status_codes", ["x"]),
    ("deadline", 0), ("timeout", float("nan"))])
def test_bad_reliability_keywords_are_library_errors(keyword, value):
    with pytest.raises(exceptions.InvalidArgument, match=keyword):
        _token_client("http://127.0.0.1:9/v2.1", **{keyword: value})


@TRANSPORTS
def test_short_retry_after_is_honoured_even_for_post(make, monkeypatch):
    slept = []
    monkeypatch.setattr(resilience.time, "sleep", slept.append)
    limited = Reply(429, {"message": "slow down"}, {"Retry-After": "2"})
    with FakeNova(scripted(limited, then=ok_json(SERVER, 202))) as nova:
        make(nova.url).client.post("/servers", body=BOOT)
    assert nova.count("POST", "/servers") == 2
    assert slept == [2.0]


@TRANSPORTS
def test_long_retry_after_is_reported_not_waited(make):
    limited = Reply(429, {"message": "slow down"}, {"Retry-After": "3600"})
    with FakeNova(scripted(then=limited)) as nova, pytest.raises(exceptions.RateLimit) as err:
        make(nova.url).servers.get("s1")
    assert nova.count("GET", "/servers/s1") == 1
    assert "(retry after 3600 s)" in str(err.value)


@TRANSPORTS
def test_version_document_retried(make):
    answers = iter([Reply(fault="reset"), Reply(503)])

    def answer(request):
        if request.path.rstrip("/") == "/v2.1":
            return next(answers, ok_json({"version": {"id": "v2.1", "version": "2.90",
                                                      "min_version": "2.1"}}))
        return ok_json({"keypairs": []})
    with FakeNova(answer) as nova:
        cs = make(nova.url)
        cs.client.api_version = client.api_versions.APIVersion("2.latest")
        assert str(cs.api_version) == "2.90"
    assert nova.count("GET", "/v2.1/") == 3


@TRANSPORTS
def test_trickling_answer_stops_at_the_deadline(make):
    with FakeNova(scripted(then=Reply(200, {"server": {"name": "x" * 2000}},
                                      fault="trickle"))) as nova:
        cs = make(nova.url, deadline=1)
        with pytest.raises(exceptions.Timeout, match="did not complete within 1 s"):
            cs.servers.get("s1")
    assert nova.count("GET", "/servers/s1") == 1  # a timed-out read is not repeated


@TRANSPORTS
def test_post_without_answer_times_out_with_outcome_unknown(make):
    with FakeNova(scripted(then=Reply(fault="hang"))) as nova, \
            pytest.raises(exceptions.Timeout) as err:
        make(nova.url, timeout=0.5).client.post("/servers", body=BOOT)
    assert "outcome is unknown" in str(err.value)
    assert err.value.request_sent
    assert nova.count("POST", "/servers") == 1


@TRANSPORTS
def test_timeout_is_per_read_and_the_deadline_bounds_the_whole(make):
    """A trickle answers every read well within `timeout` (keystoneauth1's
    meaning); only the deadline ends it."""
    with FakeNova(scripted(then=Reply(200, {"server": {"name": "x" * 2000}},
                                      fault="trickle"))) as nova:
        cs = make(nova.url, timeout=0.5, deadline=1.5)
        with pytest.raises(exceptions.Timeout, match="did not complete within 1.5 s"):
            cs.servers.get("s1")


def test_a_default_deadline_exists_and_timeout_is_keystoneauth1s():
    cs = _token_client("http://127.0.0.1:9/v2.1")
    assert cs.client.deadline == resilience.DEFAULT_DEADLINE and cs.client.timeout is None
    sess = ksa_session.Session(auth=token_endpoint.Token("http://n/v2.1", "tok"), timeout=7)
    assert client.Client("2.60", session=sess).client.timeout == 7.0


def test_timeout_out_of_range_is_a_library_error():
    with pytest.raises(exceptions.InvalidArgument, match="at most 86400"):
        _token_client("http://127.0.0.1:9/v2.1", timeout=99999999999)


@TRANSPORTS
@pytest.mark.parametrize("answer, kind", [
    (Reply(200, "<html><body>Gateway says hi</body></html>",
           {"Content-Type": "text/html"}), exceptions.InvalidResponse),
    (Reply(200, '{"server": '), exceptions.InvalidResponse),
    (ok_json(["a", "list"]), exceptions.InvalidResponse),
    (ok_json({"servers": []}), exceptions.MissingField),
    (ok_json({"server": "a string"}), exceptions.InvalidResponse),
])
def test_malformed_answers_are_client_exceptions(make, answer, kind):
    with FakeNova(scripted(then=answer)) as nova, \
            pytest.raises(exceptions.ClientException) as err:
        make(nova.url).servers.get("s1")
    assert isinstance(err.value, kind)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("doc", ["a string", ["list"], {"version": "2.90"},
                                 {"versions": "x"}, {"version": {"version": "abc"}}])
def test_bad_version_document_is_invalid_response(doc):
    with FakeNova(scripted(version_doc=doc)) as nova:
        cs = client.Client("2.latest", auth_token="tok", endpoint_override=nova.url)
        with pytest.raises(exceptions.InvalidResponse):
            cs.keypairs.list()


@TRANSPORTS
def test_html_401_page_is_one_line_of_text(make):
    page = ("<html><head><title>401</title></head><body><h1>Unauthorized</h1>\n"
            "<p>Log in first.</p></body></html>")
    with FakeNova(scripted(then=Reply(401, page, {"Content-Type": "text/html"}))) as nova, \
            pytest.raises(exceptions.Unauthorized) as err:
        make(nova.url).servers.get("s1")
    assert str(err.value) == "Unauthorized Log in first. (HTTP 401)"


def _self_signed(tmp_path):
    crypto = pytest.importorskip("cryptography")
    del crypto
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_nova(tmp_path):
    import ssl
    cert_path, key_path = _self_signed(tmp_path)
    nova = FakeNova(scripted(then=ok_json(SERVER)))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    nova.server.socket = context.wrap_socket(nova.server.socket, server_side=True)
    with nova:
        yield nova, nova.url.replace("http://", "https://")


def test_tls_verification_failure_is_tls_error_with_hint_token_mode(tls_nova):
    _, url = tls_nova
    with pytest.raises(exceptions.TLSError) as err:
        _token_client(url).servers.get("s1")
    assert "--os-cacert" in str(err.value) and "--insecure" in str(err.value)
    assert not isinstance(err.value, exceptions.ConnectionRefused)


def test_tls_verification_failure_is_tls_error_with_hint_session_mode(tls_nova):
    _, url = tls_nova
    with pytest.raises(exceptions.TLSError, match="--os-cacert"):
        _session_client(url).servers.get("s1")


def test_insecure_logs_once_in_one_line_and_leaves_warning_filters_alone(tls_nova, caplog,
                                                                         monkeypatch):
    nova, url = tls_nova
    monkeypatch.setattr(resilience, "_INSECURE_WARNED", resilience.threading.Event())
    filters = list(warnings.filters)
    with caplog.at_level(logging.WARNING, logger="computeclient.resilience"):
        cs = client.Client("2.60", auth_token="tok", endpoint_override=url, insecure=True)
        cs.servers.get("s1")
        cs.servers.get("s1")
        client.Client("2.60", auth_token="tok", endpoint_override=url, insecure=True)
    assert warnings.filters == filters
    lines = [r.getMessage() for r in caplog.records if "not verified" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert nova.count("GET", "/servers/s1") == 2


class _Body:
    def __init__(self, content, status_code=200):
        self.content = content
        self.status_code = status_code
        self.text = content.decode("utf-8", "replace")


def test_a_large_body_becomes_answers():
    large = b'{"servers": [' + b",".join([b'{"id": "x"}'] * 10_000) + b"]}"
    body = resilience.decode(_Body(large), "GET", "/servers/detail")
    assert len(body["servers"]) == 10_000 and isinstance(body["servers"][0], answers.Answer)
    with pytest.raises(exceptions.InvalidResponse):
        resilience.decode(_Body(large[:-1]), "GET", "/servers/detail")  # not JSON


@pytest.mark.parametrize("argv, env, expected", [
    ([], {}, dict(timeout=600.0, deadline=resilience.DEFAULT_DEADLINE,
                  connect_retries=resilience.DEFAULT_CONNECT_RETRIES,
                  status_code_retries=resilience.DEFAULT_STATUS_CODE_RETRIES)),
    (["--timeout", "7", "--deadline", "9", "--retries", "2"], {},
     dict(timeout=7.0, deadline=9.0, connect_retries=2, status_code_retries=2)),
    ([], {"COMPUTECLIENT_DEADLINE": "5", "COMPUTECLIENT_RETRIES": "0"},
     dict(timeout=600.0, deadline=5.0, connect_retries=0, status_code_retries=0)),
])
def test_shell_options_reach_the_client_with_keystoneauth1s_meanings(argv, env, expected,
                                                                      monkeypatch, tmp_path):
    """--timeout is openstackclient's (per read, 600), --deadline the whole request,
    --retries both of keystoneauth1's counts."""
    from computeclient import shell
    seen = {}

    class Stop(Exception):
        pass

    def fake_client(version, **kwargs):
        seen.update(kwargs)
        raise Stop
    monkeypatch.setattr(client, "Client", fake_client)
    for name, value in {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": "http://n/v2.1",
                        "OS_TOKEN": "t", "XDG_CACHE_HOME": str(tmp_path), **env}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(Stop):
        shell.ComputeShell().main([*argv, "flavor-list"])
    assert {k: seen[k] for k in expected} == expected


def test_status_code_retries_count_as_keystoneauth1s_do():
    """The same keywords give the same number of requests as keystoneauth1's Session."""
    with FakeNova(scripted(then=Reply(503, {"message": "down"}))) as nova:
        sess = ksa_session.Session(auth=token_endpoint.Token(nova.url, "tok"))
        resp = sess.get(nova.url + "/servers/s1", status_code_retries=2,
                        status_code_retry_delay=0.001, raise_exc=False)
        assert resp.status_code == 503
        theirs = nova.count("GET", "/servers/s1")
        with pytest.raises(exceptions.ServiceUnavailable):
            _session_client(nova.url, status_code_retries=2).servers.get("s1")
        assert nova.count("GET", "/servers/s1") - theirs == theirs == 3
