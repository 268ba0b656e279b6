"""Prepared start-up state in the user's cache, so `up` takes seconds.

The first `up` after an install migrates Nova's databases and bootstraps
Keystone, as before, and keeps the result here; later ones copy it. Each
template is keyed by the installed versions, so an upgrade builds a new one.

- nova-<versions>/: the migrated API and cell schemas (the SQL that Nova's
  own Database fixture replays instead of running the migrations);
- keystone-<version>/: keystone.db after bootstrap and catalog registration,
  with the URLs it was built for. A copy gets new passwords, new fernet
  and credential keys and its own URLs, so no secret is shared between
  sandboxes.

Set COMPUTE_SANDBOX_NO_TEMPLATE=1 to build from scratch every time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
from importlib import metadata
from pathlib import Path

NOVA_SCHEMAS = (("api", "api.sql"), ("main", "main.sql"))


def enabled() -> bool:
    return not os.environ.get("COMPUTE_SANDBOX_NO_TEMPLATE")


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "computeclient" / "sandbox-templates"


def _key(*dists: str) -> str:
    versions = "-".join(f"{d}{metadata.version(d)}" for d in dists)
    return f"{versions}-py{sys.version_info[0]}{sys.version_info[1]}"


def nova_dir() -> Path:
    return cache_root() / _key("nova", "openstack-placement")


def keystone_dir() -> Path:
    return cache_root() / _key("keystone")


def _write_atomically(path: Path, data: bytes) -> None:
    """Several sandboxes may build at once: readers see a whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _nova_db_schemas() -> dict:
    """nova.tests.fixtures.nova.DB_SCHEMA (the package re-exports a name `nova`)."""
    import importlib
    return importlib.import_module("nova.tests.fixtures.nova").DB_SCHEMA


def read_nova_schemas(folder: Path) -> dict[str, str] | None:
    """The migrated schemas kept in `folder`; None if there are none (or templates are off)."""
    if not enabled():
        return None
    try:
        return {name: (folder / file).read_text() for name, file in NOVA_SCHEMAS}
    except OSError:
        return None


def install_nova_schemas(scripts: dict[str, str]) -> None:
    """Put them where Nova's Database fixture looks: it replays them instead of migrating."""
    for name, script in scripts.items():
        _nova_db_schemas()[(name, None)] = script


def save_nova_schemas(folder: Path) -> None:
    """Keep the schemas Nova just migrated (its fixture dumped them to SQL)."""
    if not enabled():
        return
    for name, file in NOVA_SCHEMAS:
        script = _nova_db_schemas().get((name, None))
        if script:
            _write_atomically(folder / file, script.encode())


def keystone_ready() -> bool:
    folder = keystone_dir()
    return enabled() and (folder / "keystone.db").exists() and (folder / "urls.json").exists()


def save_keystone(home: Path, urls: dict[str, str]) -> None:
    """Copy a bootstrapped, registered keystone.db (consistently, while it serves)."""
    if not enabled():
        return
    folder = keystone_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".keystone.db.")
    os.close(fd)
    with sqlite3.connect(home / "keystone.db") as source, sqlite3.connect(tmp) as copy:
        source.backup(copy)
    os.replace(tmp, folder / "keystone.db")
    _write_atomically(folder / "urls.json", json.dumps(urls).encode())


def copy_keystone(home: Path, urls: dict[str, str], passwords: dict[str, str]) -> None:
    """A keystone home from the template: its own URLs, passwords and keys."""
    import bcrypt
    from cryptography.fernet import Fernet

    folder = keystone_dir()
    built_for = json.loads((folder / "urls.json").read_text())
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / "keystone.db", home / "keystone.db")
    os.chmod(home / "keystone.db", 0o600)
    with sqlite3.connect(home / "keystone.db") as db:
        for name, url in urls.items():
            db.execute("UPDATE endpoint SET url = ? WHERE url = ?", (url, built_for[name]))
        for user, password in passwords.items():
            # Keystone verifies bcrypt hashes itself ($2b$, 4 rounds as configured).
            hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode()
            db.execute("UPDATE password SET password_hash = ? WHERE local_user_id IN "
                       "(SELECT id FROM local_user WHERE name = ?)", (hashed, user))
    for keys in ("fernet-keys", "credential-keys"):
        repo = home / keys
        repo.mkdir(mode=0o700, exist_ok=True)
        for index in ("0", "1"):  # 0 is the staged key, 1 the primary
            _write_atomically(repo / index, Fernet.generate_key())
            os.chmod(repo / index, 0o600)
