"""`compute sandbox up|env|status|down`: a real Nova on 127.0.0.1, no credentials needed."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from computeclient_sandbox import state as state_mod

EXIT_NOT_RUNNING = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compute sandbox",
        description="Run a real Nova 34 (fake hypervisor, two compute hosts) on 127.0.0.1.")
    sub = parser.add_subparsers(dest="action", metavar="{up,env,status,down}")
    sub.required = True

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--state-dir", type=Path, default=state_mod.default_state_dir(),
                         help="Where the sandbox keeps its state (default: %(default)s).")
        return cmd

    up = add("up", "Start a sandbox in the background and wait until it answers.")
    up.add_argument("--port", type=int, default=8774, help="Port on 127.0.0.1 (default 8774).")
    up.add_argument("--keystone", action="store_true",
                    help="Authenticate through a real Keystone (a second process).")
    up.add_argument("--keystone-port", type=int, metavar="PORT",
                    help="With --keystone: Keystone's port on 127.0.0.1 (default: a free one).")
    up.add_argument("--token-cache-time", type=int, metavar="SECONDS",
                    help="With --keystone: how long Nova trusts a token it has checked "
                         "(keystonemiddleware's token_cache_time). Default: production's "
                         "300; -1 checks every token with Keystone, so a revoked token "
                         "is refused at once.")
    up.add_argument("--regions", type=int, default=1, metavar="N",
                    help="With --keystone: N regions (up to 4) in the one catalog, "
                         "RegionOne, RegionTwo, ..., each with a Nova of its own "
                         "(own port, databases and servers; for compute --all-regions).")
    up.add_argument("--servers", type=int, default=0, metavar="N",
                    help="Fill the cloud with N ACTIVE servers across both hosts "
                         "(sandbox-server-1..N, admin project, RegionOne; for scale tests).")
    env = add("env", "Print export lines for the running sandbox: eval \"$(compute sandbox env)\".")
    env.add_argument("--user", choices=["admin", "demo"], default="admin",
                     help="admin (admin role) or demo (a plain member). Default: admin.")
    env.add_argument("--cloud", action="store_true",
                     help="Print OS_CLOUD and OS_CLIENT_CONFIG_FILE (the sandbox's "
                          "clouds.yaml) instead of the OS_* credentials.")
    add("status", "Say whether a sandbox runs, with its endpoint, pid and uptime.")
    add("down", "Stop the sandbox and remove its state.")
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"ERROR: {message}", file=sys.stderr)
    return code


def _up(args: argparse.Namespace) -> int:
    from computeclient_sandbox import control

    if not 1 <= args.port <= 65535:
        return _fail(f"--port {args.port} is not a port number")
    if args.keystone_port is not None and not 1 <= args.keystone_port <= 65535:
        return _fail(f"--keystone-port {args.keystone_port} is not a port number")
    if args.servers < 0:
        return _fail(f"--servers {args.servers}: give a number of servers, 0 or more")
    try:
        state = control.start(args.state_dir, args.port, keystone=args.keystone,
                              token_cache_time=args.token_cache_time, regions=args.regions,
                              keystone_port=args.keystone_port)
    except control.SandboxError as exc:
        return _fail(str(exc))
    if args.servers:
        failed = _fill(state, args.servers)
        if failed:
            return failed
    mode = ("Keystone at " + state["auth_url"] if args.keystone
            else "token auth: admin:admin or demo:demo")
    state_arg = _state_dir_arg(args)
    print(f"Nova sandbox ready: {state['endpoint']} ({mode}), pid {state['pid']}\n"
          f"Use it with:  eval \"$(compute sandbox env{state_arg})\"  then  compute list\n"
          f"clouds.yaml:  {control.clouds_yaml_path(Path(state['state_dir']))} (clouds "
          f"sandbox-admin, sandbox-demo; eval \"$(compute sandbox env --cloud{state_arg})\")\n"
          f"Stop it with: compute sandbox down{state_arg}")
    return 0


def _state_dir_arg(args: argparse.Namespace) -> str:
    """` --state-dir X` for a suggested command, when X is not the default."""
    if args.state_dir == state_mod.default_state_dir():
        return ""
    return f" --state-dir {shlex.quote(str(args.state_dir))}"


def _fill(state: dict, count: int) -> int:
    """0 once the sandbox holds `count` servers; else the error (the sandbox keeps running)."""
    from computeclient import exceptions
    from computeclient_sandbox import Sandbox, fill

    sandbox = Sandbox(port=state["port"], keystone=state["mode"] == "keystone",
                      state_dir=state["state_dir"])
    sandbox.state = state
    try:
        fill.request(sandbox, count)
    except (fill.FillError, exceptions.ComputeClientError) as exc:
        return _fail(f"The sandbox runs, but --servers {count} failed: {exc}")
    return 0


def _env(args: argparse.Namespace) -> int:
    from computeclient_sandbox import control

    state = state_mod.running_state(args.state_dir)
    if state is None:
        return _fail(f"No sandbox is running from {args.state_dir}; start one with "
                     f"'compute sandbox up{_state_dir_arg(args)}'")
    if args.cloud:
        # Every OS_* credential variable would override the file: unset them all.
        unset = {*control.OTHER_MODE_VARIABLES["token"], *control.OTHER_MODE_VARIABLES["keystone"]}
        print("unset " + " ".join(sorted(unset | {"OS_AUTH_TYPE"})))
        variables = control.cloud_env(state, args.user)
    else:
        print("unset " + " ".join(control.OTHER_MODE_VARIABLES[state["mode"]]))
        variables = control.env(state, args.user)
    for name, value in variables.items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from computeclient_sandbox import control

    state = state_mod.running_state(args.state_dir)
    if state is None:
        print(f"not running (state dir {args.state_dir})")
        return EXIT_NOT_RUNNING
    minutes, seconds = divmod(int(control.uptime(state)), 60)
    hours, minutes = divmod(minutes, 60)
    print(f"running\n  mode:     {state['mode']}\n  endpoint: {state['endpoint']}\n"
          f"  pid:      {state['pid']}\n  uptime:   {hours}:{minutes:02d}:{seconds:02d}\n"
          f"  state:    {state['state_dir']}")
    if state.get("auth_url"):
        print(f"  keystone: {state['auth_url']} (pid {state['keystone_pid']})")
    if state.get("more_regions"):
        print(f"  region:   {state['regions'][0]} {state['endpoint']} (pid {state['pid']})")
    for nova in state.get("more_regions", []):
        alive = state_mod.same_process(nova["pid"], nova.get("pid_started"))
        print(f"  region:   {nova['region']} {nova['endpoint']} (pid {nova['pid']}"
              f"{'' if alive else ', not running'})")
    return 0


def _down(args: argparse.Namespace) -> int:
    from computeclient_sandbox import control

    stopped = control.stop(args.state_dir)
    if stopped is None:
        print(f"No sandbox was running from {args.state_dir}; nothing to stop.")
    else:
        regions = stopped.get("regions") or []
        also = f" (regions {', '.join(regions)})" if len(regions) > 1 else ""
        print(f"Sandbox on {stopped['endpoint']}{also} stopped; state removed.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    from computeclient_sandbox import control

    try:
        # Every action, not only `up`: without the extra none can be useful.
        control.check_installed(keystone=getattr(args, "keystone", False))
    except control.SandboxError as exc:
        return _fail(str(exc))
    return {"up": _up, "env": _env, "status": _status, "down": _down}[args.action](args)


if __name__ == "__main__":
    sys.exit(main())
