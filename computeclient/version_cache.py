"""A small on-disk cache of the microversion range each endpoint offers.

The shell negotiates '2.latest' on every run; remembering the server's
range for an hour saves that request. Only the shell uses it: a library
user gets no disk writes they did not ask for. The file is one of the
cache's private files (cache.read_private / write_private): a file that is
not ours, a symbolic link, or not of the shape cache_shapes.versions
checks is treated as absent and replaced.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from computeclient import cache, cache_shapes

DEFAULT_TTL = 3600.0


class VersionCache:
    """URL of a version document -> (min, max), with an expiry.

    path: the file (default: versions.json in the cache directory, which is
    checked, and refused with one warning, on first use).
    """

    def __init__(self, path: Path | None = None, ttl: float = DEFAULT_TTL) -> None:
        self._path = path
        self._checked: tuple[Path | None] | None = None
        self.ttl = ttl

    @property
    def path(self) -> Path | None:
        """The file, once its directory is known to be ours (None: not usable)."""
        if self._checked is None:
            wanted = self._path or cache.cache_dir() / "versions.json"
            directory = cache.secure_dir(wanted.parent)
            self._checked = (wanted if directory is not None else None,)
        return self._checked[0]

    def _load(self) -> dict[str, Any]:
        path = self.path
        text = cache.read_private(path, cache_shapes.versions) if path else None
        return json.loads(text) if text else {}

    def _fresh(self, entry: dict[str, Any]) -> bool:
        return time.time() - float(entry["at"]) <= self.ttl

    def get(self, url: str) -> tuple[str, str] | None:
        entry = self._load().get(url)
        if entry is None or not self._fresh(entry):
            return None
        return entry["min"], entry["max"]

    def put(self, url: str, min_version: str, max_version: str) -> None:
        if self.path is None:
            return
        data = {k: v for k, v in self._load().items() if self._fresh(v)}
        data[url] = {"min": min_version, "max": max_version, "at": time.time()}
        cache.write_private(self.path, json.dumps(data))

    def forget(self, url: str) -> None:
        data = self._load()
        if self.path is not None and data.pop(url, None) is not None:
            cache.write_private(self.path, json.dumps(data))
