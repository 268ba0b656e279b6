"""python-novaclient's names a script catches or reads, on computeclient's own
classes: version refusals, request ids of find() and console output,
NetworkInterface, Volume."""

import pytest

from computeclient import api_versions, cliutils, exceptions
from computeclient.v2 import keypairs, servers, volumes
from tests.unit.conftest import ENDPOINT

RID = {"x-openstack-request-id": "req-1"}


def test_a_field_too_new_is_unsupported_attribute(make_cs, mock_http):
    cs = make_cs("2.18")
    with pytest.raises(exceptions.UnsupportedAttribute) as err:
        cs.servers.create("vm", "img", "1", description="d")
    assert isinstance(err.value, exceptions.VersionNotAvailable)
    assert isinstance(err.value, AttributeError)  # as in python-novaclient
    assert ">= 2.19" in err.value.message
    assert not mock_http.called


class Tool:
    """A manager-like owner of versioned methods, at a settable version."""

    def __init__(self, version: str) -> None:
        self.api_version = api_versions.APIVersion(version)

    @api_versions.wraps("2.10", "2.20")
    def act(self, force: bool = False) -> str:
        return "old"

    @api_versions.wraps("2.30")  # type: ignore[no-redef]
    def act(self) -> str:  # noqa: F811
        return "new"


def test_a_method_without_a_variant_is_version_not_found_for_api_method():
    with pytest.raises(exceptions.VersionNotFoundForAPIMethod) as err:
        Tool("2.25").act()
    assert isinstance(err.value, exceptions.VersionNotAvailable)
    assert Tool("2.31").act() == "new"


def test_a_keyword_of_another_variant_is_unsupported_attribute():
    with pytest.raises(exceptions.UnsupportedAttribute, match="force") as refused:
        Tool("2.31").act(force=True)
    # and a TypeError in Python's words, as python-novaclient's variant without it raises
    assert isinstance(refused.value, TypeError)
    assert "unexpected keyword argument 'force'" in str(refused.value)
    assert "needs microversion 2.10-2.20; this session speaks 2.31" in str(refused.value)


@pytest.mark.parametrize("start, end, words", [
    ("2.74", None, "'host' argument is only allowed since microversion 2.74."),
    (None, "2.56", "'host' argument is only allowed until microversion 2.56."),
    ("2.30", "2.67", "'host' argument is only allowed for microversions 2.30 - 2.67."),
])
def test_a_refused_argument_in_python_novaclients_words(start, end, words):
    with pytest.raises(exceptions.UnsupportedAttribute) as refused:
        api_versions.require(api_versions.APIVersion("2.73" if start else "2.57"), start,
                             end=end, argument="host")
    assert str(refused.value).startswith(words)
    assert isinstance(refused.value, exceptions.VersionNotAvailable)


@pytest.mark.parametrize("version, start, end, keyword, words", [
    ("2.52", "2.53", None, {"parameter": "detailed"},
     'Parameter "detailed" requires API version 2.53 or greater. This session speaks 2.52'),
    ("2.88", None, "2.87", {"api": "statistics"},
     "The 'statistics' API is removed in API version 2.88 or later. This session speaks 2.88"),
    ("2.9", "2.10", "2.19", {"api": "x"}, "The 'x' API requires API version 2.10 or greater."),
    ("2.20", "2.10", "2.19", {"parameter": "y"},
     'Parameter "y" is removed in API version 2.20 or later.'),
])
def test_a_refused_parameter_or_api_in_python_novaclients_words(version, start, end, keyword,
                                                                 words):
    with pytest.raises(exceptions.UnsupportedAttribute) as refused:
        api_versions.require(api_versions.APIVersion(version), start, end=end, **keyword)
    assert str(refused.value).startswith(words)
    assert isinstance(refused.value, exceptions.UnsupportedVersion)


def test_hypervisor_refusals_in_python_novaclients_words(make_cs):
    with pytest.raises(exceptions.UnsupportedVersion,
                       match='^Parameter "detailed" requires API version 2.53 or greater.'):
        make_cs("2.52").hypervisors.search("hyper", detailed=True)
    for stats in (make_cs("2.88").hypervisors, make_cs("2.88").hypervisor_stats):
        with pytest.raises(exceptions.UnsupportedVersion,
                           match="^The 'statistics' API is removed in API version 2.88 or later."):
            stats.statistics()


def test_a_refused_value_is_a_value_error():
    with pytest.raises(exceptions.UnsupportedValue) as refused:
        api_versions.require(api_versions.APIVersion("2.66"), "2.67",
                             "Block device volume_type", error=exceptions.UnsupportedValue)
    assert isinstance(refused.value, ValueError)
    assert isinstance(refused.value, exceptions.VersionNotAvailable)  # the shell's one line
    assert str(refused.value) == ("Block device volume_type is not supported before "
                                  "microversion 2.67. This session speaks 2.66")


def test_the_shell_still_names_the_refusal_version_not_available():
    err = exceptions.UnsupportedAttribute("a server description", ">= 2.19", "2.18")
    assert cliutils.error_line(err).startswith("ERROR (VersionNotAvailable): a server description")


def test_find_carries_the_request_ids_of_its_listing(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/detail", headers=RID,
                  json={"flavors": [{"id": "1", "name": "small"}, {"id": "2", "name": "big"}]})
    flavor = make_cs("2.60").flavors.find(name="small")
    assert flavor.id == "1"
    assert flavor.request_ids == ["req-1"]


def test_console_output_carries_its_request_id(make_cs, mock_http):
    mock_http.post(f"{ENDPOINT}/servers/1234/action", headers=RID, json={"output": "boot"})
    output = make_cs("2.60").servers.get_console_output("1234")
    assert output == "boot"
    assert output.request_ids == ["req-1"]


def test_an_attached_port_is_a_network_interface_named_by_its_port(make_cs, mock_http):
    mock_http.post(f"{ENDPOINT}/servers/1234/os-interface",
                   json={"interfaceAttachment": {"port_id": "p1", "net_id": "n1"}})
    port = make_cs("2.60").servers.interface_attach("1234", net_id="n1")
    assert isinstance(port, servers.NetworkInterface)
    assert port.id == "p1"


def test_python_novaclient_class_names():
    assert volumes.Volume is volumes.VolumeAttachment
    assert keypairs.KeypairManager.keypair_prefix == "os-keypairs"


def test_backup_and_delete_meta_carry_their_request_ids(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/1234", json={"server": {"id": "1234"}})
    mock_http.post(f"{ENDPOINT}/servers/1234/action", headers=RID, json={"image_id": "i1"})
    cs = make_cs("2.60")
    answer = cs.servers.get("1234").backup("b", "daily", 1)  # python-novaclient's dict
    assert (answer, answer.request_ids) == ({"image_id": "i1"}, ["req-1"])
    mock_http.post(f"{ENDPOINT}/servers/1234/action", headers={
        **RID, "location": f"{ENDPOINT}/images/i0"}, status_code=202)
    assert cs.servers.get("1234").backup("b", "daily", 1) == {"image_id": "i0"}  # < 2.45
    mock_http.delete(f"{ENDPOINT}/servers/1234/metadata/a", headers=RID, status_code=204)
    mock_http.delete(f"{ENDPOINT}/servers/1234/metadata/b",
                     headers={"x-openstack-request-id": "req-2"}, status_code=204)
    assert cs.servers.delete_meta("1234", ["a", "b"]).request_ids == ["req-1", "req-2"]


def test_query_keys_go_in_name_order_unless_given_as_pairs():
    from computeclient import base
    assert base.with_query("/s", {"marker": "m", "limit": 2, "sort_key": ["a", "b"],
                                  "sort_dir": ["asc"], "name": None}) == (
        "/s?limit=2&marker=m&sort_dir=asc&sort_key=a&sort_key=b")
    assert base.with_query("/os-services", [("host", "h"), ("binary", "b")]) == (
        "/os-services?host=h&binary=b")


def test_servers_list_sends_its_query_in_name_order(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/detail", json={"servers": []})
    make_cs("2.60").servers.list(marker="1234", limit=2, sort_keys=["display_name"],
                                 sort_dirs=["asc"])
    assert mock_http.last_request.path_url == (
        "/v2.1/servers/detail?limit=2&marker=1234&sort_dir=asc&sort_key=display_name")
