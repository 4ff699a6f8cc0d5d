"""A cache of parsed rule files, keyed by the SHA-256 of each file's bytes.

Entries are plain JSON (never pickle), written atomically; a damaged entry is ignored.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isp_wizard.fsutil import write_atomically

FORMAT = "3"  # raise when the YAML reader changes what it makes of a file


@dataclass(frozen=True)
class CachedFile:
    data: Any
    id_lines: dict[str, int]


class ParseCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / "parsed-rules"

    def _path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.json"

    def get(self, sha256: str) -> CachedFile | None:
        try:
            entry = json.loads(self._path(sha256).read_bytes())
            if entry.get("format") != FORMAT:
                return None
            return CachedFile(entry["data"], entry["id_lines"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, sha256: str, data: Any, id_lines: dict[str, int]) -> None:
        entry = {"format": FORMAT, "data": data, "id_lines": id_lines}
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs speed
            write_atomically(self._path(sha256), json.dumps(entry, default=str).encode())
