"""Decrypting the admin password a guest posted (python-novaclient's
`novaclient.crypto`): base64 of RSA PKCS#1 v1.5 ciphertext made with the
keypair's public key. `cryptography` is used when installed, else the
`openssl` program, so neither is a hard dependency.
"""

from __future__ import annotations

import base64
import binascii

from computeclient import exceptions


class DecryptionFailure(exceptions.ComputeClientError):
    """The password could not be decrypted with the key given."""


def decrypt_password(private_key: str, password: str) -> str:
    """The clear text of `password` (as Nova stores it, base64), decrypted
    with the private key in the file `private_key` (PEM or OpenSSH, RSA,
    unencrypted); DecryptionFailure when it cannot be.

    Example: ``crypto.decrypt_password("~/.ssh/id_rsa", cs.servers.get_password(vm))``
    """
    try:
        ciphertext = base64.b64decode(password, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionFailure("The stored password is not base64; cannot decrypt it") \
            from exc
    try:
        with open(private_key, "rb") as handle:
            key_bytes = handle.read()
    except OSError as exc:
        raise DecryptionFailure(f"Cannot read private key {private_key}: {exc.strerror}") \
            from exc
    try:
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import padding
    except ImportError:
        return _decrypt_with_openssl(ciphertext, private_key)
    try:
        key: object = serialization.load_pem_private_key(key_bytes, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        try:
            key = serialization.load_ssh_private_key(key_bytes, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise DecryptionFailure(f"{private_key} is not an unencrypted RSA private key") \
                from exc
    from cryptography.hazmat.primitives.asymmetric import rsa
    if not isinstance(key, rsa.RSAPrivateKey):
        raise DecryptionFailure(f"{private_key} is not an unencrypted RSA private key")
    try:
        plain = key.decrypt(ciphertext, padding.PKCS1v15())
    except (ValueError, AttributeError) as exc:
        raise DecryptionFailure(_wrong_key(private_key)) from exc
    return readable_password(plain, private_key)


def _wrong_key(private_key: str) -> str:
    return f"Cannot decrypt the password with {private_key} (is it the server's key?)"


def readable_password(plain: bytes, private_key: str) -> str:
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
        raise DecryptionFailure(_wrong_key(private_key))
    return text


def _decrypt_with_openssl(ciphertext: bytes, private_key: str) -> str:
    import subprocess  # only when decrypting

    try:
        done = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", private_key,
                               "-pkeyopt", "rsa_padding_mode:pkcs1"],
                              input=ciphertext, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise DecryptionFailure(
            "Decrypting needs the 'cryptography' package or the openssl program") from exc
    if done.returncode:
        raise DecryptionFailure(_wrong_key(private_key))
    return readable_password(done.stdout, private_key)
