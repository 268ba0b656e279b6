"""Where a sandbox keeps its state, and how to tell whether one runs.

The state dir holds state.json (pids, port, mode, credentials; mode 0600),
the sqlite files, Keystone's keys and the logs.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

STATE_FILE = "state.json"


def default_state_dir() -> Path:
    if os.environ.get("COMPUTE_SANDBOX_DIR"):
        return Path(os.environ["COMPUTE_SANDBOX_DIR"])
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state")
    return Path(base) / "computeclient" / "sandbox"


def read_state(state_dir: Path) -> dict[str, Any] | None:
    try:
        with open(state_dir / STATE_FILE, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def make_private_dir(path: Path) -> None:
    """Create (or narrow) a directory to mode 0700: it holds logs and passwords."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def open_private_log(path: Path) -> Any:
    """Open a log for appending, readable by the owner only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "ab")


#: The sandbox's processes create every file (sqlite, logs, keys) owner-only.
PRIVATE_UMASK = 0o077


def write_state(state_dir: Path, state: dict[str, Any]) -> None:
    """Atomically, readable by the owner only: it holds passwords."""
    make_private_dir(state_dir)
    fd, tmp = tempfile.mkstemp(dir=state_dir, prefix=".state.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, state_dir / STATE_FILE)


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def process_started(pid: int | None) -> str | None:
    """The kernel's start time of `pid` (None where /proc cannot tell).

    Stored next to each pid so that a pid reused after a crash or reboot is
    never taken for the sandbox, nor sent a signal.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(") ", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def same_process(pid: int | None, started: str | None) -> bool:
    """Alive, and the very process recorded (when a start time was recorded)."""
    if not pid_alive(pid):
        return False
    now = process_started(pid) if started else None
    return now is None or now == started


def running_state(state_dir: Path) -> dict[str, Any] | None:
    """The state of a sandbox whose process is alive, else None."""
    state = read_state(state_dir)
    if state and same_process(state.get("pid"), state.get("pid_started")):
        return state
    return None


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_pid(pid: int | None, timeout: float = 15.0, started: str | None = None) -> None:
    """SIGTERM, a bounded wait, then SIGKILL (only to the process recorded)."""
    if pid is None or not same_process(pid, started):
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                return
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.02)


def tail(path: Path, lines: int = 25) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return "(no log)"
