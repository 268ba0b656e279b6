"""The shell's per-user cache: Keystone tokens and recently seen names.

Lives in $XDG_CACHE_HOME/computeclient (else ~/.cache/computeclient),
directory 0700, files 0600. A token is a credential: a directory owned by
someone else, or a token file that others could read, is refused with a
one-line warning and never used. Files are keyed by a hash of the auth
parameters; the password or secret itself is never written, only the auth
state keystoneauth1 hands back (token, expiry, catalog).

Only the shell uses this (`--no-cache` or COMPUTECLIENT_NO_CACHE=1 turn it
off, `compute cache clear` empties it); library users get no disk writes.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable

NAMES_KEPT = 500
NAME_KINDS = ("servers", "flavors")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "computeclient"


def warn(message: str) -> None:
    print(f"WARNING: {message}", file=sys.stderr)


def secure_dir(path: Path | None = None) -> Path | None:
    """The cache directory, created 0700; None (after a warning) if it is not ours."""
    path = path or cache_dir()
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError as exc:
        warn(f"cache directory {path} cannot be used ({exc.strerror}); running without it")
        return None
    if info.st_uid != os.getuid():
        warn(f"cache directory {path} belongs to another user; not used")
        return None
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            os.chmod(path, 0o700)  # ours: close it rather than refuse
        except OSError:
            warn(f"cache directory {path} is open to others and cannot be closed; not used")
            return None
    return path


def read_private(path: Path) -> str | None:
    """A file's text if it is ours and 0600 (else a warning); None if absent."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        warn(f"cache file {path} cannot be read ({exc.strerror}); not used")
        return None
    with os.fdopen(fd, encoding="utf-8") as handle:
        info = os.fstat(handle.fileno())
        mode = stat.S_IMODE(info.st_mode)
        if info.st_uid != os.getuid() or mode & 0o077:
            who = "belongs to another user" if info.st_uid != os.getuid() \
                else f"is readable by others (mode {mode:04o})"
            warn(f"cache file {path} {who}; not used (a fresh one replaces it)")
            return None
        try:
            return handle.read()
        except (OSError, UnicodeDecodeError):
            return None


def write_private(path: Path, text: str) -> None:
    """Atomically, mode 0600; a cache that cannot be written is only a slower run."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # mkstemp: 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        pass


def auth_key(auth_type: str, options: dict[str, Any]) -> str:
    """A hash of every auth parameter (secrets included, so a changed password or
    secret gets its own entry); only the hash reaches the disk."""
    hasher = hashlib.sha256(f"{auth_type}\0".encode())
    for name, value in sorted(options.items()):
        if value not in (None, ""):
            hasher.update(f"{name}\0{value}\0".encode())
    return hasher.hexdigest()[:40]


class TokenCache:
    """keystoneauth1 auth state (get_auth_state/set_auth_state) of one set of credentials."""

    def __init__(self, key: str, directory: Path) -> None:
        self.path = directory / f"token-{key}.json"
        self.loaded: str | None = None
        self._read: tuple[str | None] | None = None

    def read(self) -> str | None:
        """The cached state, read (and warned about) once however often asked."""
        if self._read is None:
            self._read = (read_private(self.path),)
        return self._read[0]

    @classmethod
    def open(cls, key: str) -> TokenCache | None:
        directory = secure_dir()
        return cls(key, directory) if directory else None

    def restore(self, auth: Any) -> bool:
        """Give `auth` the cached token; keystoneauth1 re-authenticates when it expires."""
        state = self.read()
        if not state:
            return False
        try:
            auth.set_auth_state(state)
        except (ValueError, KeyError, TypeError):
            return False  # not a state we can read: authenticate afresh
        self.loaded = state
        return True

    def save(self, auth: Any) -> None:
        """Keep the state if it changed (new or re-authenticated); drop a rejected one."""
        state = auth.get_auth_state()
        if state == self.loaded:
            return
        if state:
            write_private(self.path, state)
        else:
            try:
                self.path.unlink()
            except OSError:
                pass


def remember_names(kind: str, names: Iterable[str], directory: Path | None = None) -> None:
    """Put names first in the list completion offers for `kind` (servers, flavors)."""
    directory = directory or secure_dir()
    if directory is None:
        return
    path = directory / f"names-{kind}"
    fresh = [n for n in dict.fromkeys(names) if n and "\n" not in n]
    if not fresh:
        return
    old = (read_private(path) or "").splitlines()
    kept = fresh + [n for n in old if n not in fresh]
    write_private(path, "\n".join(kept[:NAMES_KEPT]) + "\n")


def clear(directory: Path | None = None) -> list[Path]:
    """Remove tokens, names and microversion ranges; the files removed.

    Other tenants of the directory (the sandbox's start-up templates) stay.
    """
    directory = directory or cache_dir()
    if not directory.is_dir():
        return []
    removed = [f for f in directory.iterdir() if f.is_file() and (
        f.name.startswith(("token-", "names-", ".tmp-")) or f.name == "versions.json")]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def describe(directory: Path | None = None) -> dict[str, Any]:
    """What the cache holds, for `compute cache show` (no token is printed)."""
    directory = directory or cache_dir()
    files = sorted(directory.iterdir()) if directory.is_dir() else []
    tokens = [f for f in files if f.name.startswith("token-")]
    names = {kind: len((directory / f"names-{kind}").read_text().splitlines())
             if (directory / f"names-{kind}").exists() else 0 for kind in NAME_KINDS}
    return {"directory": str(directory), "tokens": len(tokens),
            "versions": (directory / "versions.json").exists(),
            **{f"{kind} names": count for kind, count in names.items()}}
