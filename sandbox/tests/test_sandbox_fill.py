"""`sandbox up --servers N`: how a seed server's rows become a copy's."""

from __future__ import annotations

import pytest

from computeclient_sandbox import fill

sa = pytest.importorskip("sqlalchemy")  # installed with the sandbox extra

SEED = "11111111-2222-3333-4444-555555555555"
COPY = "99999999-8888-7777-6666-555555555555"
META = sa.MetaData()
INSTANCES = sa.Table("instances", META, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("uuid", sa.String(36)), sa.Column("display_name", sa.String),
                     sa.Column("hostname", sa.String), sa.Column("host", sa.String))
BDMS = sa.Table("block_device_mapping", META, sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("uuid", sa.String(36)), sa.Column("instance_uuid", sa.String(36)))
SPECS = sa.Table("request_specs", META, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("instance_uuid", sa.String(36)), sa.Column("spec", sa.Text))


def test_a_copy_has_its_own_uuid_name_and_row_ids():
    row = {"id": 7, "uuid": SEED, "display_name": "sandbox-server-1",
           "hostname": "sandbox-server-1", "host": "compute1"}
    copied = fill._copied(INSTANCES, row, SEED, COPY, "sandbox-server-1", "sandbox-server-9")
    assert copied == {"uuid": COPY, "display_name": "sandbox-server-9",
                      "hostname": "sandbox-server-9", "host": "compute1"}


def test_uuids_inside_other_rows_follow_the_copy():
    spec = {"id": 3, "instance_uuid": SEED, "spec": f'{{"instance_uuid": "{SEED}"}}'}
    assert fill._copied(SPECS, spec, SEED, COPY, None, "x") == {
        "instance_uuid": COPY, "spec": f'{{"instance_uuid": "{COPY}"}}'}
    bdm = fill._copied(BDMS, {"id": 1, "uuid": SEED, "instance_uuid": SEED}, SEED, COPY,
                       None, "x")
    assert bdm["instance_uuid"] == COPY and bdm["uuid"] not in (SEED, COPY)


def test_rows_are_copied_once_per_copy_in_one_database():
    engine = sa.create_engine("sqlite://")
    META.create_all(engine)
    with engine.begin() as conn:
        conn.execute(INSTANCES.insert(), [{"uuid": SEED, "display_name": "s1",
                                           "hostname": "s1", "host": "compute2"}])
        conn.execute(BDMS.insert(), [{"uuid": "b", "instance_uuid": SEED}])
    copies = [(f"{n:08d}-0000-0000-0000-000000000000", f"sandbox-server-{n}") for n in (3, 4)]
    fill._copy_rows(engine.begin(), META, SEED, copies)
    with engine.connect() as conn:
        names = sorted(r.display_name for r in conn.execute(sa.select(INSTANCES)))
        bdm_owners = sorted(r.instance_uuid for r in conn.execute(sa.select(BDMS)))
    assert names == ["s1", "sandbox-server-3", "sandbox-server-4"]
    assert bdm_owners == sorted([SEED] + [c[0] for c in copies])


def test_a_fill_request_is_served_once(tmp_path, monkeypatch):
    """A second SIGUSR1 (or a stray one) must not copy the seeds again: every
    name would then belong to two servers."""
    calls = []
    monkeypatch.setattr(fill, "clone", lambda nova, seeds, count, first:
                        calls.append((seeds, count, first)) or count)
    (tmp_path / fill.REQUEST_FILE).write_text('{"seeds": ["a", "b"], "count": 4, "first": 3}')
    fill._run(object(), tmp_path)
    fill._run(object(), tmp_path)
    assert calls == [(["a", "b"], 4, 3)]
    assert (tmp_path / fill.RESULT_FILE).read_text() == '{"made": 4}'
    assert sorted(p.name for p in tmp_path.iterdir()) == [fill.RESULT_FILE]


def test_an_unreadable_fill_request_is_reported_to_the_client(tmp_path):
    (tmp_path / fill.REQUEST_FILE).write_text("{not json")
    fill._run(object(), tmp_path)
    assert "error" in (tmp_path / fill.RESULT_FILE).read_text()
