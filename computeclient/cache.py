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

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from computeclient import cache_shapes

NAMES_KEPT = 500
#: Seconds a run waits for another one authenticating the same credentials.
LOCK_WAIT = 30.0
NAME_KINDS = ("servers", "flavors")


#: The largest cache file read; a token with a big catalog is a few hundred KB.
MAX_FILE_BYTES = 4 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_TOO_LARGE = f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"
#: The warning of this run, once said (a run reads several cache files).
_warned: list[str] = []


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "computeclient"


def warn(message: str) -> None:
    """One warning line a run: the first problem says the cache is off or healing."""
    if _warned:
        return
    _warned.append(message)
    print(f"WARNING: {message}", file=sys.stderr)


def _open_dir(path: Path) -> int:
    """A descriptor of directory `path` itself: OSError if it is a symbolic link
    (ELOOP), not a directory, or not there."""
    return os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | os.O_CLOEXEC)


def secure_dir(path: Path | None = None) -> Path | None:
    """The cache directory, created 0700; None (after a warning) if it is not ours
    or is a symbolic link (never followed, chmodded or written into)."""
    path = path or cache_dir()
    if path.is_symlink():
        warn(f"cache directory {path} is a symbolic link; not used")
        return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = _open_dir(path)
    except OSError as exc:
        warn(f"cache directory {path} cannot be used ({exc.strerror}); running without it")
        return None
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid():
            warn(f"cache directory {path} belongs to another user; not used")
            return None
        if stat.S_IMODE(info.st_mode) & 0o077:
            try:
                os.fchmod(fd, 0o700)  # ours: close it rather than refuse
            except OSError:
                warn(f"cache directory {path} is open to others and cannot be closed; "
                     f"not used")
                return None
    finally:
        os.close(fd)
    return path


def _refusal(info: os.stat_result) -> str | None:
    """Why a cache file may not be used, or None."""
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_uid != os.getuid():
        return "belongs to another user"
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return f"is readable by others (mode {mode:04o})"
    if info.st_size > MAX_FILE_BYTES:
        return _TOO_LARGE
    return None


def read_private(path: Path, valid: Callable[[str], bool] | None = None) -> str | None:
    """A cache file's text, or None: absent, or refused with a warning (a symbolic
    link, in a symbolically linked directory, not a regular file, not ours, readable
    by others, too large, not UTF-8, or not of the shape `valid` checks). A refused
    file is treated as absent; the next write replaces it."""
    try:
        dir_fd = _open_dir(path.parent)
    except OSError:
        return None  # secure_dir already said why
    try:
        try:
            fd = os.open(path.name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                         dir_fd=dir_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            failure = "is a symbolic link" if exc.errno == errno.ELOOP \
                else f"cannot be read ({exc.strerror})"
            warn(f"cache file {path} {failure}; not used (a fresh one replaces it)")
            return None
    finally:
        os.close(dir_fd)
    why = _refusal(os.fstat(fd))
    data = b""
    if why:
        os.close(fd)  # not fdopen: it refuses a directory itself
    else:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    if not why and len(data) > MAX_FILE_BYTES:  # grew while read
        why = _TOO_LARGE
    text = None
    if not why:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            why = "is not text"
    if text is not None and valid is not None and not valid(text):
        why = "is damaged or of another version"
    if why:
        warn(f"cache file {path} {why}; not used (a fresh one replaces it)")
        return None
    return text


def write_private(path: Path, text: str) -> None:
    """Atomically (a new file renamed over the old), mode 0600, never through a
    symbolic link; a cache that cannot be written is only a slower run."""
    try:
        dir_fd = _open_dir(path.parent)
    except OSError:
        return
    tmp = f".tmp-{secrets.token_hex(8)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC,
                     0o600, dir_fd=dir_fd)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
    finally:
        os.close(dir_fd)


def remove_private(path: Path) -> None:
    """Remove a cache file (a symbolic link itself, never its target)."""
    try:
        dir_fd = _open_dir(path.parent)
    except OSError:
        return
    try:
        os.unlink(path.name, dir_fd=dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


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
            self._read = (read_private(self.path, cache_shapes.token_state),)
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
            remove_private(self.path)
        self.loaded = state

    @contextlib.contextmanager
    def locked(self, wait: float = LOCK_WAIT) -> Iterator[bool]:
        """Hold token-KEY.lock while authenticating these credentials, so that
        runs started together on a cold cache authenticate once: the others
        wait here, then find the token the first one saved. Yields whether the
        lock is held (not after `wait` seconds, nor where it cannot be made)."""
        import fcntl

        try:
            dir_fd = _open_dir(self.path.parent)
        except OSError:
            yield False
            return
        try:
            fd = os.open(f"{self.path.stem}.lock",
                         os.O_RDWR | os.O_CREAT | _NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
        except OSError:
            yield False
            return
        finally:
            os.close(dir_fd)
        try:
            give_up = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = True
                    break
                except OSError:
                    held = False
                    if time.monotonic() >= give_up:
                        break
                    time.sleep(0.05)
            yield held
        finally:
            os.close(fd)  # releases the lock


def remember_names(kind: str, names: Iterable[str], directory: Path | None = None,
                   replace: bool = False) -> None:
    """Put names first in the list completion offers for `kind` (servers, flavors);
    `replace`: these are all there are (a whole listing), forget the others."""
    directory = directory or secure_dir()
    if directory is None:
        return
    path = directory / f"names-{kind}"
    fresh = [n for n in dict.fromkeys(names) if n and "\n" not in n]
    if not fresh and not replace:
        return
    old = [] if replace else (read_private(path, cache_shapes.names) or "").splitlines()
    kept = fresh + [n for n in old if n not in fresh]
    write_private(path, "\n".join(kept[:NAMES_KEPT]) + "\n")


def _own_files(directory: Path) -> list[str]:
    """The names in the cache directory this module writes (the sandbox's start-up
    templates share the directory and stay); none in a symbolically linked one."""
    try:
        dir_fd = _open_dir(directory)
    except OSError:
        return []
    try:
        names = os.listdir(dir_fd)
    finally:
        os.close(dir_fd)
    return sorted(n for n in names
                  if n.startswith(("token-", "names-", ".tmp-")) or n == "versions.json")


def clear(directory: Path | None = None) -> list[Path]:
    """Remove tokens, names and microversion ranges; the files removed. A symbolic
    link is removed itself, never its target; a linked directory is left alone."""
    directory = directory or cache_dir()
    removed = [directory / name for name in _own_files(directory)]
    for path in removed:
        remove_private(path)
    return removed


def _count_versions(directory: Path) -> int:
    """How many endpoints' microversion ranges versions.json holds."""
    import json
    text = read_private(directory / "versions.json", cache_shapes.versions)
    try:
        return len(json.loads(text)) if text else 0
    except ValueError:
        return 0


def describe(directory: Path | None = None) -> dict[str, Any]:
    """What the cache holds, for `compute cache show` (no token is printed)."""
    directory = directory or cache_dir()
    files = _own_files(directory)
    names = {kind: len((read_private(directory / f"names-{kind}", cache_shapes.names)
                        or "").splitlines()) for kind in NAME_KINDS}
    return {"directory": str(directory),
            "tokens": sum(n.startswith("token-") and n.endswith(".json") for n in files),
            "microversion ranges": _count_versions(directory) if "versions.json" in files else 0,
            **{f"{kind} names": count for kind, count in names.items()}}
