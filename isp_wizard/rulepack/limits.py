"""How large a rule file may be: a module of its own, without YAML, so the desktop app's
start-up can fingerprint the rule files without importing the parser."""

from __future__ import annotations

MAX_BYTES = 4 * 1024 * 1024  # a real tree is tens of kB; a 10,000-node tree is 2.4 MB
