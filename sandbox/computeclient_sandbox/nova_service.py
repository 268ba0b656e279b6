"""The sandbox's server process: real Nova 34 in one process on 127.0.0.1.

Run as `python -m computeclient_sandbox.nova_service --port P --state-dir D
[--keystone-conf FILE]`. It brings Nova up through the functional-test base
class Nova ships (API, conductor, scheduler, two fake computes, cells v2,
placement, in-memory Glance/Neutron/Cinder), then serves it with wsgiref.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from computeclient_sandbox import deferred_imports, template

CIRROS_ID = "c1f0a3e2-5b7d-4f8e-9a61-0d2b3c4e5f60"
UBUNTU_ID = "a3b5c7d9-1e2f-4a6b-8c0d-e1f2a3b4c5d6"
NOTIFIER_RESET_SECONDS = 60
#: Imported by Nova's modules, never run by the sandbox: their code runs on
#: first use instead (deferred_imports). alembic: migrations, which the
#: template has replayed; os_brick, paramiko: real volumes, generated keys;
#: glanceclient, warlock: the real Glance (GlanceFixture stands in);
#: kombu, amqp: RabbitMQ; prometheus_client: SDK metrics; oslo_reports:
#: Guru Meditation; barbicanclient: Barbican key manager; jinja2: HTML
#: health checks.
NEVER_RUN_PACKAGES = (
    "alembic", "os_brick", "paramiko", "glanceclient", "warlock", "kombu", "amqp",
    "prometheus_client", "oslo_reports", "barbicanclient", "jinja2")


def _prepare_environment(state_dir: Path, migrating: bool) -> None:
    """Must run before anything imports nova; `migrating`: no template, alembic runs."""
    os.environ["OS_NOVA_DISABLE_EVENTLET_PATCHING"] = "1"
    os.environ["TMPDIR"] = str(state_dir)
    tempfile.tempdir = str(state_dir)
    # Alembic imports mako, whose HTML tracebacks import all of pygments
    # (a tenth of start-up); the sandbox never renders one.
    sys.modules.setdefault("mako.ext.pygmentplugin", None)  # type: ignore[arg-type]
    deferred_imports.defer([name for name in NEVER_RUN_PACKAGES
                            if not (migrating and name == "alembic")])


def _log_to_file(state_dir: Path) -> None:
    """Nova's fixtures capture logs in memory; send them to a file instead."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.FileHandler(state_dir / "nova.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("oslo.messaging", "oslo_messaging", "stevedore", "urllib3", "placement",
                  "migrate", "alembic", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _api_paste_config() -> str:
    venv_etc = Path(sys.prefix) / "etc" / "nova" / "api-paste.ini"
    if venv_etc.exists():
        return str(venv_etc)
    import nova
    return str(Path(nova.__file__).parent.parent / "etc" / "nova" / "api-paste.ini")


def _install_auth(keystone_conf: dict | None) -> None:
    """Put our own factory where paste looks for keystonemiddleware's."""
    from keystonemiddleware import auth_token

    from computeclient_sandbox import endpoints

    if keystone_conf is None:
        auth_token.filter_factory = endpoints.token_filter_factory
        return
    real_factory = auth_token.filter_factory

    def configured_factory(global_conf: dict, **local_conf: Any) -> Any:
        # Nova's ConfFixture re-parses CONF without files: settings go here.
        local_conf.update(keystone_conf)
        return real_factory(global_conf, **local_conf)

    auth_token.filter_factory = configured_factory


def build_nova(state_dir: Path, keystone_conf: dict | None, template_dir: Path,
               schemas: dict[str, str] | None) -> Any:
    """Set up Nova through its own functional-test base class; never torn down.

    `schemas`: the template's migrated schemas; None migrates and keeps them
    in `template_dir`.
    """
    import nova.conf
    from nova.tests.functional import integrated_helpers

    from computeclient_sandbox import cell_lock, fake_transport, nova_config

    conf = nova.conf.CONF
    _install_auth(keystone_conf)
    fake_transport.install()  # before the services start listening
    if schemas is not None:
        template.install_nova_schemas(schemas)

    class SandboxNova(integrated_helpers._IntegratedTestBase):
        ADMIN_API = True
        STUB_KEYSTONE = False
        CAST_AS_CALL = False
        USE_PROJECT_ID = False

        def setUp(self) -> None:
            self.flags(compute_driver="fake.FakeDriver")
            super().setUp()

        def _set_timeout(self) -> None:
            """No time limit: the test base ends a test after OS_TEST_TIMEOUT
            seconds, and a user's test run may set it; the sandbox is a
            server that lives until it is stopped."""

        def _setup_compute_service(self) -> Any:
            self.flags(api_paste_config=_api_paste_config(), group="wsgi")
            first = self._start_compute("compute1")
            self._start_compute("compute2")
            return first

        def _setup_services(self) -> None:
            self.flags(api_paste_config=_api_paste_config(), group="wsgi")
            if keystone_conf is None:
                self.stub_out("nova.api.openstack.identity.verify_project_id",
                              lambda context, project_id: True)
            # Before the services start: they read periodic_enable when created.
            nova_config.restore_production_defaults(conf)
            nova_config.apply_laptop_intervals(conf)
            super()._setup_services()
            nova_config.restore_production_defaults(conf)  # the API fixture sets debug

        def useFixture(self, fixture: Any) -> Any:
            if type(fixture) is integrated_helpers.nova_fixtures.CellDatabases:
                fixture._cell_lock = cell_lock.ReaderPreferringLock()  # see cell_lock
            if type(fixture) is integrated_helpers.nova_fixtures.PolicyFixture:
                # The test base loads a fake policy that RealPolicyFixture
                # replaces with Nova's real one a moment later: skip the
                # fake, keep the one setting of it that stays.
                self.flags(policy_dirs=[], group="oslo_policy")
                return fixture
            return super().useFixture(fixture)

        def runTest(self) -> None:  # testtools needs a test method to exist
            pass

    nova = SandboxNova("runTest")
    nova.setUp()
    if schemas is None:
        template.save_nova_schemas(template_dir)
    return nova


def _filtering_detail(glance: Any) -> Any:
    """GlanceFixture.detail ignores filters; Nova's backup rotation relies on
    them (it deletes all but the newest N of what it gets), so apply them."""
    unfiltered = glance.detail

    def detail(context: Any, **kwargs: Any) -> list:
        images = unfiltered(context, **kwargs)
        for key, wanted in (kwargs.get("filters") or {}).items():
            if key.startswith("property-"):
                name = key[len("property-"):]
                images = [i for i in images
                          if str((i.get("properties") or {}).get(name)) == str(wanted)]
            else:
                images = [i for i in images if str(i.get(key)) == str(wanted)]
        if kwargs.get("sort_key"):
            images.sort(key=lambda i: str(i.get(kwargs["sort_key"])),
                        reverse=kwargs.get("sort_dir") == "desc")
        return images

    return detail


def _after_setup(nova: Any, state_dir: Path) -> None:
    import warnings

    import futurist._thread

    # Nova's test base makes idle pool threads spin (0.01 s) and turns
    # deprecation warnings into errors; undo both for a long-lived server.
    futurist._thread.ThreadWorker.MAX_IDLE_FOR = 1
    warnings.resetwarnings()
    warnings.simplefilter("ignore")
    _log_to_file(state_dir)
    nova.glance.detail = _filtering_detail(nova.glance)
    _ports_keep_their_project(nova.neutron)
    base_image = dict(nova.glance.image1)
    for image_id, name in ((CIRROS_ID, "cirros"), (UBUNTU_ID, "ubuntu-24.04")):
        image = dict(base_image, id=image_id, name=name, disk_format="qcow2",
                     container_format="bare", size=21430272, tags=[],
                     properties={"architecture": "x86_64", "os_distro": name.split("-")[0]})
        nova.glance.create(None, image)


def _ports_keep_their_project(neutron: Any) -> None:
    """NeutronFixture stamps every new port with its own test project and IP.

    Nova then finds no port of the server's project when it builds the
    network info cache, so servers show no addresses: keep the project the
    request asked for, and give each port an address of its own.
    """
    create_port = neutron.create_port
    next_host = itertools.count()

    def create_port_for_project(body: dict | None = None) -> dict:
        created = create_port(body)
        requested = (body or {}).get("port", {})
        changes: dict[str, Any] = {
            key: requested[key] for key in ("tenant_id", "project_id") if key in requested}
        fixed_ips = [dict(ip) for ip in created["port"].get("fixed_ips", [])]
        ipv4 = fixed_ips and fixed_ips[0]["ip_address"].count(".") == 3
        if ipv4 and "fixed_ips" not in requested:
            prefix = fixed_ips[0]["ip_address"].rsplit(".", 1)[0]
            fixed_ips[0]["ip_address"] = f"{prefix}.{100 + next(next_host) % 150}"
            changes["fixed_ips"] = fixed_ips
        neutron._ports[created["port"]["id"]].update(changes)
        created["port"].update(changes)
        return created

    neutron.create_port = create_port_for_project


def _reset_notifier_forever(nova: Any) -> None:
    while True:
        time.sleep(NOTIFIER_RESET_SECONDS)
        try:
            nova.notifier.reset()
        except Exception:  # a failed reset only costs memory
            logging.getLogger(__name__).exception("notifier reset failed")


def serve(port: int, state_dir: Path, keystone_conf: dict | None, template_dir: Path,
          schemas: dict[str, str] | None) -> None:
    from computeclient_sandbox import endpoints, fill

    nova = build_nova(state_dir, keystone_conf, template_dir, schemas)
    _after_setup(nova, state_dir)
    # Start-up objects live as long as the process: out of the collector's way.
    gc.freeze()
    gc.enable()

    if keystone_conf is None:
        def check_token(environ: dict) -> bool:
            return endpoints.token_identity(environ) is not None
    else:
        def check_token(environ: dict) -> bool:
            # Read-only lookups: any token is accepted; Nova itself validates.
            return bool(environ.get("HTTP_X_AUTH_TOKEN"))

    app = endpoints.Dispatcher(nova.api_fixture.app(), {
        "/image": endpoints.ImageAPI(nova.glance, check_token),
        "/networking": endpoints.NetworkAPI(nova.neutron, check_token),
    })
    server = endpoints.make_server(port, app)
    fill.serve_requests(nova, state_dir)
    threading.Thread(target=_reset_notifier_forever, args=(nova,), daemon=True).start()

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    (state_dir / "ready").write_text(str(os.getpid()))
    logging.getLogger(__name__).info("sandbox ready on 127.0.0.1:%s", port)
    # shutdown() takes effect at the next poll: `down` waits for it.
    server.serve_forever(poll_interval=0.05)
    # Nova's services hold non-daemon threads: leave without joining them.
    logging.shutdown()
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="computeclient_sandbox.nova_service")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--keystone-conf", type=Path,
                        help="JSON file of auth_token settings (keystone mode; holds a "
                             "password, so a file rather than an argument)")
    args = parser.parse_args(argv)
    # Before Nova's test base points HOME at a temporary directory.
    template_dir = template.nova_dir()
    schemas = template.read_nova_schemas(template_dir)
    _prepare_environment(args.state_dir, migrating=schemas is None)
    # Importing Nova creates millions of objects and no garbage worth
    # collecting: without the collector start-up takes a fifth less CPU.
    gc.disable()
    try:
        keystone_conf = (json.loads(args.keystone_conf.read_text())
                         if args.keystone_conf else None)
        serve(args.port, args.state_dir, keystone_conf, template_dir, schemas)
    except BaseException:
        # A failed setUp leaves threads that would hang the exit.
        traceback.print_exc(file=sys.__stderr__)
        if sys.__stderr__ is not None:
            sys.__stderr__.flush()
        os._exit(1)


if __name__ == "__main__":
    main()
