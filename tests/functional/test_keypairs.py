"""Keypair commands on real Nova: types, other users' keys, paging, generated keys."""

from __future__ import annotations

import datetime
import json
import os


def _ssh_public_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode() + " test@ra"


def _x509_certificate() -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ra-test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def show(compute, *args, user="admin"):
    return json.loads(compute(*args, "-f", "json", user=user).stdout)


def test_import_ssh_key_from_file(compute, cs, tmp_path):
    path = tmp_path / "id.pub"
    path.write_text(_ssh_public_key() + "\n")
    added = show(compute, "keypair-add", "ra-ssh", "--pub-key", str(path))
    try:
        held = cs.keypairs.get("ra-ssh")
        assert held.type == "ssh" and held.public_key == path.read_text().strip()
        assert added["fingerprint"] == held.fingerprint
    finally:
        compute("keypair-delete", "ra-ssh")
    assert "ra-ssh" not in [k.name for k in cs.keypairs.list()]


def test_x509_type(compute, cs, tmp_path):
    path = tmp_path / "cert.pem"
    path.write_text(_x509_certificate())
    compute("keypair-add", "ra-x509", "--key-type", "x509", "--pub-key", str(path))
    try:
        assert cs.keypairs.get("ra-x509").type == "x509"
        listed = show(compute, "keypair-list")
        assert {"Name": "ra-x509", "Type": "x509"}.items() <= next(
            k for k in listed if k["Name"] == "ra-x509").items()
    finally:
        compute("keypair-delete", "ra-x509")


def test_admin_acts_for_another_user(compute, cs):
    compute("keypair-add", "ra-demo-key", "--pub-key", _ssh_public_key(), "--user", "demo")
    try:
        assert "ra-demo-key" not in [k.name for k in cs.keypairs.list()]
        assert [k.name for k in cs.keypairs.list(user_id="demo")] == ["ra-demo-key"]
        mine = show(compute, "keypair-list", user="demo")
        assert [k["Name"] for k in mine] == ["ra-demo-key"]
        shown = show(compute, "keypair-show", "ra-demo-key", "--user", "demo")
        assert shown["user_id"] == "demo"
    finally:
        compute("keypair-delete", "ra-demo-key", "--user", "demo")
    assert cs.keypairs.list(user_id="demo") == []


def test_paging(compute, cs):
    names = [f"ra-page-{i}" for i in range(3)]
    for name in names:
        cs.keypairs.create(name, public_key=_ssh_public_key())
    try:
        first = show(compute, "keypair-list", "--limit", "2")
        rest = show(compute, "keypair-list", "--marker", first[-1]["Name"])
        assert len(first) == 2
        assert sorted(k["Name"] for k in first + rest) == sorted(
            k.name for k in cs.keypairs.list())
        old = compute("--os-compute-api-version", "2.34", "keypair-list", "--limit", "1",
                      ok=False)
        assert old.returncode == 1  # --limit exists from 2.35 only, and says so
        assert "--limit needs microversion >= 2.35; this session speaks 2.34" in old.stderr
    finally:
        compute("keypair-delete", *names)


def test_generated_key_before_2_92_goes_to_a_private_file(compute, cs, tmp_path):
    private = tmp_path / "ra-gen.pem"
    added = compute("--os-compute-api-version", "2.91", "keypair-add", "ra-gen",
                    "--private-key-file", str(private), "-f", "json")
    try:
        assert "PRIVATE KEY" not in added.stdout + added.stderr
        assert "PRIVATE KEY" in private.read_text()
        assert oct(os.stat(private).st_mode & 0o777) == "0o600"
        assert cs.keypairs.get("ra-gen").public_key.startswith("ssh-rsa ")
    finally:
        compute("keypair-delete", "ra-gen")


def test_public_key_required_from_2_92(compute, cs):
    result = compute("keypair-add", "ra-nokey", ok=False)
    assert result.returncode == 1 and "--pub-key is required" in result.stderr
    assert "ra-nokey" not in [k.name for k in cs.keypairs.list()]


def test_non_admin_cannot_act_for_others(compute):
    result = compute("keypair-list", "--user", "admin", user="demo", ok=False)
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR (Forbidden):") and result.stderr.count("\n") == 1
