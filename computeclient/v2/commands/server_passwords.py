"""Admin passwords: get-password, set-password, clear-password."""

from __future__ import annotations

import argparse
import base64
import binascii
import getpass
import sys
from typing import Any

from computeclient import cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.v2.commands.servers import find_server


def decrypt_password(encrypted: str, private_key_file: str) -> str:
    """Decrypt what the guest posted: base64 of RSA PKCS#1 v1.5 ciphertext made
    with the keypair's public key. Uses `cryptography` when installed, else the
    `openssl` program, so neither is a hard dependency."""
    try:
        ciphertext = base64.b64decode(encrypted, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise exceptions.CommandError("The stored password is not base64; cannot decrypt it") \
            from exc
    try:
        with open(private_key_file, "rb") as handle:
            key_bytes = handle.read()
    except OSError as exc:
        raise exceptions.CommandError(
            f"Cannot read private key {private_key_file}: {exc.strerror}") from exc
    try:
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import padding
    except ImportError:
        return _decrypt_with_openssl(ciphertext, private_key_file)
    try:
        key: object = serialization.load_pem_private_key(key_bytes, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        try:
            key = serialization.load_ssh_private_key(key_bytes, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise exceptions.CommandError(
                f"{private_key_file} is not an unencrypted RSA private key") from exc
    from cryptography.hazmat.primitives.asymmetric import rsa
    if not isinstance(key, rsa.RSAPrivateKey):
        raise exceptions.CommandError(f"{private_key_file} is not an unencrypted RSA private key")
    try:
        plain = key.decrypt(ciphertext, padding.PKCS1v15())
    except (ValueError, AttributeError) as exc:
        raise exceptions.CommandError(_wrong_key(private_key_file)) from exc
    return readable_password(plain, private_key_file)


def _wrong_key(private_key_file: str) -> str:
    return f"Cannot decrypt the password with {private_key_file} (is it the server's key?)"


def readable_password(plain: bytes, private_key_file: str) -> str:
    """The decrypted password, if it is one line of printable text.

    OpenSSL 3.2 and later no longer report bad padding (implicit rejection):
    the wrong key gives random bytes, not an error. A guest's password is
    printable text, so anything else is refused as the wrong key.
    """
    try:
        text = plain.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if not text or not text.isprintable():
        raise exceptions.CommandError(_wrong_key(private_key_file))
    return text


def _decrypt_with_openssl(ciphertext: bytes, private_key_file: str) -> str:
    import subprocess  # only when decrypting: keeps `compute help` light

    try:
        done = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", private_key_file,
                               "-pkeyopt", "rsa_padding_mode:pkcs1"],
                              input=ciphertext, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise exceptions.CommandError(
            "Decrypting needs the 'cryptography' package or the openssl program") from exc
    if done.returncode:
        raise exceptions.CommandError(_wrong_key(private_key_file))
    return readable_password(done.stdout, private_key_file)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("private_key", metavar="PRIVATE_KEY", nargs="?",
     help="Private key (PEM) of the server's keypair: print the decrypted password. "
          "Without it, the encrypted password is printed.")
def do_get_password(cs: Any, args: argparse.Namespace) -> None:
    """Print the admin password a guest posted, decrypted when given the private key."""
    password = cs.servers.get_password(find_server(cs, args.server))
    if not password:
        raise exceptions.CommandError(f"Server {args.server} has no password set")
    print(decrypt_password(password, args.private_key) if args.private_key else password)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--password", help="The new password (asked for, twice, when not given).")
def do_set_password(cs: Any, args: argparse.Namespace) -> None:
    """Change the admin password of a server."""
    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            raise exceptions.CommandError("Give --password, or run on a terminal to be asked")
        password = getpass.getpass("New password: ")
        if password != getpass.getpass("Again: "):
            raise exceptions.CommandError("The passwords do not match")
    if not password:
        raise exceptions.CommandError("The password cannot be empty")
    cs.servers.change_password(find_server(cs, args.server), password)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_clear_password(cs: Any, args: argparse.Namespace) -> None:
    """Clear the admin password a guest posted (the guest's password is unchanged)."""
    cs.servers.clear_password(find_server(cs, args.server))
