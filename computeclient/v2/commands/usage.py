"""Usage commands: usage (one project), usage-list (every project)."""

from __future__ import annotations

import argparse
import datetime
import sys

from computeclient import exceptions
from computeclient.cliutils import arg, read_only
from computeclient.output import Listing, Record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client

COLUMNS = ["Tenant ID", "Servers", "RAM MiB-Hours", "CPU Hours", "Disk GiB-Hours"]


def _period(args: argparse.Namespace) -> tuple[datetime.datetime, datetime.datetime]:
    """--start/--end (YYYY-MM-DD), by default four weeks ago to tomorrow, as
    naive UTC times (a date with an offset or Z is converted).

    Tomorrow, as in novaclient, so the period line names a day that includes
    today; Nova counts no further than now anyway.
    """
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    try:
        end = _utc(args.end) if args.end else now + datetime.timedelta(days=1)
        start = _utc(args.start) if args.start else now - datetime.timedelta(days=28)
    except ValueError as exc:
        raise exceptions.CommandError(f"Dates are YYYY-MM-DD[THH:MM:SS[Z|+HH:MM]]: "
                                      f"{exc}") from exc
    if start >= end:
        raise exceptions.CommandError("--start must be before --end")
    return start, end


def _utc(text: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment


def _say_period(start: datetime.datetime, end: datetime.datetime) -> None:
    """The period line, once the answer came (an error is then its only line)."""
    print(f"Usage from {start:%Y-%m-%d} to {end:%Y-%m-%d}:", file=sys.stderr)


def _row(usage: Any) -> list[Any]:
    info = usage.to_dict()
    return [info.get("tenant_id"), len(info.get("server_usages") or []),
            round(info.get("total_memory_mb_usage", 0), 2),
            round(info.get("total_vcpus_usage", 0), 2),
            round(info.get("total_local_gb_usage", 0), 2)]


@arg("--start", metavar="DATE", help="Start of the period (default: four weeks ago).")
@arg("--end", metavar="DATE", help="End of the period (default: tomorrow).")
def do_usage_list(cs: Client, args: argparse.Namespace) -> Listing:
    """Usage of every project over a period (admin)."""
    start, end = _period(args)
    rows = [_row(u) for u in cs.usage.list(start, end, detailed=True)]
    _say_period(start, end)
    return Listing(COLUMNS, rows)


@arg("--start", metavar="DATE", help="Start of the period (default: four weeks ago).")
@arg("--end", metavar="DATE", help="End of the period (default: tomorrow).")
@arg("--tenant", "--project", dest="tenant", metavar="PROJECT_ID",
     help="This project (default: your own).")
@read_only
def do_usage(cs: Client, args: argparse.Namespace) -> Record:
    """Usage of one project over a period."""
    start, end = _period(args)
    tenant = args.tenant or _own_project(cs)
    usage = cs.usage.get(tenant, start, end)
    row = _row(usage) if usage.field("tenant_id") else [tenant, 0, 0, 0, 0]
    _say_period(start, end)
    return Record(zip(COLUMNS, row), sort=False)


def _own_project(cs: Client) -> str:
    getter = getattr(cs.client, "get_project_id", None)  # keystoneauth1 or a cached token
    project = getter() if getter else None
    if project:
        return str(project)
    session = getattr(cs.client, "session", None)
    if session is not None:
        project = session.get_project_id()
        if project:
            return str(project)
    auth = getattr(session, "auth", None)
    token = getattr(cs.client, "auth_token", None) or getattr(auth, "token", None) or ""
    if ":" in token:  # the sandbox's user:project tokens
        return token.split(":", 1)[1]
    raise exceptions.CommandError("Give --tenant: the project could not be told from the token")
