"""One command on several clouds or regions: `--os-cloud a --os-cloud b`,
`--os-cloud 'prod-*'`, `--all-clouds`, `--all-regions`.

Imported only when the options name more than one target, so the
single-cloud run pays nothing for it. Each target gets its own shell and
Client, built exactly as a single-cloud run builds one (clouds.yaml, the
token cache); computeclient.fanout runs the command on all of them at once,
each bounded by --timeout. What they return is merged into one listing with
Cloud and Region first; a target that fails is one line on stderr naming it,
the others' rows are printed all the same, and the exit code is 1.

A command that changes anything runs on several targets only with
--yes-all-targets, one target after another (its own lines stay readable).
Read-only means: `list`/`show`, a name ending in `-list`/`-show` or starting
with `list-`, or a command marked `@cliutils.read_only`.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from computeclient import cliutils, exceptions, fanout, output

if TYPE_CHECKING:
    from computeclient.v2.client import Client

#: Targets asked at once by a read-only command.
PARALLEL = 8


@dataclass(frozen=True)
class Target:
    """A cloud of clouds.yaml (None: the options and OS_* alone) and a region."""

    cloud: str | None
    region: str | None = None
    #: The region came from the catalog, not from the cloud's regions: in clouds.yaml.
    from_catalog: bool = False

    @property
    def label(self) -> str:
        where = f"cloud '{self.cloud}'" if self.cloud else "the cloud of the options"
        return f"{where} region '{self.region}'" if self.region else where


def changes_nothing(name: str, func: Callable[..., Any]) -> bool:
    """True for a command that only reads: by its name, or its read_only mark."""
    return (name in ("list", "show") or name.endswith(("-list", "-show"))
            or name.startswith("list-") or bool(getattr(func, "read_only", False)))


def cloud_targets(known: argparse.Namespace) -> list[str | None]:
    """The clouds named by --all-clouds, repeated --os-cloud and globs, in order."""
    from computeclient import cloud_config

    given = list(getattr(known, "os_clouds", None) or [known.os_cloud])
    if not known.all_clouds and not any(c and _is_glob(c) for c in given):
        return list(dict.fromkeys(given))
    path = cloud_config.load_files()[0]
    names = cloud_config.cloud_names()
    if path is None or not names:
        raise exceptions.CloudConfigError(
            "several clouds asked for, but no clouds.yaml with clouds was found "
            "(or set OS_CLIENT_CONFIG_FILE)")
    if known.all_clouds:
        return list(names)
    chosen: list[str | None] = []
    for pattern in given:
        if pattern and _is_glob(pattern):
            matched = fnmatch.filter(names, pattern)
            if not matched:
                raise exceptions.CloudConfigError(
                    f"no cloud in {path} matches {pattern!r} (clouds there: {', '.join(names)})")
            chosen += matched
        else:
            chosen.append(pattern)
    return list(dict.fromkeys(chosen))


def _is_glob(text: str) -> bool:
    return any(c in text for c in "*?[")


def catalog_regions(catalog: Any, service_type: str) -> list[str]:
    """The regions with an endpoint of `service_type` in a v3 (or v2) catalog."""
    regions: list[str] = []
    for service in catalog if isinstance(catalog, list) else []:
        if not isinstance(service, dict) or service.get("type") != service_type:
            continue
        for endpoint in service.get("endpoints") or []:
            region = endpoint.get("region_id") or endpoint.get("region")
            if region and region not in regions:
                regions.append(str(region))
    return regions


def _catalog_of(cs: Client, _args: argparse.Namespace) -> Any:
    """The catalog of the client's token: the cached one's (warm_auth's
    FallbackSender before any 401), else its keystoneauth1 session's."""
    sender: Any = getattr(cs.client, "sender", None)
    sender = getattr(sender, "fresh", None) or sender  # Nova refused the cached token
    cached = getattr(sender, "cached", None)
    if cached is not None:
        return cached.catalog
    session = getattr(getattr(sender, "adapter", None), "session", None)
    if session is None or session.auth is None:
        raise exceptions.CommandError("--all-regions needs a Keystone catalog; "
                                      "a token and endpoint have none")
    return session.auth.get_access(session).service_catalog.catalog


class FanOut:
    """One run of a command on several targets."""

    def __init__(self, shell_class: Callable[[], Any], argv: Sequence[str], index: int,
                 known: argparse.Namespace) -> None:
        self.shell_class, self.argv, self.index, self.known = shell_class, argv, index, known
        self.shells: dict[Target, Any] = {}
        self.failed: list[tuple[Target, BaseException]] = []

    def _args(self, target: Target) -> argparse.Namespace:
        shell = self.shell_class()
        # clouds.yaml knows only its own regions: a catalog's region is set over the cloud's
        region = None if target.from_catalog else target.region or self.known.os_region_name
        args: argparse.Namespace = shell.prepare(self.argv, self.index, target.cloud, region)
        if target.from_catalog:
            args.os_region_name = target.region
        self.shells[target] = shell
        return args

    def regions(self, clouds: list[str | None], timeout: float | None) -> list[Target]:
        """Each cloud once per region: its regions: in clouds.yaml when it lists
        several, else the compute regions of its catalog (one token each)."""
        from computeclient import cloud_config

        listed = {c: cloud_config.region_names(c) if c else [] for c in clouds}
        ask = [c for c in clouds if len(listed[c]) < 2]

        def discover(cloud: str | None) -> list[str]:
            target = Target(cloud)
            args = self._args(target)
            args.command_args = []
            shell = self.shells[target]
            try:
                catalog = shell.run_command(_catalog_of, args, emit=False)
            finally:
                shell.finish(args)  # the token serves each region's run
            return catalog_regions(catalog, args.service_type)

        found = {o.target: o for o in fanout.run(
            [(str(c), c) for c in ask], discover, PARALLEL, timeout)}
        targets: list[Target] = []
        for cloud in clouds:
            outcome = found.get(str(cloud))
            if outcome is not None and not outcome.ok:
                assert outcome.error is not None
                self.failed.append((Target(cloud), outcome.error))
                continue
            names = outcome.value if outcome is not None else listed[cloud]
            if not names:
                self.failed.append((Target(cloud), exceptions.EndpointNotFound(
                    f"no {self.known.service_type or 'compute'} region in the catalog")))
            targets += [Target(cloud, region, outcome is not None) for region in names or []]
        return targets

    def run(self, func: Callable[..., Any], targets: list[Target], parallel: int,
            timeout: float | None) -> list[tuple[Target, str, Any]]:
        """(target, its region, what the command returned) of each target that answered."""
        def on(target: Target) -> tuple[str, Any]:
            args = self._args(target)
            result = self.shells[target].run_command(func, args, emit=False)
            return str(args.os_region_name or ""), result

        answered = []
        for outcome in fanout.run([(t.label, t) for t in targets], on, parallel, timeout):
            target = next(t for t in targets if t.label == outcome.target)
            if outcome.ok:
                assert outcome.value is not None
                region, result = outcome.value
                answered.append((target, region, result))
                if getattr(result, "failure", None):
                    self.failed.append((target, exceptions.CommandError(result.failure)))
            else:
                assert outcome.error is not None
                self.failed.append((target, outcome.error))
        return answered


def _not_found(exc: BaseException) -> bool:
    return isinstance(exc, exceptions.NotFound) or isinstance(exc.__cause__, exceptions.NotFound)


def merge(answers: list[tuple[Target, str, Any]]) -> output.Listing | output.Record | None:
    """One Listing of every target's rows, Cloud and Region first (rows in
    the targets' order, each target's in its command's order); one Record
    when a single target returned one."""
    shown = [(t, r, res) for t, r, res in answers
             if isinstance(res, (output.Listing, output.Record))]
    if not shown:
        return None
    target, region, record = shown[0]
    if len(shown) == 1 and isinstance(record, output.Record):
        return output.Record([("Cloud", target.cloud or ""), ("Region", region),
                              *record.fields.items()], sort=False, headers=record.headers)
    columns: list[str] = []
    tables: list[tuple[Target, str, list[str], list[list[Any]]]] = []
    for target, region, result in shown:
        if isinstance(result, output.Record):
            names, rows = list(result.fields), [list(result.fields.values())]
        else:
            names, rows = result.columns, list(result.rows)
            if result.sortby in names:
                i = names.index(result.sortby)
                rows.sort(key=lambda row: str(row[i]))
        columns += [n for n in names if n not in columns]
        tables.append((target, region, names, rows))
    merged = []
    for target, region, names, rows in tables:
        for row in rows:
            cells = dict(zip(names, row))
            merged.append([target.cloud or "", region, *(cells.get(c) for c in columns)])
    return output.Listing(["Cloud", "Region", *columns], merged)


def run(shell_class: Callable[[], Any], argv: Sequence[str], index: int,
        known: argparse.Namespace, func: Callable[..., Any],
        sub_args: argparse.Namespace) -> int:
    """Run the command of argv[index] on every target the options name; the exit
    code. sub_args: the command's arguments, parsed once for -f and -c."""
    from computeclient import extension

    name = argv[index]
    cliutils.import_requests_lean()  # what each Client would do, once, before the threads
    extension.loaded()
    job = FanOut(shell_class, argv, index, known)
    clouds = cloud_targets(known)
    first = shell_class().prepare(argv, index, clouds[0], known.os_region_name)
    timeout = float(first.timeout) if first.timeout else None  # --timeout bounds each target
    targets = (job.regions(clouds, timeout) if known.all_regions
               else [Target(c) for c in clouds])
    read_only = changes_nothing(name, func)
    if len(targets) > 1 and not read_only and not known.yes_all_targets:
        raise exceptions.CommandError(
            f"'{name}' changes things and would run on {len(targets)} targets "
            f"({', '.join(t.label for t in targets)}); give --yes-all-targets to let it")
    answers = job.run(func, targets, PARALLEL if read_only else 1, timeout)
    if any(isinstance(r, output.Record) for _, _, r in answers):
        job.failed = [(t, e) for t, e in job.failed if not _not_found(e)]  # it is elsewhere
    merged = merge(answers)
    if merged is not None:
        output.emit(merged, getattr(sub_args, "format", "table"),
                    getattr(sub_args, "columns", None))
    if not read_only:
        for target, _, _ in answers:
            print(f"{name}: done in {target.label}")
    sys.stdout.flush()
    for target, error in job.failed:
        head, _, message = cliutils.error_line(error).partition(": ")
        print(f"{head}: {target.label}: {message}", file=sys.stderr)
    for target, shell in job.shells.items():
        if any(t == target for t, _, _ in answers):
            shell.finish(argparse.Namespace(timings=known.timings), f"Request ({target.label})")
    return 1 if job.failed else 0
