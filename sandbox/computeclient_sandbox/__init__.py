"""A real Nova 34 on 127.0.0.1, for trying the shell and testing scripts.

    from computeclient_sandbox import Sandbox
    with Sandbox() as sb:
        cs = sb.client()
        print(cs.flavors.list())

Light on purpose: Nova and Keystone are imported only in the server
processes this starts, and tempfile and pathlib only by a Sandbox (`compute
help` imports this package to read the summary of `compute sandbox`).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported on the help path (computeclient's HACKING.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


class Sandbox:
    """Starts a sandbox (free port, own state dir by default) and stops it.

    servers=N fills it with N ACTIVE servers across both hosts (fill.py says how).
    token_cache_time (Keystone mode): how long Nova trusts a token it checked;
    None is production's default (300 s), -1 checks every token with Keystone.
    regions=N (Keystone mode, up to 4): RegionOne, RegionTwo, ... in the one
    catalog, each region with a Nova of its own (client(region=...) reaches it).
    A start that fails keeps its state directory (logs included) for reading;
    the error names it.
    """

    def __init__(self, port: int | None = None, keystone: bool = False,
                 state_dir: str | Path | None = None, servers: int = 0,
                 token_cache_time: int | None = None, regions: int = 1) -> None:
        from pathlib import Path

        self.port = port
        self.keystone = keystone
        self.token_cache_time = token_cache_time
        self.regions = regions
        self.servers = servers
        self._own_state_dir = False  # made by start(), removed by stop()
        self.state_dir = Path(state_dir) if state_dir else None
        self.state: dict[str, Any] | None = None

    def start(self) -> Sandbox:
        import tempfile
        from pathlib import Path

        from computeclient_sandbox import control, state

        if self.state_dir is None:
            self.state_dir = Path(tempfile.mkdtemp(prefix="compute-sandbox-"))
            self._own_state_dir = True
        self.state = control.start(self.state_dir, self.port or state.free_port(),
                                   keystone=self.keystone,
                                   token_cache_time=self.token_cache_time,
                                   regions=self.regions)
        self.port = self.state["port"]
        if self.servers:
            from computeclient_sandbox import fill
            try:
                fill.request(self, self.servers)
            except BaseException:
                self.stop()
                raise
        return self

    def stop(self) -> None:
        import shutil

        from computeclient_sandbox import control

        if self.state_dir is not None:
            control.stop(self.state_dir)
            if self._own_state_dir:
                shutil.rmtree(self.state_dir, ignore_errors=True)
                self.state_dir = None
                self._own_state_dir = False
        self.state = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def _state(self) -> dict[str, Any]:
        if self.state is None:
            raise RuntimeError("the sandbox is not running: call start() first")
        return self.state

    @property
    def endpoint(self) -> str:
        return self._state()["endpoint"]

    @property
    def image_endpoint(self) -> str:
        return self._state()["image_endpoint"]

    @property
    def network_endpoint(self) -> str:
        return self._state()["network_endpoint"]

    @property
    def auth_url(self) -> str | None:
        return self._state().get("auth_url")

    def credentials(self, user: str = "admin") -> dict[str, str]:
        """What a client needs: token + endpoint, or Keystone password credentials."""
        state = self._state()
        project = state["users"][user]["project"]
        if state["mode"] == "keystone":
            return {"auth_url": state["auth_url"], "username": user,
                    "password": state["users"][user]["password"], "project_name": project,
                    "user_domain_name": "Default", "project_domain_name": "Default"}
        return {"endpoint": state["endpoint"], "token": f"{user}:{project}"}

    def env(self, user: str = "admin") -> dict[str, str]:
        """The OS_* variables for `compute` (what `compute sandbox env` exports)."""
        from computeclient_sandbox import control
        return control.env(self._state(), user)

    def cloud_env(self, user: str = "admin") -> dict[str, str]:
        """OS_CLIENT_CONFIG_FILE (the sandbox's clouds.yaml, 0600) and OS_CLOUD for `user`."""
        from computeclient_sandbox import control
        return control.cloud_env(self._state(), user)

    def session(self, user: str = "admin") -> Any:
        """A keystoneauth1 Session authenticated as `user`, keeping a connection
        per thread for up to resilience.POOL_SIZE threads."""
        from keystoneauth1 import session, token_endpoint

        from computeclient import resilience

        http = resilience.pooled_session(session.TCPKeepAliveAdapter)
        creds = self.credentials(user)
        if "token" in creds:
            return session.Session(auth=token_endpoint.Token(creds["endpoint"], creds["token"]),
                                   session=http)
        from keystoneauth1.identity import v3
        password: dict[str, Any] = dict(creds)  # auth_url, username, ... as keywords
        return session.Session(auth=v3.Password(**password), session=http)

    def client(self, version: str = "2.latest", user: str = "admin",
               region: str | None = None) -> Any:
        """A computeclient Client for `user` (image/network lookups wired too);
        `region` (Keystone mode): that region's Nova, else RegionOne's.

        Example: ``sb.client(region="RegionTwo").servers.list()``
        """
        from computeclient import client

        state = self._state()
        extra: dict[str, Any] = {}
        if state["mode"] != "keystone":
            extra = {"image_endpoint": self.image_endpoint,
                     "network_endpoint": self.network_endpoint}
        else:  # named always: the catalog may list several regions
            extra = {"region_name": region or (state.get("regions") or ["RegionOne"])[0]}
        return client.Client(version, session=self.session(user), **extra)
