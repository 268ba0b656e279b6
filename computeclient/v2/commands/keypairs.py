"""Keypair commands: keypair-add, keypair-list, keypair-show, keypair-delete."""

from __future__ import annotations

import argparse
import os

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing, Record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client

_KEY_PREFIXES = ("ssh-", "ecdsa-", "sk-", "-----BEGIN")


def read_public_key(value: str) -> str:
    """A public key given as a file name (~ expanded) or as the key text."""
    path = os.path.expanduser(value)
    if os.path.isfile(path):
        return cliutils.read_text_file(path, "the public key").strip()
    if value.startswith(_KEY_PREFIXES):
        return value.strip()
    raise exceptions.CommandError(f"Public key file {value} does not exist")


def _write_private_key(path: str, key: str) -> None:
    path = os.path.expanduser(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise exceptions.CommandError(f"Cannot create {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)


@arg("name", metavar="NAME", help="Name of the keypair.")
@arg("--pub-key", metavar="FILE", help="Public key to import: a file (or the key text).")
@arg("--private-key-file", metavar="FILE",
     help="Save the private key Nova generates when no --pub-key is given (before "
          "2.92) to this new file, mode 0600, instead of printing it.")
@arg("--key-type", choices=["ssh", "x509"], default="ssh", start_version="2.2",
     help="Keypair type (default: ssh).")
@arg("--user", metavar="USER_ID", start_version="2.10",
     help="Create it for this user (admin).")
def do_keypair_add(cs: Client, args: argparse.Namespace) -> Record | str:
    """Create a keypair by importing a public key (or have Nova generate one)."""
    public_key = read_public_key(args.pub_key) if args.pub_key else None
    if public_key is None:
        if api_versions.supports(cs, "2.92"):
            raise exceptions.CommandError(
                "--pub-key is required: Nova generates keypairs only below microversion 2.92")
        if args.private_key_file and os.path.exists(os.path.expanduser(args.private_key_file)):
            # Checked before Nova generates the key: it is shown only once.
            raise exceptions.CommandError(
                f"{args.private_key_file} already exists; choose a new file")
    keypair = cs.keypairs.create(args.name, public_key=public_key,
                                 key_type=getattr(args, "key_type", None),
                                 user_id=getattr(args, "user", None))
    info = keypair.to_dict()
    private_key = info.pop("private_key", None)
    if private_key and args.private_key_file:
        _write_private_key(args.private_key_file, private_key)
        info["private_key_file"] = os.path.expanduser(args.private_key_file)
    elif private_key:
        # Nova hands the generated key over once: shown as nova shows it, the
        # key alone in a table, a field of the record in another format.
        if args.format == "table":
            return str(private_key)
        info["private_key"] = private_key
    return Record(info)


@arg("--user", metavar="USER_ID", start_version="2.10", help="Keypairs of this user (admin).")
@arg("--marker", start_version="2.35", help="The last keypair name of the previous page.")
@arg("--limit", type=int, start_version="2.35",
     help="At most this many keypairs; -1 follows every page.")
def do_keypair_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List keypairs."""
    keypairs = cs.keypairs.list(user_id=getattr(args, "user", None),
                                marker=getattr(args, "marker", None),
                                limit=getattr(args, "limit", None))
    columns = ["Name", "Type", "Fingerprint"]
    if not api_versions.supports(cs, "2.2"):
        columns.remove("Type")
    return Listing.from_objects(keypairs, columns)


@arg("keypair", metavar="KEYPAIR", help="Name of the keypair.")
@arg("--user", metavar="USER_ID", start_version="2.10", help="Keypair of this user (admin).")
def do_keypair_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show a keypair's details, public key included."""
    keypair = cs.keypairs.get(args.keypair, user_id=getattr(args, "user", None))
    return Record(keypair.to_dict())


@cliutils.no_output
@arg("keypairs", metavar="KEYPAIR", nargs="+", help="Name(s) of the keypair(s).")
@arg("--user", metavar="USER_ID", start_version="2.10", help="Keypair of this user (admin).")
def do_keypair_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete one or more keypairs."""
    cliutils.apply_to_each(
        args.keypairs, lambda name: cs.keypairs.delete(name, user_id=getattr(args, "user", None)),
        "delete")
