"""Resource attributes, lazy loading, paging, and find by id/name."""

import pytest

from computeclient import base, cliutils, exceptions
from tests.unit.conftest import ENDPOINT


class Thing(base.Resource):
    HUMAN_ID = True


class ThingManager(base.ManagerWithFind):
    resource_class = Thing
    name_filter = "name"

    def get(self, thing):
        return self._get(f"/things/{base.getid(thing)}", "thing")

    def list(self, search_opts=None, limit=None):
        return self._list_all("/things", "things", filters=search_opts, limit=limit)


@pytest.fixture
def manager(make_cs):
    return ThingManager(make_cs("2.60"))


def test_resource_fields_to_attributes_and_dict():
    r = base.Resource(None, {"id": "1", "name": "x", "OS-EXT-STS:vm_state": "active"})
    assert r.id == "1" and r.OS_EXT_STS_vm_state == "active"
    assert r.to_dict() == {"id": "1", "name": "x", "OS-EXT-STS:vm_state": "active"}
    # Every field, sorted, as python-novaclient shows a resource.
    assert repr(r) == "<Resource OS-EXT-STS:vm_state=active, id=1, name=x>"


class Gadget(base.Resource):
    @property
    def size(self):
        return "property"

    def spin(self):
        return "method"


def test_resource_fields_named_like_the_class_keep_their_old_precedence():
    gadget = Gadget(None, {"id": "1", "size": 3, "spin": "field", "spin-rate": 5})
    assert gadget.size == "property"  # a read-only property wins
    assert gadget.spin == "field"  # a field shadows a method, as setattr did
    assert gadget.spin_rate == 5
    assert gadget.to_dict()["size"] == 3


def test_resource_info_is_a_copy_and_a_refresh_replaces_fields():
    info = {"id": "1", "name": "x"}
    r = base.Resource(None, info)
    info["name"] = "changed"
    r.name = "set by hand"
    r._add_details({"name": "fresh", "OS-EXT-STS:task_state": None})
    assert (r.name, r.OS_EXT_STS_task_state, r.to_dict()["name"]) == ("fresh", None, "fresh")


def test_page_guard_reads_resources_ids_without_copying(monkeypatch):
    page = [base.Resource(None, {"id": str(i), "nested": {"deep": [i]}}) for i in range(3)]
    monkeypatch.setattr(base.Resource, "to_dict", lambda self: pytest.fail("deep copy"))
    guard = base.PageGuard("things")
    assert guard.follow("2", page) == "2"
    with pytest.raises(exceptions.PagingLoop):
        guard.follow("3", page)  # same ids again


def test_resource_equality_by_id_and_human_id():
    a = Thing(None, {"id": "1", "name": "My Server!"})
    assert a == Thing(None, {"id": "1", "name": "other"})
    assert a != Thing(None, {"id": "2", "name": "My Server!"})
    assert a.human_id == "my-server"
    assert base.Resource(None, {"name": "x"}).human_id is None


def test_lazy_get_on_missing_attribute(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things/1", json={"thing": {"id": "1", "size": 3}},
                  headers={"x-openstack-request-id": "req-1"})
    thing = Thing(manager, {"id": "1"})
    assert thing.size == 3
    assert thing.request_ids == ["req-1"]
    with pytest.raises(AttributeError):
        thing.missing  # noqa: B018 - loaded now, so no second request
    assert mock_http.call_count == 1


def test_list_all_follows_next_links(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things", [
        {"json": {"things": [{"id": "1"}, {"id": "2"}], "things_links": [
            {"rel": "next", "href": f"{ENDPOINT}/things?marker=2"}]}},
        {"json": {"things": [{"id": "3"}]}},
    ])
    things = manager.list(limit=-1)
    assert [t.id for t in things] == ["1", "2", "3"]
    assert mock_http.request_history[1].qs == {"marker": ["2"]}


def test_list_one_page_keeps_next_marker(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things", json={"things": [{"id": "1"}], "things_links": [
        {"rel": "next", "href": f"{ENDPOINT}/things?limit=1&marker=1"}]})
    page = manager.list(limit=1)
    assert [t.id for t in page] == ["1"] and page.next_marker == "1"
    assert mock_http.call_count == 1


def test_with_query_drops_none_and_repeats_lists():
    assert base.with_query("/s", {"a": None, "b": [1, 2], "c": True}) == "/s?b=1&b=2&c=True"
    assert base.with_query("/s?x=1", {"y": 2}) == "/s?x=1&y=2"


UUID = "0b7d5a3c-6f1e-4e8a-9d55-3b1c2a4f5e60"


def test_find_by_uuid_costs_one_request(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things/{UUID}", json={"thing": {"id": UUID, "name": "a"}})
    assert cliutils.find_resource(manager, UUID).id == UUID
    assert mock_http.call_count == 1


def test_find_by_name_uses_server_filter_once(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things", json={"things": [{"id": "7", "name": "web"}]})
    assert cliutils.find_resource(manager, "web").id == "7"
    assert mock_http.call_count == 1
    assert mock_http.request_history[0].qs == {"name": ["^web$"]}


def test_find_ambiguous_name(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things", json={"things": [{"id": "1", "name": "web"},
                                                          {"id": "2", "name": "web"}]})
    with pytest.raises(exceptions.CommandError, match="More than one thing is named 'web'"):
        cliutils.find_resource(manager, "web")


def test_find_missing_keeps_server_message(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things/{UUID}", status_code=404,
                  json={"itemNotFound": {"message": f"Thing {UUID} could not be found."}})
    mock_http.get(f"{ENDPOINT}/things", json={"things": []})
    with pytest.raises(exceptions.CommandError) as err:
        cliutils.find_resource(manager, UUID)
    assert str(err.value) == (f"No thing with a name or ID of '{UUID}' exists "
                              f"(Thing {UUID} could not be found.)")


def test_find_by_human_id_as_last_resort(manager, mock_http):
    mock_http.get(f"{ENDPOINT}/things?name=%5Emy-box%24", json={"things": []})
    mock_http.get(f"{ENDPOINT}/things/my-box", status_code=404, json={})
    mock_http.get(f"{ENDPOINT}/things", json={"things": [{"id": "5", "name": "My Box"}]})
    assert cliutils.find_resource(manager, "my-box").id == "5"


def test_hooks_run():
    seen = []
    ThingManager.add_hook("modify_body_for_create", lambda body: seen.append(body))
    try:
        ThingManager.run_hooks("modify_body_for_create", {"a": 1})
    finally:
        ThingManager._hooks_map.pop("modify_body_for_create")
    assert seen == [{"a": 1}]


def test_one_lookup_the_library_raises_what_the_shell_prints(manager, mock_http):
    """lookup.find is the implementation; cliutils.find_resource only turns its
    library errors into the shell's CommandError, with the same text."""
    from computeclient import lookup
    mock_http.get(f"{ENDPOINT}/things/{UUID}", status_code=404,
                  json={"itemNotFound": {"message": "gone"}})
    mock_http.get(f"{ENDPOINT}/things", json={"things": []})
    with pytest.raises(exceptions.NotFound) as library:
        lookup.find(manager, UUID)
    with pytest.raises(exceptions.CommandError) as shell:
        cliutils.find_resource(manager, UUID)
    assert library.value.message == str(shell.value) == (
        f"No thing with a name or ID of '{UUID}' exists (gone)")
    assert isinstance(shell.value.__cause__, exceptions.NotFound)


def test_the_same_rules_serve_glance_and_neutron(mock_http):
    """Managers of other services (list(name=...), no find) go through the same
    look-up: the same ambiguous-name and not-found messages, no GET for a name."""
    from computeclient import client
    image_endpoint = "http://glance.test"
    cs = client.Client("2.60", auth_token="tok", endpoint_override=ENDPOINT,
                       image_endpoint=image_endpoint)
    mock_http.get(f"{image_endpoint.rstrip('/')}/v2/images",
                  json={"images": [{"id": "i1", "name": "twin"}, {"id": "i2", "name": "twin"}]})
    with pytest.raises(exceptions.NoUniqueMatch, match="More than one image is named 'twin'"):
        cs.glance.find_image("twin")
    with pytest.raises(exceptions.CommandError, match="More than one image is named 'twin'"):
        cliutils.find_resource(cs.glance, "twin")
    mock_http.get(f"{image_endpoint.rstrip('/')}/v2/images", json={"images": []})
    with pytest.raises(exceptions.NotFound, match="No image with a name or ID of 'none' exists"):
        cs.glance.find_image("none")
    assert all("/v2/images/" not in r.path for r in mock_http.request_history)


def test_field_plans_are_per_class():
    """Two classes whose different fields read as the same attribute keep
    them apart (a module-wide table gave the second class the first's field)."""
    class Dashed(base.Resource):
        pass

    class Coloned(base.Resource):
        pass
    assert Dashed(None, {"ext-size": 1}).ext_size == 1
    assert Coloned(None, {"ext:size": 2}).ext_size == 2
    assert Dashed._fields is not Coloned._fields is not base.Resource._fields
    assert base.Resource(None, {"a-b": 3}).a_b == 3
