"""What Home needs from the rule pack (tree cards, problems), remembered between runs.

Importing the rule models (pydantic) costs more than opening the window itself, so Home is drawn
from this small JSON summary while the full pack loads just after the first paint. The summary is
keyed by the SHA-256 of every rule file: edit one and it is rebuilt from the real pack.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.settings import write_atomically

if TYPE_CHECKING:
    from isp_wizard.rulepack.pack import RulePack

FORMAT = 2
CATALOGUES = ("references", "partners", "contacts", "isas")


@dataclass(frozen=True)
class TreeCard:
    id: str
    title: str
    summary: str
    version: str
    triage: bool = False


@dataclass
class PackSummary:
    fingerprint: str
    trees: list[TreeCard] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def fingerprint(rules_dir: Path) -> str:
    """One SHA-256 over the names and bytes of every file the pack is made of."""
    digest = hashlib.sha256()
    files = [rules_dir / f"{name}.yaml" for name in CATALOGUES]
    for sub in ("trees", "scenarios"):
        folder = rules_dir / sub
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    from isp_wizard.fsutil import read_limited
    from isp_wizard.rulepack.limits import MAX_BYTES

    for path in files:
        digest.update(str(path.relative_to(rules_dir)).encode() + b"\0")
        try:  # regular files only, never past the limit: a FIFO or /dev/zero must not hang
            digest.update(hashlib.sha256(read_limited(path, MAX_BYTES)).digest())
        except OSError as exc:
            digest.update(b"unreadable " + type(exc).__name__.encode())
    return digest.hexdigest()


def triage_tree(pack: RulePack) -> str:
    """The tree behind "Not sure which applies?": the one called ``triage``, or else the one
    whose outcomes lead on to the most other trees (none if no tree leads on)."""
    if "triage" in pack.trees:
        return "triage"
    leads = {tree_id: len({o.start_tree for o in loaded.outcomes if o.start_tree})
             for tree_id, loaded in pack.trees.items()}
    best = max(leads, key=lambda t: leads[t], default="")
    return best if best and leads[best] > 1 else ""


def summarise(pack: RulePack, print_: str = "") -> PackSummary:
    triage = triage_tree(pack)
    cards = [TreeCard(loaded.id, loaded.tree.title, loaded.tree.summary, loaded.tree.version,
                      loaded.id == triage)
             for loaded in pack.trees.values()]
    cards.sort(key=lambda c: (not c.triage, c.title.lower()))
    return PackSummary(
        fingerprint=print_ or fingerprint(pack.root),
        trees=cards,
        problems=[str(p) for p in pack.errors],
        skipped=sorted(pack.skipped),
    )


def _summary_file(cache_dir: Path) -> Path:
    return cache_dir / "home-summary.json"


def recall(rules_dir: Path, cache_dir: Path) -> PackSummary | None:
    """The remembered summary if the rule files are unchanged, else None."""
    try:
        raw = json.loads(_summary_file(cache_dir).read_bytes())
        if raw.get("format") != FORMAT or raw.get("rules_dir") != str(rules_dir):
            return None
        if raw["fingerprint"] != fingerprint(rules_dir):
            return None
        return PackSummary(raw["fingerprint"], [TreeCard(**t) for t in raw["trees"]],
                           list(raw["problems"]), list(raw["skipped"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(summary: PackSummary, rules_dir: Path, cache_dir: Path) -> None:
    data = {"format": FORMAT, "rules_dir": str(rules_dir), **asdict(summary)}
    with contextlib.suppress(OSError):  # a summary that cannot be kept only costs speed
        write_atomically(_summary_file(cache_dir), json.dumps(data).encode())
