"""Why a sandbox did not start, in one screen: each service's first exception.

A service that dies at start-up leaves its traceback in its own log, often
under later noise (a chained ImportError, warnings, Nova's own log lines).
The first exception is the cause worth reading: its type, message and the
module that raised it are pulled out of every log the start wrote, and the
state directory is named so the whole logs can be read.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from computeclient_sandbox import state as state_mod

#: The logs a start writes in the state directory, and whose they are.
SERVICE_LOGS = (
    ("Nova", "server.log"), ("Nova", "nova.log"),
    ("Keystone", "keystone-setup.log"), ("Keystone", "keystone-server.log"),
    ("Keystone", "keystone.log"),
)

_TRACEBACK = "Traceback (most recent call last):"
_FRAME = re.compile(r'^\s+File "([^"]+)", line (\d+)')


def module_of(path: str) -> str:
    """The dotted module of a traceback's file path, as far as the path tells it.

    Example: ``module_of(".../site-packages/OpenSSL/crypto.py")`` -> ``"OpenSSL.crypto"``
    """
    parts = PurePosixPath(path).parts
    roots = [i for i, part in enumerate(parts)
             if part in ("site-packages", "dist-packages") or re.fullmatch(r"python3\.\d+", part)]
    if roots:
        names = list(parts[max(roots) + 1:])
    elif ours := [i for i, part in enumerate(parts)
                  if part in ("computeclient", "computeclient_sandbox")]:  # a checkout
        names = list(parts[ours[0]:])
    else:
        names = list(parts[-2:] if parts[-1] == "__init__.py" else parts[-1:])
    names[-1] = names[-1].removesuffix(".py")
    if names[-1] == "__init__" and len(names) > 1:
        names.pop()
    return ".".join(names)


def first_exception(text: str) -> str | None:
    """'Type: message (raised in module)' of the first traceback in `text`, or None.

    Log formatters may put a prefix (time, level, logger) before every line of
    a traceback: the prefix of the 'Traceback' line is taken off the lines
    after it.

    Example: ``first_exception(log_text)`` ->
    ``"AttributeError: module 'lib' has no attribute 'GEN_EMAIL' (raised in OpenSSL.crypto)"``
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.endswith(_TRACEBACK):
            continue
        prefix = line[: -len(_TRACEBACK)]
        raised_in = None
        for frame_line in lines[index + 1:]:
            if prefix and frame_line.startswith(prefix):
                frame_line = frame_line[len(prefix):]
            frame = _FRAME.match(frame_line)
            if frame:
                if not frame.group(1).startswith("<"):  # not <frozen importlib._bootstrap>
                    raised_in = module_of(frame.group(1))
                continue
            if not frame_line.strip() or frame_line[0].isspace():
                continue  # source lines, carets
            where = f" (raised in {raised_in})" if raised_in else ""
            return f"{frame_line.strip()}{where}"
    return None


def explain(reason: object, state_dir: Path) -> str:
    """The message of a failed start: the reason, each service's first exception, the logs.

    Where no log holds a traceback, the last lines of the newest log stand in.
    """
    logs = [(service, state_dir / name) for service, name in SERVICE_LOGS]
    for home in sorted((state_dir / "regions").glob("*")):  # a further region's Nova
        logs += [(f"{home.name} Nova", home / name)
                 for service, name in SERVICE_LOGS if service == "Nova"]
    found = []
    for service, path in logs:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        cause = first_exception(text)
        if cause:
            found.append(f"{service}'s first exception ({path}): {cause}")
    message = [f"The sandbox did not start: {reason}", *found]
    if not found:
        written = [path for _, path in logs if path.exists()]
        if written:
            newest = max(written, key=lambda p: p.stat().st_mtime)
            message.append(f"--- last lines of {newest} ---\n{state_mod.tail(newest).rstrip()}")
    message.append(f"Its logs and state are kept in {state_dir}")
    return "\n".join(message)

