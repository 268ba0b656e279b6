"""--wait for commands: the library's polling, with progress on stderr.

On a terminal progress is one rewritten line, otherwise plain lines; on
Ctrl-C it says the operation goes on server-side.
"""

from __future__ import annotations

import sys

from computeclient.v2 import polling

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable


class Progress:
    """Progress to a terminal (one rewritten line) or plain lines."""

    def __init__(self, label: str, stream: Any = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = ""

    def show(self, status: str, percent: Any = None) -> None:
        text = f"{self.label}: {status}"
        if percent not in (None, "", 0) and percent != 100:
            text += f" {percent}%"
        if text == self.last:
            return
        self.last = text
        if self.tty:
            self.stream.write("\r\033[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


def _with_progress(label: str, stream: Any, wait: Callable[[polling.ProgressCallback], Any]) -> Any:
    progress = Progress(label, stream)
    try:
        return wait(progress.show)
    except KeyboardInterrupt:
        progress.done()
        print(f"Stopped waiting; the {label} goes on server-side.", file=progress.stream)
        raise
    finally:
        progress.done()


def wait_for(fetch: Callable[[], Any], done_states: Iterable[str], label: str,
             stream: Any = None, **kwargs: Any) -> Any:
    """polling.wait_for, drawing progress."""
    return _with_progress(label, stream, lambda show: polling.wait_for(
        fetch, done_states, label, callback=show, **kwargs))


def wait_for_server(manager: polling.ServerGetter, server_id: str, done_states: Iterable[str],
                    label: str, stream: Any = None, **kwargs: Any) -> Any:
    """polling.wait_for_server, drawing progress."""
    return _with_progress(label, stream, lambda show: polling.wait_for_server(
        manager, server_id, done_states, label, callback=show, **kwargs))


def wait_for_all(fetch: Callable[[], list[Any]], done_states: Iterable[str], label: str,
                 stream: Any = None, **kwargs: Any) -> list[Any]:
    """polling.wait_for_all, drawing progress."""
    result: list[Any] = _with_progress(label, stream, lambda show: polling.wait_for_all(
        fetch, done_states, label, callback=show, **kwargs))
    return result
