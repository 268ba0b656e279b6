"""Module-level names and small calls that consumers of python-novaclient
import or call (Horizon, Heat, Cinder, Neutron, Masakari), with novaclient's
meanings."""

import subprocess
import sys

import pytest

import computeclient
from computeclient import api_versions, exceptions
from computeclient.api_versions import APIVersion
from computeclient.v2 import servers
from tests.unit.conftest import ENDPOINT

DOC = {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.90", "min_version": "2.1"}}


def test_package_offers_the_version_range_lazily():
    assert str(computeclient.API_MIN_VERSION) == "2.1"
    assert computeclient.API_MAX_VERSION == api_versions.API_MAX_VERSION
    with pytest.raises(AttributeError, match="API_MIDDLE_VERSION"):
        computeclient.API_MIDDLE_VERSION  # noqa: B018
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, computeclient; "
         "print('computeclient.api_versions' in sys.modules)"],
        capture_output=True, text=True, check=True).stdout
    assert loaded == "False\n"


def test_server_version_range_and_discover_version(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/", json=DOC)
    cs = make_cs("2.60")
    assert api_versions._get_server_version_range(cs) == (APIVersion("2.1"), APIVersion("2.90"))
    assert api_versions.discover_version(cs, APIVersion("2.latest")) == APIVersion("2.90")
    assert api_versions.discover_version(cs, APIVersion("2.0")) == APIVersion("2.0")
    assert api_versions.discover_version(cs, APIVersion("2.53")) == APIVersion("2.53")
    with pytest.raises(exceptions.UnsupportedVersion, match="2.1-2.90"):
        api_versions.discover_version(cs, APIVersion("2.95"))
    assert mock_http.call_count == 1  # the version document is read once per client


def test_discover_version_on_a_server_without_microversions(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/", json={"version": {"id": "v2.0", "status": "SUPPORTED"}})
    cs = make_cs("2.60")
    assert api_versions.discover_version(cs, APIVersion("2.latest")) == APIVersion("2.0")
    with pytest.raises(exceptions.UnsupportedVersion, match="speaks none"):
        api_versions.discover_version(cs, APIVersion("2.10"))


def test_a_session_of_2_0_is_served_as_2_1():
    legacy = APIVersion("2.0")
    api_versions.require(legacy, "2.1", "the base API")
    assert api_versions.supports(legacy, "2.1") and not api_versions.supports(legacy, "2.2")
    with pytest.raises(exceptions.VersionNotAvailable, match="speaks 2.0"):
        api_versions.require(legacy, "2.2", "keypair types")


def test_reboot_types_and_console_type_error():
    assert (servers.REBOOT_SOFT, servers.REBOOT_HARD) == ("SOFT", "HARD")
    error = exceptions.UnsupportedConsoleType("vga")
    assert error.console_type == "vga" and error.message == "Unsupported console_type 'vga'"
    assert isinstance(error, exceptions.InvalidArgument)


def test_aggregates_get_details_is_get(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-aggregates/3", json={"aggregate": {"id": 3, "name": "a"}})
    assert make_cs("2.60").aggregates.get_details(3).name == "a"


def test_list_meta_and_get_meta_of_one_key(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/s1/metadata", json={"metadata": {"a": "1"}},
                  headers={"x-openstack-request-id": "req-1"})
    mock_http.get(f"{ENDPOINT}/servers/s1/metadata/a", json={"meta": {"a": "1"}})
    cs = make_cs("2.60")
    listed = cs.servers.list_meta("s1")
    assert listed == {"metadata": {"a": "1"}} and listed.request_ids == ["req-1"]
    assert cs.servers.get_meta("s1", "a") == {"meta": {"a": "1"}}
    assert cs.servers.get_meta("s1") == {"a": "1"}  # computeclient's one-argument call
