"""The user's settings: a small JSON file in the config folder.

Unknown keys are kept, a missing or unreadable file gives the defaults, and saving is atomic so a
crash never leaves half a settings file behind.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from isp_wizard.fsutil import write_atomically

__all__ = ["Settings", "write_atomically"]  # write_atomically: kept here for old callers


@dataclass
class Settings:
    rules_dir: str = ""
    records_dir: str = ""
    drafts_dir: str = ""
    register_path: str = ""
    identity_path: str = ""
    trust_anchors: list[str] = field(default_factory=list)
    crl_files: list[str] = field(default_factory=list)  # CRLs verify uses, beside trust/*.crl
    # an RFC 3161 time-stamping authority for long-term validation (empty: none)
    timestamp_url: str = ""
    timestamp_timeout_s: int = 10
    training: bool = False
    # refuse real records under unapproved rules, before the effective date, on unconfirmed
    # statuses or naming placeholder contacts (off: the shipped drafts serve training and trials)
    require_approved_rules: bool = False
    text_scale: int = 100
    high_contrast: bool = False
    language: str = ""  # "" the app's own English; "cy" Welsh (assets/translations/)
    # the partnership register on a server: host, port, dbname, user, CA, client certificate
    # (``store.postgres_register.ServerConnection``); never a password
    partnership_register: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name for f in fields(cls)} - {"extra"}
        settings = cls(extra={k: v for k, v in raw.items() if k not in known})
        defaults = cls()
        for name in known:
            if name in raw and _fits(raw[name], getattr(defaults, name)):
                setattr(settings, name, raw[name])
        return settings

    def save(self, path: Path) -> None:
        data = asdict(self)
        data.update(data.pop("extra"))
        write_atomically(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"),
                         mode=0o644)  # no personal data in the settings


def _fits(value: object, default: object) -> bool:
    """Same type as the default (a bool is not a number here); lists hold only text."""
    if type(value) is not type(default):
        return False
    return not isinstance(value, list) or all(isinstance(item, str) for item in value)
