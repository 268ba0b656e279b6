"""The sandbox's start-up template: configuration documented, copies that share no secret."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from computeclient_sandbox import nova_config, template

bcrypt = pytest.importorskip("bcrypt")  # installed with the sandbox extra

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"


def test_every_configuration_difference_is_documented():
    text = DOCS.read_text()
    for group, name, _value in nova_config.RESTORED + nova_config.LAPTOP + nova_config.KEPT:
        assert f"`{name}`" in text or f"{name}`" in text, name
        if group:
            assert f"[{group}]" in text, group


def _built_template(cache: Path) -> dict[str, str]:
    folder = template.keystone_dir()
    folder.mkdir(parents=True)
    urls = {"identity": "http://127.0.0.1:1000/v3", "compute": "http://127.0.0.1:2000/v2.1"}
    with sqlite3.connect(folder / "keystone.db") as db:
        db.execute("CREATE TABLE endpoint (id TEXT, url TEXT)")
        db.execute("CREATE TABLE local_user (id INTEGER, name TEXT)")
        db.execute("CREATE TABLE password (local_user_id INTEGER, password_hash TEXT)")
        db.executemany("INSERT INTO endpoint VALUES (?, ?)",
                       [("a", urls["identity"]), ("b", urls["identity"]),
                        ("c", urls["compute"])])
        db.executemany("INSERT INTO local_user VALUES (?, ?)", [(1, "admin"), (2, "demo")])
        db.executemany("INSERT INTO password VALUES (?, ?)", [(1, "old"), (2, "old")])
    (folder / "urls.json").write_text(json.dumps(urls))
    return urls


def test_a_keystone_copy_gets_its_own_urls_passwords_and_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COMPUTE_SANDBOX_NO_TEMPLATE", raising=False)
    assert not template.keystone_ready()
    _built_template(tmp_path / "cache")
    assert template.keystone_ready()
    new_urls = {"identity": "http://127.0.0.1:3000/v3", "compute": "http://127.0.0.1:4000/v2.1"}
    homes = [tmp_path / "one", tmp_path / "two"]
    for home in homes:
        template.copy_keystone(home, new_urls, {"admin": "s3cret-a", "demo": "s3cret-d"})
    with sqlite3.connect(homes[0] / "keystone.db") as db:
        assert sorted(u for (u,) in db.execute("SELECT url FROM endpoint")) == sorted(
            [new_urls["compute"], new_urls["identity"], new_urls["identity"]])
        hashes = dict(db.execute("SELECT name, password_hash FROM local_user "
                                 "JOIN password ON local_user_id = id"))
    assert bcrypt.checkpw(b"s3cret-a", hashes["admin"].encode())
    assert bcrypt.checkpw(b"s3cret-d", hashes["demo"].encode())
    for keys in ("fernet-keys", "credential-keys"):
        first = [(homes[0] / keys / i).read_bytes() for i in ("0", "1")]
        second = [(homes[1] / keys / i).read_bytes() for i in ("0", "1")]
        assert len(set(first + second)) == 4  # never shared, never reused
        assert stat.S_IMODE((homes[0] / keys / "1").stat().st_mode) == 0o600


def test_nova_schemas_round_trip_and_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    schemas: dict = {("api", None): "CREATE TABLE a (x);", ("main", None): "CREATE TABLE m (y);"}
    monkeypatch.setattr(template, "_nova_db_schemas", lambda: schemas)
    template.save_nova_schemas(template.nova_dir())
    schemas.clear()
    template.install_nova_schemas(template.read_nova_schemas(template.nova_dir()) or {})
    assert schemas[("main", None)] == "CREATE TABLE m (y);"
    monkeypatch.setenv("COMPUTE_SANDBOX_NO_TEMPLATE", "1")
    assert template.read_nova_schemas(template.nova_dir()) is None
