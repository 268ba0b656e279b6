"""A small on-disk cache of the microversion range each endpoint offers.

The shell negotiates '2.latest' on every run; remembering the server's
range for an hour saves that request. Only the shell uses it: a library
user gets no disk writes they did not ask for.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_TTL = 3600.0


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "computeclient" / "versions.json"


class VersionCache:
    """URL of a version document -> (min, max), with an expiry."""

    def __init__(self, path: Path | None = None, ttl: float = DEFAULT_TTL) -> None:
        self.path = path or default_path()
        self.ttl = ttl

    def _load(self) -> dict[str, Any]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, url: str) -> tuple[str, str] | None:
        entry = self._load().get(url)
        if not isinstance(entry, dict) or time.time() - entry.get("at", 0) > self.ttl:
            return None
        return entry.get("min", ""), entry.get("max", "")

    def put(self, url: str, min_version: str, max_version: str) -> None:
        data = {k: v for k, v in self._load().items()
                if isinstance(v, dict) and time.time() - v.get("at", 0) <= self.ttl}
        data[url] = {"min": min_version, "max": max_version, "at": time.time()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".versions.")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written is only a slower run

    def forget(self, url: str) -> None:
        data = self._load()
        if data.pop(url, None) is not None:
            self.path.write_text(json.dumps(data), encoding="utf-8")
