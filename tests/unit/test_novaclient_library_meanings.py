"""python-novaclient's library meanings that its own unit tests check
(tests/novaclient_oracle): version helpers, the utils helpers, request
shapes and the errors its callers catch, asserted here against computeclient."""

import datetime
import json
import logging
import warnings
from urllib.parse import unquote_plus

import pytest

import computeclient
from computeclient import api_versions, base, exceptions, utils
from computeclient.api_versions import APIVersion
from computeclient.v2 import limits
from tests.unit.conftest import ENDPOINT


def test_ordering_against_text_is_a_type_error_and_null_matches_nothing():
    with pytest.raises(TypeError):
        APIVersion("2.0") <= "2.1"  # noqa: B015
    assert APIVersion("2.60") == "2.60"  # equality with text stays
    with pytest.raises(ValueError):
        APIVersion().matches(APIVersion("2.1"), APIVersion("2.5"))
    with pytest.raises(exceptions.UnsupportedVersion):
        APIVersion(" 2.1")


def test_update_headers_and_check_headers(caplog):
    headers: dict[str, str] = {}
    api_versions.update_headers(headers, APIVersion("2.3"))
    assert headers == {"X-OpenStack-Nova-API-Version": "2.3"}
    api_versions.update_headers(headers, APIVersion("2.27"))
    assert headers["OpenStack-API-Version"] == "compute 2.27"

    class Answer:
        def __init__(self) -> None:
            self.headers = {"X-OpenStack-Nova-API-Version": "2.3"}

    with caplog.at_level(logging.WARNING, logger="computeclient.api_versions"):
        api_versions.check_headers(Answer(), APIVersion("2.3"))
        assert not caplog.records
        api_versions.check_headers(Answer(), APIVersion("2.27"))
    assert "OpenStack-API-Version" in caplog.records[0].getMessage()


def test_check_version_and_the_client_range_a_caller_narrows(monkeypatch):
    assert api_versions.get_available_major_versions() == ["2"]
    api_versions.check_version(APIVersion("2.0"))
    with pytest.raises(exceptions.UnsupportedVersion):
        api_versions.check_version(APIVersion("1.5"))
    monkeypatch.setattr(computeclient, "API_MAX_VERSION", APIVersion("2.11"), raising=False)
    with pytest.raises(exceptions.UnsupportedVersion):
        api_versions.check_version(APIVersion("2.12"))

    class Versions:
        @staticmethod
        def get_current():
            return base.Resource(None, {"version": "2.16", "min_version": "2.4"})

    class Client:
        versions = Versions()

    assert api_versions.discover_version(Client(), APIVersion("2.latest")) == APIVersion("2.11")


def test_variants_are_registered_under_one_name():
    class Manager:
        api_version = APIVersion("2.30")

        @api_versions.wraps("2.1", "2.24")
        def act(self):
            return "old"

        @api_versions.wraps("2.25")
        def act(self):  # noqa: F811
            return "new"

    assert Manager().act() == "new"
    found = api_versions.get_substitutions(Manager.act, APIVersion("2.10"))
    assert [m.func(Manager()) for m in found] == ["old"]
    assert [str(m.end_version) for m in api_versions.get_substitutions(Manager.act)] == \
        ["2.24", "2.latest"]


def test_deprecated_after_warns_and_stops_after_its_version():
    class Old:
        def __init__(self, version):
            self.api_version = APIVersion(version)

        @api_versions.deprecated_after("2.5")
        def call(self):
            return 1

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert Old("2.5").call() == 1
    assert "deprecated" in str(caught[0].message)
    with pytest.raises(exceptions.VersionNotFoundForAPIMethod), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Old("2.6").call()


def test_utils_helpers():
    assert utils.flatten_dict({"a": {"b": 1, "c": {"d": 2}}, "e": {}}) == \
        {"a_b": 1, "a_c_d": 2, "e": {}}
    assert utils.pretty_choice_dict({"b": 2, "a": 1}) == "'a=1', 'b=2'"
    assert unquote_plus(utils.get_url_with_filter("/x", {"2": 2, "10": 1})) == "/x?10=1&2=2"
    assert utils.prepare_query_string(None) == ""
    times: list = []
    with utils.record_time(times, True, "GET", "/servers"):
        pass
    with utils.record_time(times, False, "GET", "/flavors"):
        pass
    assert [t[0] for t in times] == ["GET /servers"] and times[0][1] <= times[0][2]


def test_find_resource_keeps_the_library_error_when_asked(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/none", status_code=404, json={})
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": []})
    cs = make_cs("2.60")
    with pytest.raises(exceptions.NotFound):
        utils.find_resource(cs.flavors, "none", wrap_exception=False)
    with pytest.raises(exceptions.CommandError):
        utils.find_resource(cs.flavors, "none")


def test_meta_types_take_request_ids_as_text():
    raw = base.BytesWithMeta(b"log", "req-1")
    assert raw == b"log" and raw.request_ids == ["req-1"]
    assert base.TupleWithMeta((), ["req-1", "req-2"]).request_ids == ["req-1", "req-2"]


def test_rate_limits_of_an_older_nova():
    answer = {"rate": [{"uri": "*", "regex": ".*", "limit": [
        {"verb": "POST", "value": 10, "remaining": 2, "unit": "MINUTE",
         "next-available": "2011-12-15T22:42:45Z"}]}], "absolute": {}}
    (rate,) = limits.Limits(None, answer).rate
    assert rate == limits.RateLimit("POST", "*", ".*", 10, 2, "MINUTE", "2011-12-15T22:42:45Z")
    assert repr(rate) == "<RateLimit: verb=POST uri=*>"


def test_bad_input_and_version_bound_keywords_are_what_callers_catch(make_cs, mock_http):
    cs = make_cs("2.78")
    with pytest.raises(exceptions.CommandError):  # python-novaclient's class for bad input
        cs.flavors.create("f", "lots", 1, 1)
    with pytest.raises(TypeError, match="delete_on_termination"):
        cs.volumes.create_server_volume("s1", "v1", delete_on_termination=True)
    with pytest.raises(TypeError, match="user_id"):
        cs.migrations.list(user_id="u1")
    with pytest.raises(TypeError):
        cs.quotas.update("p1", networks=1)


def test_request_shapes_python_novaclient_sends(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": []})
    cs = make_cs("2.60")
    cs.flavors.list()
    assert mock_http.last_request.query == ""  # public flavors: Nova's default
    cs.flavors.list(is_public=None)
    assert mock_http.last_request.query == "is_public=none"
    usage_url = f"{ENDPOINT}/os-simple-tenant-usage"
    mock_http.get(usage_url, json={"tenant_usages": []})
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    cs.usage.list(when, when, detailed=True, limit=3)
    assert mock_http.last_request.url.endswith(
        "?start=2026-01-02T03:04:05&end=2026-01-02T03:04:05&limit=3&detailed=1")
    mock_http.delete(f"{ENDPOINT}/os-assisted-volume-snapshots/x", status_code=204)
    cs.assisted_volume_snapshots.delete("x", {"volume_id": "v"})
    assert json.loads(unquote_plus(mock_http.last_request.url.split("delete_info=")[1])) == \
        {"volume_id": "v"}


def test_attachment_id_is_the_old_name_of_volume_id(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/s1/os-volume_attachments/v1",
                  json={"volumeAttachment": {"id": "v1"}})
    cs = make_cs("2.60")
    with pytest.warns(DeprecationWarning):
        assert cs.volumes.get_server_volume("s1", attachment_id="v1").id == "v1"
    with pytest.raises(TypeError):
        cs.volumes.get_server_volume("s1", volume_id="v1", attachment_id="v1")
