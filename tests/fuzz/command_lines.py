"""Command lines generated from the real command table (hypothesis).

Every command of `compute help`, its positionals and options (of every
microversion, so options of other versions come up too), with values that
are plausible, of the wrong type, unicode, huge, empty, paths and URLs;
global options with odd microversions, timeouts, auth types and endpoints.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from computeclient import api_versions
from computeclient.v2 import shell as v2_shell

#: Commands left out: they start processes or replace this one.
SKIPPED = {"ssh"}
#: Options left out: they wait for Nova for minutes, or print tracebacks on purpose.
SKIPPED_OPTIONS = {"--wait", "--poll", "--debug"}

UUID = "0b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


_READ_ONLY = ("list", "show", "limits", "usage", "usage-list", "version-list",
              "availability-zone-list", "console-log")


def is_read_only(name: str) -> bool:
    """Commands that only read (safe on a sandbox other tests share)."""
    return name in _READ_ONLY or name.endswith(("-list", "-show"))


def command_table(read_only: bool = False
                  ) -> dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]]:
    """name -> every (flags, argparse kwargs) any variant of the command declares."""
    table = {}
    for name, func in sorted(v2_shell.commands().items()):
        if name in SKIPPED or (read_only and not is_read_only(name)):
            continue
        seen: set[tuple[str, ...]] = set()
        arguments = []
        for variant in api_versions.variants(func):
            for flags, kwargs in getattr(variant, "arguments", []):
                if tuple(flags) not in seen and not set(flags) & SKIPPED_OPTIONS:
                    seen.add(tuple(flags))
                    arguments.append((tuple(flags), kwargs))
        table[name] = arguments
    return table


plausible = st.sampled_from(["1", "vm1", "m1.tiny", "cirros", UUID, "admin", "demo",
                             "nova-compute", "host1", "key=value", "a=1,b=2", "true",
                             "auto", "none", "2.60", "42", "0"])
numbers = st.one_of(st.integers(-10, 10), st.integers(-2**70, 2**70),
                    st.sampled_from(["1e400", "nan", "inf", "-0", "0x1F", "99999999999"]))
paths = st.sampled_from(["/etc/passwd", "/dev/null", "/nonexistent/x", "/bin/ls", ".", "~",
                         "../../../etc/passwd", "/proc/self/status"])
urls = st.sampled_from(["http://[::1", "http://127.0.0.1:1/v2.1", "ftp://x", "", "://",
                        "http://user:pass@127.0.0.1:9/", "https://127.0.0.1:1/v2.1",
                        "http://127.0.0.1:9/v2.1?x=1#y", "not a url", "http://%zz/"])
odd_text = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.sampled_from(["", " ", "-", "--", "../servers/x", "1?minimal=1", "a#b", "..", "%2F",
                     "\u202e\u0000", "x" * 5000, "名前", "=", "<<", "a,b,,c", "k=", "=v"]),
)
values = st.one_of(plausible, numbers.map(str), paths, urls, odd_text)

versions = st.one_of(st.sampled_from(["2.1", "2.37", "2.60", "2.79", "2.96", "2.104",
                                      "2.latest", "2", "2.0", "2.105", "3.0", "1.1",
                                      "2.999999999999", "", "x"]), odd_text)
auth_types = st.sampled_from(["", "bogus", "password", "none", "token", "v3token",
                              "admin_token", "v3applicationcredential", "noauth"])


@st.composite
def _option(draw: Any, flags: tuple[str, ...], kwargs: dict[str, Any]) -> list[str]:
    flag = draw(st.sampled_from([f for f in flags if f.startswith("-")]))
    action = kwargs.get("action")
    if action in ("store_true", "store_false", "count", "store_const"):
        return [flag]
    choices = kwargs.get("choices")
    value = draw(st.sampled_from(list(choices)) | values if choices else values)
    if draw(st.booleans()):
        return [f"{flag}={value}"]
    return [flag, value]


@st.composite
def command_line(draw: Any, table: dict[str, Any], safe_globals: bool = False) -> list[str]:
    """One argv: global options, a command, its positionals and options."""
    name = draw(st.sampled_from(sorted(table)))
    argv: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        argv += ["--os-compute-api-version", draw(versions)]
    if not safe_globals and draw(st.integers(0, 9)) == 0:
        argv += [draw(st.sampled_from(["--timeout", "--deadline", "--retries"])),
                 draw(numbers.map(str))]
    if not safe_globals and draw(st.integers(0, 9)) == 0:
        argv += ["--os-auth-type", draw(auth_types)]
    if not safe_globals and draw(st.integers(0, 19)) == 0:
        argv += ["--os-endpoint-override", draw(urls)]
    argv.append(name)
    for flags, kwargs in table[name]:
        positional = not flags[0].startswith("-")
        if positional:
            nargs = kwargs.get("nargs")
            count = draw(st.integers(0, 2)) if nargs in ("*", "?", "+") else 1
            if draw(st.integers(0, 19)) == 0:
                count = 0  # a missing positional
            argv += [draw(values) for _ in range(count)]
        elif draw(st.integers(0, 3)) == 0:
            argv += draw(_option(flags, kwargs))
    if draw(st.integers(0, 4)) == 0:
        argv += draw(st.sampled_from([["-f", "json"], ["-f", "yaml"], ["-f", "value"],
                                      ["-f", "csv"], ["-c", "ID"], ["-c", "nonexistent"],
                                      ["-f", "xml"], ["--bogus-option"], ["extra"]]))
    return argv
