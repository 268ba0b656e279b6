"""Safety against real Nova: names cannot reach other resources."""

import pytest

from computeclient import exceptions


def test_keypair_delete_cannot_reach_a_server(compute, boot, cs):
    server = boot("safety-traversal")
    result = compute("keypair-delete", f"../servers/{server['id']}", ok=False)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("ERROR ("), result.stderr
    assert cs.servers.get(server["id"]).id == server["id"]
    compute("delete", server["id"])


def test_a_dot_dot_name_is_refused(compute):
    result = compute("keypair-delete", "..", ok=False)
    assert result.returncode == 1
    assert result.stderr.strip() == ("ERROR (CommandError): Unable to delete ..: "
                                     "'..' cannot be used as a name or ID in a request URL")


def test_a_query_in_a_flavor_id_is_not_a_query(cs):
    flavor = cs.flavors.list()[0]
    with pytest.raises(exceptions.NotFound):
        cs.flavors.get(f"{flavor.id}?minimal=1")
