"""Keypairs: /os-keypairs (types from 2.2, other users from 2.10, paging from 2.35)."""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import api_versions, base, exceptions


class Keypair(base.Resource):

    manager: KeypairManager
    NAME_ATTR = "name"

    @property
    def id(self) -> str:
        return str(self._info.get("name", ""))

    def delete(self) -> Any:
        return self.manager.delete(self)


class KeypairManager(base.ManagerWithFind[Keypair]):
    resource_class = Keypair
    keypair_prefix = "os-keypairs"  # python-novaclient's name for the collection
    ids_are_names = True

    def _make(self, info: dict[str, Any], resp: Any = None, loaded: bool = False,  # type: ignore[override]
              obj_class: None = None) -> Keypair:
        """Nova wraps each keypair of a list in {"keypair": {...}}."""
        if isinstance(info, dict):
            info = info.get("keypair", info)
        return super()._make(info, resp, loaded)

    def _user_query(self, user_id: str | None) -> dict[str, Any]:
        if user_id:
            api_versions.require(self, "2.10", "acting on another user's keypairs")
            return {"user_id": user_id}
        return {}

    def get(self, keypair: Any, user_id: str | None = None) -> Keypair:
        """One keypair by name (of `user_id`, 2.10+, admin).

        Example: ``cs.keypairs.get("mykey").fingerprint``
        """
        url = base.with_query(base.url_path("os-keypairs", keypair), self._user_query(user_id))
        return self._get(url, "keypair")

    def create(self, name: str, public_key: str | None = None, key_type: str | None = "ssh",
               user_id: str | None = None) -> Keypair:
        """Import `public_key`, or let Nova generate one (up to 2.91; the
        private key is then in the result, once).

        :param key_type: "ssh" or "x509" (2.2+); None asks for no type (Nova's
            default, ssh), as a caller below 2.2 does; :param user_id: 2.10+, admin

        Example: ``cs.keypairs.create("mykey", public_key=open(path).read())``
        """
        body: dict[str, Any] = {"name": name}
        if public_key:
            body["public_key"] = public_key
        else:
            # From 2.92 public_key is required: a TypeError too, as in python-novaclient.
            api_versions.require(self, None, "generating a keypair server-side (no public_key)",
                                 end="2.91", error=exceptions.UnsupportedArgument)
        if key_type is not None and (key_type != "ssh" or api_versions.supports(self, "2.2")):
            api_versions.require(self, "2.2", "keypair types")
            body["type"] = key_type
        if user_id:
            api_versions.require(self, "2.10", "creating a keypair for another user")
            body["user_id"] = user_id
        return self._create("/os-keypairs", {"keypair": body}, "keypair")

    def delete(self, key: Any, user_id: str | None = None) -> Any:
        """Delete a keypair by name. Example: ``cs.keypairs.delete("mykey")``"""
        url = base.with_query(base.url_path("os-keypairs", key), self._user_query(user_id))
        return self._delete(url)

    def list(self, user_id: str | None = None, marker: str | None = None,
             limit: int | None = None,
             search_opts: dict[str, Any] | None = None) -> builtins.list[Keypair]:
        """The caller's keypairs (or `user_id`'s, 2.10+); marker/limit page
        them (2.35+), limit=-1 follows every page.

        Example: ``[k.name for k in cs.keypairs.list()]``
        """
        filters = self._user_query(user_id)
        limit = base.as_limit(limit)
        if marker or limit is not None:
            api_versions.require(self, "2.35", "keypair paging")
        if marker:
            filters["marker"] = marker
        if limit is not None and limit < 0:
            return self._list_all("/os-keypairs", "keypairs", filters=filters)
        if limit is not None:
            filters["limit"] = limit
        return self._list("/os-keypairs", "keypairs", filters=filters)
