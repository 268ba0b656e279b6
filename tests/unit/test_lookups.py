"""Image (Glance v2) and network (Neutron) lookups: paging and ambiguity."""

import pytest

from computeclient import exceptions

IMAGE_ENDPOINT = "http://glance.test"
NETWORK_ENDPOINT = "http://neutron.test"


@pytest.fixture
def cs(mock_http):
    from computeclient import client
    return client.Client("2.60", auth_token="tok", endpoint_override="http://nova.test/v2.1",
                         image_endpoint=IMAGE_ENDPOINT, network_endpoint=NETWORK_ENDPOINT)


def _image(i, name=None):
    return {"id": f"img-{i}", "name": name or f"image{i}"}


def test_image_list_follows_next_links(cs, mock_http):
    mock_http.get(f"{IMAGE_ENDPOINT}/v2/images", [
        {"json": {"images": [_image(1), _image(2)], "next": "/v2/images?marker=img-2"}},
        {"json": {"images": [_image(3)]}},
    ])
    assert [i.id for i in cs.glance.list()] == ["img-1", "img-2", "img-3"]
    assert mock_http.last_request.qs == {"marker": ["img-2"]}


def test_image_list_limit_stops_early(cs, mock_http):
    mock_http.get(f"{IMAGE_ENDPOINT}/v2/images", json={
        "images": [_image(1), _image(2)], "next": "/v2/images?marker=img-2&limit=2"})
    page = cs.glance.list(limit=2)
    assert len(page) == 2 and page.next_marker == "img-2" and mock_http.call_count == 1
    assert mock_http.last_request.qs == {"limit": ["2"]}


def test_image_name_on_a_later_page_is_found_and_duplicates_refused(cs, mock_http):
    mock_http.get(f"{IMAGE_ENDPOINT}/v2/images", [
        {"json": {"images": [_image(1, "dup")], "next": "/v2/images?marker=img-1"}},
        {"json": {"images": [_image(2, "dup")]}},
    ])
    with pytest.raises(exceptions.NoUniqueMatch):
        cs.glance.find_image("dup")
    mock_http.get(f"{IMAGE_ENDPOINT}/v2/images", json={"images": []})
    with pytest.raises(exceptions.NotFound, match="No image"):
        cs.glance.find_image("nothing")


def test_network_lookup_by_name_and_id(cs, mock_http):
    net_id = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
    mock_http.get(f"{NETWORK_ENDPOINT}/v2.0/networks/{net_id}",
                  json={"network": {"id": net_id, "name": "private"}})
    mock_http.get(f"{NETWORK_ENDPOINT}/v2.0/networks",
                  json={"networks": [{"id": net_id, "name": "private"}]})
    assert cs.neutron.find_network(net_id).name == "private"
    assert cs.neutron.find_network("private").id == net_id
    assert mock_http.last_request.qs == {"name": ["private"]}
