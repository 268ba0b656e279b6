"""`compute sandbox`, registered under the `computeclient.commands` entry
point (setup.py): the generic shell reaches it like any registered command
and names no sandbox. Light: the sandbox CLI is imported only when it runs.
"""

from __future__ import annotations

from computeclient import utils

TYPE_CHECKING = False  # typing is not imported on the help path (computeclient's HACKING.md)
if TYPE_CHECKING:
    from typing import Sequence


@utils.unauthenticated
def do_sandbox(argv: Sequence[str]) -> int:
    """Run a real Nova on 127.0.0.1 (up, env, status, down)."""
    from computeclient_sandbox import cli
    return cli.main(list(argv))


#: What `compute completion` offers after `compute sandbox` (cli.py's subcommands).
do_sandbox.actions = ("up", "env", "status", "down")  # type: ignore[attr-defined]
