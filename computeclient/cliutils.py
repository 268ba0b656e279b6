"""What command modules share: the @arg decorator and resource lookup.

Kept free of heavy imports: every command module imports this at start-up.
"""

from __future__ import annotations

import functools
import os
import sys

from computeclient import exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, TypeVar

    from computeclient.base import Manager, Resource
    from computeclient.v2.client import Client

    R = TypeVar("R", bound=Resource)  # a string bound would make typing compile it at import


def arg(*args: Any, start_version: str | None = None, end_version: str | None = None,
        **kwargs: Any) -> Callable[..., Any]:
    """Declare an argparse argument of a `do_*` command.

    start_version/end_version bound the microversions the argument exists in.
    """
    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        arguments = func.__dict__.setdefault("arguments", [])
        # Decorators apply bottom-up; insert first to keep reading order.
        # The bounds are stored only when given, as python-novaclient's arg does.
        bounds = {k: v for k, v in (("start_version", start_version),
                                    ("end_version", end_version)) if v}
        arguments.insert(0, (args, dict(kwargs, **bounds)))
        return func
    return decorator


def env(*names: str, default: str = "") -> str:
    """The first environment variable of `names` that is set."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return default


_TRUE_WORDS = frozenset({"1", "t", "true", "on", "y", "yes"})


def env_flag(*names: str) -> bool:
    """A yes/no environment variable: 1/true/yes/on are yes, anything else no."""
    return env(*names).strip().lower() in _TRUE_WORDS


def flag_value(text: str) -> bool:
    """An option's optional yes/no value (nova's `--all-tenants 1`): 1/true/yes/on
    or 0/false/no/off; anything else is a usage error."""
    word = text.strip().lower()
    if word in _TRUE_WORDS or word in ("0", "false", "no", "off"):
        return word in _TRUE_WORDS
    import argparse
    raise argparse.ArgumentTypeError(f"expected 1 or 0 (true or false), not {text!r}")


def command_name(func: Callable[..., Any]) -> str:
    return func.__name__[3:].replace("_", "-")


def summary(func: Callable[..., Any]) -> str:
    """A command's line in `compute help`: the first line of its docstring."""
    doc = (func.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def find_resource(manager: Manager[R], name_or_id: str, what: str | None = None,
                  **find_args: Any) -> R:
    """lookup.find (by ID, then name, then human id), its not-found and
    ambiguous-name errors as one CommandError line."""
    from computeclient import lookup
    try:
        return lookup.find(manager, name_or_id, what, **find_args)
    except (exceptions.NotFound, exceptions.NoUniqueMatch) as exc:
        # its cause says "not found" to a fan-out over clouds
        raise exceptions.CommandError(getattr(exc, "message", None) or str(exc)) from exc


DEFAULT_PARALLEL = 8
MAX_PARALLEL = 10  # requests keeps 10 connections per host; more would only queue


def parallel_count(text: str) -> int:
    """--parallel N: how many resources a bulk command acts on at once."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_PARALLEL:
        import argparse
        raise argparse.ArgumentTypeError(f"--parallel takes 1 to {MAX_PARALLEL}, not {text!r}")
    return value


#: Declares --parallel on a command over several resources.
parallel_arg = arg("--parallel", type=parallel_count, default=DEFAULT_PARALLEL, metavar="N",
                   help=f"Act on at most N at once (default {DEFAULT_PARALLEL}, "
                        f"at most {MAX_PARALLEL}).")


def apply_to_each(refs: Iterable[str], act: Callable[[str], Any], verb: str,
                  parallel: int = 1, stream: Any = None) -> None:
    """Run `act` on every ref, at most `parallel` at once.

    A line `act` returns is printed as soon as that ref is done (a progress
    line on stderr when it is a terminal); failures are collected into one
    error (exit 1) at the end, in the order given, so one bad name does not
    stop the others.
    """
    refs = list(refs)
    stream = stream or sys.stdout
    progress = _BulkProgress(verb, len(refs)) if len(refs) > 1 else None
    errors: dict[int, str] = {}

    def finished(index: int, line: Any, error: exceptions.ComputeClientError | None) -> None:
        if error is not None:
            errors[index] = f"{refs[index]}: {error}"
        if progress:
            progress.clear()
        if line:
            print(line, file=stream, flush=True)
        if progress:
            progress.advance(failed=error is not None)

    def run(index: int) -> tuple[int, Any, exceptions.ComputeClientError | None]:
        try:
            return index, act(refs[index]), None
        except exceptions.ComputeClientError as exc:
            return index, None, exc

    if parallel <= 1 or len(refs) <= 1:
        for i in range(len(refs)):
            finished(*run(i))
    else:
        from concurrent.futures import ThreadPoolExecutor, as_completed
        with ThreadPoolExecutor(max_workers=min(parallel, len(refs))) as pool:
            for future in as_completed([pool.submit(run, i) for i in range(len(refs))]):
                finished(*future.result())
    if progress:
        progress.done()
    if errors:
        raise exceptions.CommandError(
            f"Unable to {verb} " + "; ".join(errors[i] for i in sorted(errors)))


class _BulkProgress:
    """`delete: 12/20 done, 1 failed` rewritten in place on a terminal's stderr."""

    def __init__(self, verb: str, total: int) -> None:
        self.verb, self.total, self.count, self.failed = verb, total, 0, 0
        self.tty = sys.stderr.isatty()

    def advance(self, failed: bool) -> None:
        self.count += 1
        self.failed += failed
        if self.tty:
            failures = f", {self.failed} failed" if self.failed else ""
            sys.stderr.write(f"\r\033[K{self.verb}: {self.count}/{self.total} done{failures}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.tty and self.count:
            sys.stderr.write("\r\033[K")

    def done(self) -> None:
        if self.tty and self.count:
            sys.stderr.write("\n")
            sys.stderr.flush()


def parse_key_values(pairs: Iterable[str] | None, what: str = "metadata") -> dict[str, str]:
    """['a=1', 'b=2'] -> {'a': '1', 'b': '2'}; a pair without '=' is an error."""
    result: dict[str, str] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise exceptions.CommandError(f"Invalid {what} '{pair}': expected KEY=VALUE")
        key, value = pair.split("=", 1)
        result[key] = value
    return result


def parse_multi_key_values(pairs: Iterable[str] | None, what: str) -> dict[str, Any]:
    """Like parse_key_values, but a repeated key collects its values in a list."""
    result: dict[str, Any] = {}
    for pair in pairs or []:
        key, value = next(iter(parse_key_values([pair], what).items()))
        if key in result:
            current = result[key] if isinstance(result[key], list) else [result[key]]
            result[key] = [*current, value]
        else:
            result[key] = value
    return result


def read_only(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command that changes nothing though its name does not end in
    -list or -show: it may run on several clouds without --yes-all-targets."""
    func.read_only = True  # type: ignore[attr-defined]
    return func


def no_output(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command that prints no data (it gets no -f/-c options)."""
    func.no_output = True  # type: ignore[attr-defined]
    return func


def parse_fields(text: str | None) -> list[str]:
    return [f.strip() for f in (text or "").split(",") if f.strip()]


def find_in_service(lookup: Callable[[str], Any], name_or_id: str, what: str) -> Any:
    """A Glance or Neutron look-up (`cs.glance.find_image`) whose failure reads
    as find_resource's: one CommandError line of the same shape."""
    try:
        return lookup(name_or_id)
    except exceptions.NoUniqueMatch as exc:
        raise exceptions.CommandError(
            f"More than one {what} is named '{name_or_id}'; use its ID") from exc
    except exceptions.NotFound as exc:
        raise exceptions.CommandError(
            f"No {what} with a name or ID of '{name_or_id}' exists") from exc


def check_outcome_with(hint: Callable[[Any], str]) -> Callable[..., Any]:
    """Decorator of a command that creates: when the server may or may not
    have done it (the answer was lost), the error says how to find out."""
    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def command(cs: Client, args: Any) -> Any:
            try:
                return func(cs, args)
            except exceptions.RequestOutcomeUnknown as exc:
                if not exc.request_sent or (exc.method or "").upper() in ("GET", "HEAD"):
                    raise  # a look-up before the create: nothing was created
                raise exc.with_hint(hint(args)) from exc
        return command
    return decorator


def read_text_file(path: str, what: str) -> str:
    """A UTF-8 text file's contents; unreadable or binary is a CommandError."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise exceptions.CommandError(
            f"Can't open '{path}' ({what}): {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise exceptions.CommandError(
            f"Can't read '{path}' ({what}): not UTF-8 text (byte {exc.start})") from exc


def remember_names(cs: Client, kind: str, objects: Any, replace: bool = False) -> None:
    """Offer these objects' names to shell completion when the client keeps the
    shell's cache (its version_cache; a library user's client keeps nothing);
    `replace`: they are the whole listing, so names not in it are forgotten."""
    options = getattr(cs.client, "options", None)  # python-novaclient's test fakes have none
    if options is not None and options.version_cache is not None:
        from computeclient import cache
        cache.remember_names(kind, [getattr(obj, "name", None) or "" for obj in objects],
                             replace=replace)


def import_requests_lean() -> None:
    """Import requests for a shell run without charset_normalizer (~15 ms, a
    tenth of requests' import).

    requests imports it only to guess the charset of a body that declares
    none (Response.apparent_encoding); the shell decodes JSON bodies itself,
    and without a guesser requests falls back to UTF-8. Only the shell does
    this, only before anything imported requests; the block is lifted once
    requests is in, so a later `import charset_normalizer` works.
    """
    if "requests" in sys.modules:
        return
    blocked = [name for name in ("charset_normalizer", "chardet") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "absent"
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Unable to find acceptable character detection")
            import requests  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]


def as_client_error(exc: BaseException) -> BaseException:
    """keystoneauth1's errors (when it was loaded) as computeclient's."""
    ksa = sys.modules.get("keystoneauth1.exceptions")
    if ksa is not None and isinstance(exc, ksa.ClientException):
        from computeclient.session_client import translate_ksa_error
        return translate_ksa_error(exc)
    return exc


def error_line(exc: BaseException) -> str:
    """`ERROR (Class): message` on one line, whatever the message held."""
    exc = as_client_error(exc)
    message = " ".join(str(exc).split()) or repr(exc)
    # The subclasses that carry python-novaclient's names read as before.
    name = ("VersionNotAvailable" if isinstance(exc, exceptions.VersionNotAvailable)
            else type(exc).__name__)
    return f"ERROR ({name}): {message}"


# -- what the shell prints of its own process ---------------------------------

def setup_logging(debug: bool) -> None:
    """--debug: every request and answer on stderr, secrets masked; else quiet."""
    import logging
    retries = logging.getLogger("computeclient.resilience.retries")
    if not debug:
        logging.getLogger("keystoneauth").setLevel(logging.WARNING)
        # Retry lines help a person watching; in a log they would make one
        # failure several lines. --debug shows them always.
        retries.setLevel(logging.WARNING if sys.stderr.isatty() else logging.ERROR)
        return
    retries.setLevel(logging.NOTSET)
    from computeclient.transport import MaskingFilter
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "computeclient_debug", False)]:
        root.removeHandler(old)  # one handler, however often main() runs in a process
    handler = logging.StreamHandler(sys.stderr)
    handler.computeclient_debug = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(levelname)s (%(name)s) %(message)s"))
    handler.addFilter(MaskingFilter())
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for noisy in ("urllib3", "stevedore", "iso8601"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def print_timings(cs: Client | None, title: str = "Request") -> None:
    """--timings: each request of the client `cs` (None: none made) and the total."""
    if cs is None:
        return
    rows = cs.client.get_timings()
    total = 0.0
    print("\n%-60s %10s" % (title[:60], "Seconds"), file=sys.stderr)
    for name, start, end in rows:
        total += end - start
        print("%-60s %10.3f" % (name[:60], end - start), file=sys.stderr)
    print("%-60s %10.3f" % (f"Total ({len(rows)} requests)", total), file=sys.stderr)
