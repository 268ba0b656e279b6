"""Manager.alternate_service_type, python-novaclient's door to another
service: inside the block a manager's relative URLs reach that service's
endpoint; the transport, other managers and other threads are left as
they were."""

import threading
from unittest import mock

from keystoneauth1 import fixture, session
from keystoneauth1.identity import v3

from computeclient import base, client

NOVA = "http://nova.test/v2.1"
GLANCE = "http://glance.test"
NEUTRON = "http://neutron.test"


def _cs():
    return client.Client("2.60", auth_token="tok", endpoint_override=NOVA,
                         image_endpoint=GLANCE, network_endpoint=NEUTRON)


def test_relative_urls_go_to_the_other_service_inside_the_block(mock_http):
    mock_http.get(f"{GLANCE}/v2/schemas/image", json={"name": "image"})
    mock_http.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = _cs()
    with cs.keypairs.alternate_service_type("image"):
        assert cs.keypairs.client.service_type == "image"
        _, body = cs.keypairs.client.get("/v2/schemas/image", versioned=False)
    assert body == {"name": "image"}
    assert mock_http.last_request.headers["X-Auth-Token"] == "tok"
    cs.keypairs.list()
    assert mock_http.last_request.url == f"{NOVA}/os-keypairs"
    assert cs.client.service_type == "compute"  # the transport was not changed


def test_an_allowed_type_keeps_the_client_as_it_is(mock_http):
    mock_http.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = _cs()
    with cs.keypairs.alternate_service_type("image", allowed_types=("compute",)):
        cs.keypairs.list()
    assert mock_http.last_request.url == f"{NOVA}/os-keypairs"


def test_the_block_ends_on_an_error_and_nests(mock_http):
    mock_http.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = _cs()
    try:
        with cs.keypairs.alternate_service_type("image"):
            with cs.keypairs.alternate_service_type("network", allowed_types=("image",)):
                assert cs.keypairs.client.service_type == "image"
            raise KeyError("boom")
    except KeyError:
        pass
    cs.keypairs.list()
    assert mock_http.last_request.url == f"{NOVA}/os-keypairs"


def test_another_thread_is_not_redirected(mock_http):
    mock_http.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = _cs()
    seen = []
    with cs.keypairs.alternate_service_type("image"):
        worker = threading.Thread(target=lambda: seen.append(cs.keypairs.client.service_type))
        worker.start()
        worker.join()
    assert seen == ["compute"]


def test_glance_and_neutron_look_ups_use_it(mock_http):
    mock_http.get(f"{GLANCE}/v2/images", json={"images": [{"id": "i1"}]})
    mock_http.get(f"{NEUTRON}/v2.0/networks", json={"networks": [{"id": "n1"}]})
    cs = _cs()
    with mock.patch.object(base.Manager, "alternate_service_type",
                           wraps=cs.glance.alternate_service_type) as door:
        assert [i.id for i in cs.glance.list()] == ["i1"]
    door.assert_called_once_with("image", allowed_types=("image",))
    with mock.patch.object(base.Manager, "alternate_service_type",
                           wraps=cs.neutron.alternate_service_type) as door:
        assert [n.id for n in cs.neutron.list()] == ["n1"]
    door.assert_called_once_with("network", allowed_types=("network",))


def test_a_session_reaches_the_catalogs_image_endpoint(requests_mock):
    identity = "http://identity.test/v3"
    token = fixture.V3Token()
    token.set_project_scope(id="p1")
    token.add_service("compute").add_standard_endpoints(public=NOVA)
    token.add_service("image").add_standard_endpoints(public=GLANCE)
    requests_mock.post(f"{identity}/auth/tokens", json=token,
                       headers={"X-Subject-Token": "tok3"}, status_code=201)
    requests_mock.get(f"{GLANCE}/v2/images/i1", json={"id": "i1", "name": "cirros"})
    auth = v3.Password(auth_url=identity, username="u", password="p", project_id="p1",
                       user_domain_id="default")
    cs = client.Client("2.60", session=session.Session(auth=auth))
    assert cs.glance.get("i1").name == "cirros"
    assert requests_mock.last_request.headers["X-Auth-Token"] == "tok3"
    assert "OpenStack-API-Version" not in requests_mock.last_request.headers
