"""APIVersion parsing, comparison, negotiation and version dispatch."""

import pytest

from computeclient import api_versions, exceptions
from computeclient.api_versions import APIVersion


@pytest.mark.parametrize("text, major, minor", [
    ("2.1", 2, 1), ("2.60", 2, 60), ("2.104", 2, 104), ("2.0", 2, 0),
])
def test_parse(text, major, minor):
    version = APIVersion(text)
    assert (version.ver_major, version.ver_minor) == (major, minor)
    assert str(version) == text


@pytest.mark.parametrize("bad", ["2", "two.1", "2.1.3", "2.-1", "", "02.1", "2.01"])
def test_parse_rejects(bad):
    with pytest.raises(exceptions.UnsupportedVersion):
        APIVersion(bad)


def test_latest_and_null():
    assert APIVersion("2.latest").is_latest()
    assert APIVersion("2.latest") > APIVersion("2.104")
    assert APIVersion().is_null()
    assert str(APIVersion()) == "null"
    assert APIVersion() < APIVersion("2.1")


def test_ordering_is_numeric_not_textual():
    assert APIVersion("2.10") > APIVersion("2.9")
    assert APIVersion("2.100") > APIVersion("2.99")
    assert APIVersion("2.60") == "2.60"
    assert sorted([APIVersion("2.100"), APIVersion("2.2"), APIVersion("2.10")]) == [
        APIVersion("2.2"), APIVersion("2.10"), APIVersion("2.100")]


def test_matches_bounds():
    v = APIVersion("2.50")
    assert v.matches("2.1", "2.50")
    assert v.matches("2.50", None)
    assert not v.matches("2.51", None)
    assert not v.matches(None, "2.49")
    assert v.matches(APIVersion(), APIVersion())


@pytest.mark.parametrize("text, expected", [
    ("2", "2.0"), (2, "2.0"), ("2.0", "2.0"), ("2.latest", "2.latest"), ("2.60", "2.60")])
def test_get_api_version_reads_a_bare_major_as_novaclient_does(text, expected):
    assert str(api_versions.get_api_version(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("2", "2.latest"), ("2.0", "2.0"), ("2.latest", "2.latest"), ("2.60", "2.60")])
def test_the_shells_bare_major_still_negotiates(text, expected):
    assert str(api_versions.get_cli_version(text)) == expected


@pytest.mark.parametrize("text", ["1.1", "3.0", "2.105", "1", "3"])
def test_get_api_version_rejects_outside_range(text):
    with pytest.raises(exceptions.UnsupportedVersion):
        api_versions.get_api_version(text)


def test_negotiate_latest_takes_lower_max():
    chosen = api_versions.negotiate(APIVersion("2.latest"), APIVersion("2.1"), APIVersion("2.60"))
    assert chosen == APIVersion("2.60")
    chosen = api_versions.negotiate(APIVersion("2.latest"), APIVersion("2.1"), APIVersion("2.200"))
    assert chosen == api_versions.API_MAX_VERSION


def test_negotiate_explicit_outside_server_range_is_plain():
    with pytest.raises(exceptions.UnsupportedVersion) as err:
        api_versions.negotiate(APIVersion("2.90"), APIVersion("2.1"), APIVersion("2.60"))
    assert "2.90" in str(err.value) and "2.1-2.60" in str(err.value)


def test_negotiate_legacy_server_without_microversions():
    assert api_versions.negotiate(APIVersion("2.latest"), APIVersion(), APIVersion()) == "2.0"


def test_version_document_shapes():
    one = {"version": {"id": "v2.1", "version": "2.104", "min_version": "2.1"}}
    assert api_versions.version_from_document(one) == (APIVersion("2.1"), APIVersion("2.104"))
    many = {"versions": [{"id": "v2.0", "version": "", "min_version": ""},
                         {"id": "v2.1", "version": "2.90", "min_version": "2.1",
                          "status": "CURRENT"}]}
    assert api_versions.version_from_document(many) == (APIVersion("2.1"), APIVersion("2.90"))


def test_headers_both_from_2_27():
    assert api_versions.request_headers(APIVersion("2.26")) == {
        "X-OpenStack-Nova-API-Version": "2.26"}
    assert api_versions.request_headers(APIVersion("2.104")) == {
        "X-OpenStack-Nova-API-Version": "2.104",
        "OpenStack-API-Version": "compute 2.104"}
    assert api_versions.request_headers(APIVersion("2.0")) == {}


class _Owner:
    def __init__(self, version):
        self.api_version = APIVersion(version)

    @api_versions.wraps("2.1", "2.9")
    def describe(self):
        return "old"

    @api_versions.wraps("2.10")
    def describe(self):  # noqa: F811 - a second variant of the same method
        return "new"

    @api_versions.wraps("2.50")
    def recent_only(self):
        return "recent"


def test_wraps_dispatches_on_owner_version():
    assert _Owner("2.5").describe() == "old"
    assert _Owner("2.9").describe() == "old"
    assert _Owner("2.10").describe() == "new"
    assert _Owner("2.104").describe() == "new"


def test_wraps_names_needed_version():
    with pytest.raises(exceptions.VersionNotAvailable) as err:
        _Owner("2.20").recent_only()
    assert str(err.value) == ("'recent_only' needs microversion >= 2.50; "
                              "this session speaks 2.20")


def test_wraps_keyed_by_qualified_name_not_by_stack():
    class Other:
        api_version = APIVersion("2.5")

        @api_versions.wraps("2.1")
        def describe(self):
            return "other"

    assert Other().describe() == "other"
    assert _Owner("2.5").describe() == "old"


def test_resolve_and_require():
    variant = api_versions.resolve(_Owner.describe, APIVersion("2.3"))
    assert variant(_Owner("2.3")) == "old"
    assert api_versions.resolve(_Owner.recent_only, APIVersion("2.3")) is None
    api_versions.require(_Owner("2.64"), "2.64", "x")
    with pytest.raises(exceptions.VersionNotAvailable, match="needs microversion >= 2.64"):
        api_versions.require(_Owner("2.63"), "2.64", "rules")


def test_get_api_version_does_not_ask_isinstance_of_the_class(monkeypatch):
    """python-novaclient's tests patch APIVersion with a mock and call
    get_api_version(7): the class is only called, never an isinstance argument."""
    from unittest import mock
    made = mock.Mock(name="APIVersion")
    made.return_value.ver_major = 2
    made.return_value.is_null.return_value = False
    made.return_value.is_latest.return_value = True
    monkeypatch.setattr(api_versions, "APIVersion", made)
    assert api_versions.get_api_version(7) is made.return_value
    made.assert_called_once_with("7.0")
