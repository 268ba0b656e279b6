"""start_failure: the first exception of a service's log, and the message of a failed start."""

from __future__ import annotations

from pathlib import Path

import pytest

from computeclient_sandbox import start_failure

CHAINED = '''\
some warning line
Traceback (most recent call last):
  File "/v/lib/python3.11/site-packages/eventlet/green/OpenSSL/__init__.py", line 1, in <module>
    from . import crypto
  File "/v/lib/python3.11/site-packages/OpenSSL/crypto.py", line 1556, in <module>
    class X509StoreFlags:
  File "<frozen importlib._bootstrap>", line 1178, in _find_and_load
AttributeError: module 'lib' has no attribute 'GEN_EMAIL'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/v/lib/python3.11/site-packages/oslo_service/backend/__init__.py", line 80, in get_backend
    raise ImportError(f"Backend class not found in module {module_name}")
ImportError: Backend class not found in module oslo_service.backend._eventlet
'''

PREFIXED = '''\
I keystone.server [-] starting
E keystone Traceback (most recent call last):
E keystone   File "/v/lib/python3.11/site-packages/keystone/server/wsgi.py", line 9, in f
E keystone     config.configure()
E keystone oslo_config.cfg.ConfigFileValueError: Value for option x is not valid
'''


def test_the_first_of_chained_exceptions_is_the_cause() -> None:
    assert start_failure.first_exception(CHAINED) == (
        "AttributeError: module 'lib' has no attribute 'GEN_EMAIL' (raised in OpenSSL.crypto)")


def test_a_log_formatter_prefix_is_taken_off_the_traceback() -> None:
    assert start_failure.first_exception(PREFIXED) == (
        "oslo_config.cfg.ConfigFileValueError: Value for option x is not valid "
        "(raised in keystone.server.wsgi)")


def test_a_log_without_a_traceback_has_no_first_exception() -> None:
    assert start_failure.first_exception("ready\nERROR something else\n") is None


@pytest.mark.parametrize(("path", "module"), [
    ("/v/lib/python3.11/site-packages/OpenSSL/crypto.py", "OpenSSL.crypto"),
    ("/v/lib/python3.11/site-packages/nova/__init__.py", "nova"),
    ("/usr/lib/python3.11/json/decoder.py", "json.decoder"),
    ("/work/main/sandbox/computeclient_sandbox/nova_service.py",
     "computeclient_sandbox.nova_service"),
    ("/work/main/computeclient/v2/shell.py", "computeclient.v2.shell"),
    ("/tmp/broken/OpenSSL/__init__.py", "OpenSSL"),
    ("/somewhere/script.py", "script"),
])
def test_module_of_a_traceback_path(path: str, module: str) -> None:
    assert start_failure.module_of(path) == module


def test_explain_names_each_service_cause_and_the_kept_directory(tmp_path: Path) -> None:
    (tmp_path / "server.log").write_text("Nova starting\n")
    (tmp_path / "keystone-server.log").write_text(CHAINED)
    message = start_failure.explain("Keystone did not answer on http://127.0.0.1:1/v3", tmp_path)
    assert message.splitlines() == [
        "The sandbox did not start: Keystone did not answer on http://127.0.0.1:1/v3",
        f"Keystone's first exception ({tmp_path / 'keystone-server.log'}): AttributeError: "
        "module 'lib' has no attribute 'GEN_EMAIL' (raised in OpenSSL.crypto)",
        f"Its logs and state are kept in {tmp_path}",
    ]


def test_explain_names_a_further_region_s_nova(tmp_path: Path) -> None:
    home = tmp_path / "regions" / "RegionTwo"
    home.mkdir(parents=True)
    (home / "nova.log").write_text(CHAINED)
    message = start_failure.explain("the RegionTwo Nova process exited during start-up",
                                    tmp_path)
    assert message.splitlines()[1] == (
        f"RegionTwo Nova's first exception ({home / 'nova.log'}): AttributeError: "
        "module 'lib' has no attribute 'GEN_EMAIL' (raised in OpenSSL.crypto)")


def test_explain_without_a_traceback_shows_the_newest_log(tmp_path: Path) -> None:
    (tmp_path / "server.log").write_text("line one\nthe API did not come up\n")
    message = start_failure.explain("the API did not answer within 150 s", tmp_path)
    assert f"--- last lines of {tmp_path / 'server.log'} ---" in message
    assert "the API did not come up" in message
    assert message.endswith(f"Its logs and state are kept in {tmp_path}")
