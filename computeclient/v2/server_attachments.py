"""What hangs off a server: metadata, tags, interfaces, security groups,
consoles, passwords, diagnostics, topology. Mixed into ServerManager.
"""

from __future__ import annotations

from typing import Any

from computeclient import answers, api_versions, base, exceptions
from computeclient.v2.server_mixin_bases import ServerManagerBase, ServerResourceBase

CONSOLE_TYPES = {
    # console type -> (protocol, first microversion, last microversion or None)
    "novnc": ("vnc", "2.1", None), "xvpvnc": ("vnc", "2.1", None),
    "spice-html5": ("spice", "2.1", None), "spice-direct": ("spice", "2.99", None),
    "serial": ("serial", "2.1", None), "webmks": ("mks", "2.8", None),
    "rdp-html5": ("rdp", "2.1", None),
}
_LEGACY_CONSOLE_ACTIONS = {"vnc": "os-getVNCConsole", "spice": "os-getSPICEConsole",
                           "serial": "os-getSerialConsole", "rdp": "os-getRDPConsole"}

class RemoteConsole(base.DictWithMeta):
    """Nova's answer as python-novaclient returns it: {"remote_console": {...}}
    from 2.6, {"console": {...}} before. The console's own fields also read
    at the top (``console["url"]``), as computeclient gave them before."""

    def console(self) -> dict[str, Any]:
        """The inner console object: {"type", "url"} (and "protocol" from 2.6)."""
        inner = self.get("remote_console", self.get("console"))
        return inner if isinstance(inner, dict) else {}

    def __missing__(self, key: Any) -> Any:
        inner = self.console()
        if key in inner:
            return inner[key]
        return super().__missing__(key)


def _console_answer(body: Any, key: str) -> dict[str, Any]:
    """Nova's console answer, an object (else InvalidResponse, an empty 200
    included) whose `key`, when there, is an object too. Without `key` it is
    returned as python-novaclient returns it: reading the console's fields
    then raises MissingField."""
    answer = answers.answer_object(body, f"the {key} object")
    if key in answer:
        answers.answer_object(answer[key], f"the {key} object")
    return answer


class NetworkInterface(base.Resource):
    """An attached port; its id is the Neutron port id."""

    @property
    def id(self) -> Any:
        return self.field("port_id")

    def __repr__(self) -> str:
        return f"<NetworkInterface: {self.id}>"  # python-novaclient's


class ServerAttachmentsMixin(ServerManagerBase):
    """Manager methods for the sub-resources of a server."""

    def _sub(self, server: Any, *path: Any) -> str:
        return base.url_path("servers", server, *path)

    # -- metadata ------------------------------------------------------------

    def get_meta(self, server: Any, key: str | None = None) -> dict[str, Any]:
        """The server's metadata as a dict; with `key`, python-novaclient's
        answer for that one key: {"meta": {key: value}} (a missing key is NotFound).

        Example: ``cs.servers.get_meta(vm)["role"]``, ``cs.servers.get_meta(vm, "role")``
        """
        if key is not None:
            resp, body = self.client.get(self._sub(server, "metadata", key))
            return base.DictWithMeta(body, resp)
        resp, body = self.client.get(self._sub(server, "metadata"))
        return base.DictWithMeta(body["metadata"], resp)

    def list_meta(self, server: Any) -> dict[str, Any]:
        """Every metadata key, as Nova and python-novaclient give it: {"metadata": {...}}.

        Example: ``cs.servers.list_meta(vm)["metadata"]``
        """
        resp, body = self.client.get(self._sub(server, "metadata"))
        return base.DictWithMeta(body, resp)

    def set_meta(self, server: Any, metadata: dict[str, Any]) -> Any:
        """Add or change these keys, keeping the others; returns the server's
        whole metadata as the fields of a Server, as python-novaclient does.

        Example: ``cs.servers.set_meta(vm, {"role": "db"}).to_dict()``
        """
        resp, body = self.client.post(self._sub(server, "metadata"),
                                      body={"metadata": metadata})
        return self._make(body["metadata"], resp, loaded=True)

    def replace_meta(self, server: Any, metadata: dict[str, Any]) -> dict[str, Any]:
        """Replace all metadata with exactly these keys.

        Example: ``cs.servers.replace_meta(vm, {"role": "db"})``
        """
        resp, body = self.client.put(self._sub(server, "metadata"),
                                     body={"metadata": metadata})
        return base.DictWithMeta(body["metadata"], resp)

    def get_meta_item(self, server: Any, key: str) -> dict[str, Any]:
        """One metadata key as {key: value}; a missing key is NotFound.

        Example: ``cs.servers.get_meta_item(vm, "role")``
        """
        resp, body = self.client.get(self._sub(server, "metadata", key))
        return base.DictWithMeta(body["meta"], resp)

    def set_meta_item(self, server: Any, key: str, value: str) -> Any:
        """Set one metadata key through its own URL; returns Nova's answer as
        the fields of a Server (its `meta` is {key: value}), as python-novaclient does.

        Example: ``cs.servers.set_meta_item(vm, "role", "db").meta``
        """
        resp, body = self.client.put(self._sub(server, "metadata", key),
                                     body={"meta": {key: value}})
        return self._make(body, resp, loaded=True)

    def delete_meta(self, server: Any, keys: list[str]) -> base.TupleWithMeta:
        """Delete these metadata keys, one request each; returns an empty
        TupleWithMeta carrying every request's id (python-novaclient's).

        Example: ``cs.servers.delete_meta(vm, ["role"])``
        """
        result = base.TupleWithMeta(())
        for key in keys:
            result.add_request_ids(self._delete(self._sub(server, "metadata", key)).request_ids)
        return result

    # -- tags (2.26) ---------------------------------------------------------

    def tag_list(self, server: Any) -> list[str]:
        """The server's tags (2.26+).

        Example: ``cs.servers.tag_list(vm)``
        """
        api_versions.require(self, "2.26", "server tags")
        resp, body = self.client.get(self._sub(server, "tags"))
        return base.ListWithMeta(body["tags"], resp)

    def add_tag(self, server: Any, tag: str) -> Any:
        """Add one tag (2.26+); adding a present tag is no error.

        Example: ``cs.servers.add_tag(vm, "prod")``
        """
        api_versions.require(self, "2.26", "server tags")
        resp, _ = self.client.put(self._sub(server, "tags", tag))
        return base.StrWithMeta("", resp)

    def has_tag(self, server: Any, tag: str) -> bool:
        """Whether the server has `tag` (one GET: 204 yes, 404 no).

        Example: ``cs.servers.has_tag(vm, "prod")``
        """
        api_versions.require(self, "2.26", "server tags")
        try:
            self.client.get(self._sub(server, "tags", tag))
        except exceptions.NotFound:
            return False
        return True

    def set_tags(self, server: Any, tags: list[str]) -> list[str]:
        """Replace every tag with `tags` (2.26+); returns them.

        Example: ``cs.servers.set_tags(vm, ["prod", "db"])``
        """
        api_versions.require(self, "2.26", "server tags")
        resp, body = self.client.put(self._sub(server, "tags"), body={"tags": list(tags)})
        return base.ListWithMeta(body["tags"], resp)

    def delete_tag(self, server: Any, tag: str) -> Any:
        """Remove one tag (2.26+); a missing tag is NotFound.

        Example: ``cs.servers.delete_tag(vm, "prod")``
        """
        api_versions.require(self, "2.26", "server tags")
        return self._delete(self._sub(server, "tags", tag))

    def delete_all_tags(self, server: Any) -> Any:
        """Remove every tag (2.26+).

        Example: ``cs.servers.delete_all_tags(vm)``
        """
        api_versions.require(self, "2.26", "server tags")
        return self._delete(self._sub(server, "tags"))

    # -- network interfaces and addresses ------------------------------------

    def interface_list(self, server: Any) -> list[Any]:
        """The server's ports (port_id, net_id, fixed_ips, mac_addr).

        Example: ``[i.port_id for i in cs.servers.interface_list(vm)]``
        """
        return self._list(self._sub(server, "os-interface"), "interfaceAttachments",
                          obj_class=NetworkInterface)

    def interface_get(self, server: Any, port_id: str) -> base.Resource:
        """One attached port by its Neutron port id.

        Example: ``cs.servers.interface_get(vm, port_id).fixed_ips``
        """
        return self._get(self._sub(server, "os-interface", port_id), "interfaceAttachment",
                         obj_class=NetworkInterface)

    def interface_attach(self, server: Any, port_id: str | None = None,
                         net_id: str | None = None, fixed_ip: str | None = None,
                         tag: str | None = None) -> base.Resource:
        """Plug a port in: an existing `port_id`, or a new port on `net_id`
        (optionally with `fixed_ip`); `tag` (2.49+) is for the guest's device
        metadata. Sent as given (Nova refuses both a port and a network; with
        neither it picks a network), as python-novaclient does.

        Example: ``cs.servers.interface_attach(vm, net_id=net.id, fixed_ip="10.0.0.9")``
        """
        body: dict[str, Any] = {}
        if port_id:
            body["port_id"] = port_id
        if net_id:
            body["net_id"] = net_id
        if fixed_ip:
            body["fixed_ips"] = [{"ip_address": fixed_ip}]
        if tag:
            api_versions.require(self, "2.49", "tagging an attached interface")
            body["tag"] = tag
        resp, data = self.client.post(self._sub(server, "os-interface"),
                                      body={"interfaceAttachment": body})
        return self._make(data["interfaceAttachment"], resp, obj_class=NetworkInterface)

    def interface_detach(self, server: Any, port_id: str) -> Any:
        """Unplug the port `port_id` (Nova detaches in the background).

        Example: ``cs.servers.interface_detach(vm, port_id)``
        """
        return self._delete(self._sub(server, "os-interface", port_id))

    def ips(self, server: Any, network: str | None = None) -> dict[str, Any]:
        """Addresses by network, from /servers/{id}/ips[/{network}].

        Example: ``cs.servers.ips(vm, "private")``
        """
        path = ("ips", network) if network else ("ips",)
        resp, body = self.client.get(self._sub(server, *path))
        return base.DictWithMeta(body if network else body["addresses"], resp)

    # -- security groups -----------------------------------------------------

    def add_security_group(self, server: Any, security_group: str) -> Any:
        """Add a security group (by name) to every port of the server.

        Example: ``cs.servers.add_security_group(vm, "web")``
        """
        return self._server_action(server, "addSecurityGroup", {"name": security_group})

    def remove_security_group(self, server: Any, security_group: str) -> Any:
        """Remove a security group (by name) from the server's ports.

        Example: ``cs.servers.remove_security_group(vm, "web")``
        """
        return self._server_action(server, "removeSecurityGroup", {"name": security_group})

    def list_security_group(self, server: Any) -> list[Any]:
        """The security groups of the server's ports.

        Example: ``[g.name for g in cs.servers.list_security_group(vm)]``
        """
        return self._list(self._sub(server, "os-security-groups"), "security_groups",
                          obj_class=base.Resource)

    # -- consoles ------------------------------------------------------------

    def get_console_output(self, server: Any, length: int | None = None) -> str:
        """The guest's console log; `length`: only its last lines.

        Example: ``cs.servers.get_console_output(vm, length=50)``
        """
        result = self._server_action(server, "os-getConsoleOutput", {"length": length})
        output = base.StrWithMeta(result["output"] if result else "")
        output.add_request_ids(result.request_ids)
        return output

    def get_console_url(self, server: Any, console_type: str) -> RemoteConsole:
        """A remote console URL: POST remote-consoles (2.6+) or the old actions
        before; Nova's answer as python-novaclient gives it (see RemoteConsole).

        Example: ``cs.servers.get_console_url(vm, "novnc")["remote_console"]["url"]``
        """
        if console_type not in CONSOLE_TYPES:
            raise exceptions.UnsupportedConsoleType(console_type, CONSOLE_TYPES)
        protocol, since, _ = CONSOLE_TYPES[console_type]
        try:
            api_versions.require(self, since, f"the {console_type} console")
        except exceptions.VersionNotAvailable as exc:  # not a type of this version
            raise exceptions.UnsupportedConsoleType(console_type, why=str(exc)) from exc
        if api_versions.supports(self, "2.6"):
            resp, body = self.client.post(
                self._sub(server, "remote-consoles"),
                body={"remote_console": {"protocol": protocol, "type": console_type}})
            return RemoteConsole(_console_answer(body, "remote_console"), resp)
        if protocol not in _LEGACY_CONSOLE_ACTIONS:  # only remote-consoles serves it
            api_versions.require(self, "2.6", f"the {console_type} console")
        resp, body = self.client.post(
            self._sub(server, "action"),
            body={_LEGACY_CONSOLE_ACTIONS[protocol]: {"type": console_type}})
        return RemoteConsole(_console_answer(body, "console"), resp)

    def get_vnc_console(self, server: Any, console_type: str = "novnc") -> RemoteConsole:
        """A VNC console URL (`console_type` novnc or xvpvnc).

        Example: ``cs.servers.get_vnc_console(vm)["url"]``
        """
        return self.get_console_url(server, console_type)

    def get_spice_console(self, server: Any, console_type: str = "spice-html5") -> RemoteConsole:
        """A SPICE console URL.

        Example: ``cs.servers.get_spice_console(vm)["url"]``
        """
        return self.get_console_url(server, console_type)

    def get_serial_console(self, server: Any, console_type: str = "serial") -> RemoteConsole:
        """A serial console (websocket) URL.

        Example: ``cs.servers.get_serial_console(vm)["url"]``
        """
        return self.get_console_url(server, console_type)

    @api_versions.wraps("2.8")
    def get_mks_console(self, server: Any) -> RemoteConsole:
        """A VMware WebMKS console URL (2.8+).

        Example: ``cs.servers.get_mks_console(vm)["url"]``
        """
        return self.get_console_url(server, "webmks")

    def get_rdp_console(self, server: Any, console_type: str = "rdp-html5") -> RemoteConsole:
        """An RDP console URL (Hyper-V only; current Nova has no such driver).

        Example: ``cs.servers.get_rdp_console(vm)["url"]``
        """
        return self.get_console_url(server, console_type)

    def get_console_auth_token(self, token: str) -> dict[str, Any]:
        """What a console token connects to (admin): GET /os-console-auth-tokens/{t}.

        Example: ``cs.servers.get_console_auth_token(token)["host"]``
        """
        api_versions.require(self, "2.31", "console auth tokens")
        resp, body = self.client.get(base.url_path("os-console-auth-tokens", token))
        return base.DictWithMeta(body["console"], resp)

    # -- passwords -----------------------------------------------------------

    def get_password(self, server: Any, private_key: str | None = None) -> str:
        """The admin password a guest posted (empty if none): as stored
        (encrypted, base64), or in clear text when `private_key` names the
        file of the keypair's private key (crypto.DecryptionFailure if it
        cannot decrypt it; python-novaclient returns the error in the text).

        Example: ``cs.servers.get_password(vm, "/home/me/.ssh/id_rsa")``
        """
        resp, body = self.client.get(self._sub(server, "os-server-password"))
        password = (body or {}).get("password") or ""
        if private_key and password:
            from computeclient import crypto

            password = crypto.decrypt_password(private_key, password)
        return base.StrWithMeta(password, resp)

    def clear_password(self, server: Any) -> Any:
        """Forget the encrypted password the guest posted (the guest's is kept).

        Example: ``cs.servers.clear_password(vm)``
        """
        return self._delete(self._sub(server, "os-server-password"))

    def change_password(self, server: Any, password: str) -> Any:
        """Set the guest's admin password through the hypervisor (libvirt: the
        guest agent); the password never reaches logs.

        Example: ``cs.servers.change_password(vm, new_password)``
        """
        return self._server_action(server, "changePassword", {"adminPass": password})

    # -- diagnostics and topology --------------------------------------------

    def diagnostics(self, server: Any) -> tuple[Any, ...]:
        """Hypervisor statistics of the server (admin), as (response, body).

        Example: ``cs.servers.diagnostics(vm)[1]``
        """
        resp, body = self.client.get(self._sub(server, "diagnostics"))
        return base.TupleWithMeta((resp, body), resp)

    @api_versions.wraps("2.78")
    def topology(self, server: Any) -> dict[str, Any]:
        """The server's NUMA topology (2.78+; host details for admins).

        Example: ``cs.servers.topology(vm)["nodes"]``
        """
        resp, body = self.client.get(self._sub(server, "topology"))
        return base.DictWithMeta(body, resp)

    def refresh_network(self, server: Any) -> dict[str, Any]:
        """Ask Nova to refresh the server's network info (admin).

        Example: ``cs.servers.refresh_network(vm)``
        """
        resp, body = self.client.post("/os-server-external-events", body={"events": [
            {"name": "network-changed", "server_uuid": base.getid(server)}]})
        return base.DictWithMeta(body["events"][0], resp)


class ServerResourceAttachmentsMixin(ServerResourceBase):
    """`server.<method>(...)` shortcuts to the manager's methods."""

    def set_meta(self, metadata: dict[str, Any]) -> Any:
        return self.manager.set_meta(self, metadata)

    def delete_meta(self, keys: list[str]) -> base.TupleWithMeta:
        return self.manager.delete_meta(self, keys)

    def tag_list(self) -> list[str]:
        return self.manager.tag_list(self)

    def add_tag(self, tag: str) -> Any:
        return self.manager.add_tag(self, tag)

    def set_tags(self, tags: list[str]) -> list[str]:
        return self.manager.set_tags(self, tags)

    def delete_tag(self, tag: str) -> Any:
        return self.manager.delete_tag(self, tag)

    def delete_all_tags(self) -> Any:
        return self.manager.delete_all_tags(self)

    def interface_list(self) -> list[Any]:
        return self.manager.interface_list(self)

    def interface_attach(self, port_id: str | None = None, net_id: str | None = None,
                         fixed_ip: str | None = None, tag: str | None = None) -> Any:
        return self.manager.interface_attach(self, port_id, net_id, fixed_ip, tag)

    def interface_detach(self, port_id: str) -> Any:
        return self.manager.interface_detach(self, port_id)

    def add_security_group(self, security_group: str) -> Any:
        return self.manager.add_security_group(self, security_group)

    def remove_security_group(self, security_group: str) -> Any:
        return self.manager.remove_security_group(self, security_group)

    def get_console_output(self, length: int | None = None) -> str:
        return self.manager.get_console_output(self, length)

    def get_console_url(self, console_type: str) -> RemoteConsole:
        return self.manager.get_console_url(self, console_type)

    def get_vnc_console(self, console_type: str = "novnc") -> RemoteConsole:
        return self.manager.get_vnc_console(self, console_type)

    def get_spice_console(self, console_type: str = "spice-html5") -> RemoteConsole:
        return self.manager.get_spice_console(self, console_type)

    def get_serial_console(self, console_type: str = "serial") -> RemoteConsole:
        return self.manager.get_serial_console(self, console_type)

    def get_rdp_console(self, console_type: str = "rdp-html5") -> RemoteConsole:
        return self.manager.get_rdp_console(self, console_type)

    def get_mks_console(self) -> RemoteConsole:
        return self.manager.get_mks_console(self)

    def list_security_group(self) -> list[Any]:
        return self.manager.list_security_group(self)

    def get_password(self, private_key: str | None = None) -> str:
        return self.manager.get_password(self, private_key)

    def clear_password(self) -> Any:
        return self.manager.clear_password(self)

    def change_password(self, password: str) -> Any:
        return self.manager.change_password(self, password)

    def diagnostics(self) -> tuple[Any, ...]:
        return self.manager.diagnostics(self)

    def topology(self) -> dict[str, Any]:
        return self.manager.topology(self)
