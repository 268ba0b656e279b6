"""The OpenStackClient plugin module: version option, make_client, light import."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

pytest.importorskip("osc_lib")

from osc_lib import exceptions as osc_exc

from computeclient.osc import plugin

ENDPOINT = "http://nova.test/v2.1"


class FakeClientManager:
    """What osc's ClientManager gives make_client after authenticating."""

    def __init__(self, version="2.60", override=None, region="RegionTwo",
                 interface="internal"):
        self.session = ksa_session.Session(auth=token_endpoint.Token(ENDPOINT, "tok"))
        self.region_name = region
        self.interface = interface
        self._api_version = {"computeclient": version}
        self._override = override
        self.auth_setups = 0

    def setup_auth(self):
        self.auth_setups += 1

    def _override_for(self, service_type):
        return self._override if service_type == "compute" else None


def test_api_name_does_not_collide_with_builtin_compute():
    assert plugin.API_NAME == "computeclient"
    assert plugin.API_VERSION_OPTION == "os_computeclient_api_version"
    assert {"2", "2.latest", "2.1", "2.104"} <= set(plugin.API_VERSIONS)
    assert "2.105" not in plugin.API_VERSIONS


@pytest.mark.parametrize("version", ["2", "2.latest", "2.1", "2.96", "2.104"])
def test_check_api_version_accepts(version):
    assert plugin.check_api_version(version) is True


@pytest.mark.parametrize("version", ["2.105", "2.0", "3", "2.x", "", "1.1"])
def test_check_api_version_refuses(version):
    with pytest.raises(osc_exc.CommandError, match="is not valid: use 2.latest"):
        plugin.check_api_version(version)


def test_option_default_from_environment(monkeypatch):
    monkeypatch.setenv("OS_COMPUTECLIENT_API_VERSION", "2.88")
    parser = plugin.build_option_parser(argparse.ArgumentParser())
    assert parser.parse_args([]).os_computeclient_api_version == "2.88"
    assert parser.parse_args(["--os-computeclient-api-version", "2.1"]) \
        .os_computeclient_api_version == "2.1"
    monkeypatch.delenv("OS_COMPUTECLIENT_API_VERSION")
    parser = plugin.build_option_parser(argparse.ArgumentParser())
    assert parser.parse_args([]).os_computeclient_api_version == "2.latest"


def test_make_client_reuses_the_session_region_and_interface(mock_http):
    manager = FakeClientManager()
    cs = plugin.make_client(manager)
    assert manager.auth_setups == 1
    assert cs.client.session is manager.session
    assert (cs.client.region_name, cs.client.interface) == ("RegionTwo", "internal")
    assert cs.api_version.get_string() == "2.60"
    mock_http.get(f"{ENDPOINT}/flavors", json={"flavors": []})
    assert cs.flavors.list(detailed=False) == []
    request = mock_http.last_request
    assert request.headers["X-Auth-Token"] == "tok"
    assert request.headers["OpenStack-API-Version"] == "compute 2.60"


def test_make_client_honours_a_compute_endpoint_override(mock_http):
    cs = plugin.make_client(FakeClientManager(override="http://other.test/v2.1"))
    mock_http.get("http://other.test/v2.1/flavors", json={"flavors": []})
    cs.flavors.list(detailed=False)
    assert mock_http.last_request.url.startswith("http://other.test/v2.1/flavors")


def test_plugin_module_imports_nothing_heavy():
    # openstack imports every plugin module at start-up, even for --help. (The
    # version constant the build writes, computeclient._version, costs nothing.)
    code = ("import sys; import computeclient.osc.plugin; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('requests', 'keystoneauth1', 'osc_lib', 'prettytable', 'oslo_utils') "
            "or m.startswith('computeclient.') and m != 'computeclient._version')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == ["computeclient.osc", "computeclient.osc.plugin"]
