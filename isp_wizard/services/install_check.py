"""Whether this installation can make records: its rules and fonts are there and load.

The self-test asks this before it opens the window, so that a copy installed without its package
data (rules, schemas, fonts) fails with one line saying why instead of passing.
"""

from __future__ import annotations

from pathlib import Path

from isp_wizard.record.fonts import FONT_FILES
from isp_wizard.rulepack.pack import load_pack


def install_problem(rules_dir: Path, shipped_rules_dir: Path, fonts_dir: Path) -> str | None:
    """The first reason the app cannot work from this installation, in one line, or None.

    ``rules_dir`` is the folder in use (a council's own, or the shipped one); problems inside a
    council's own rules are not the installation's and are shown by the app's banner instead.
    """
    if not shipped_rules_dir.is_dir():
        return f"the rules shipped with the app are missing (no folder {shipped_rules_dir})"
    if not rules_dir.is_dir():
        return f"the rules folder {rules_dir} does not exist"
    missing = [name for name in FONT_FILES if not (fonts_dir / name).is_file()]
    if missing:
        return f"the record's fonts are missing from {fonts_dir}: {', '.join(missing)}"
    shipped = load_pack(shipped_rules_dir)
    errors = [p for p in shipped.problems if p.severity == "error"]
    if errors:
        return "a shipped rule file does not load: " + " ".join(str(errors[0]).split())
    if not shipped.trees:
        return f"no decision tree in the shipped rules ({shipped_rules_dir})"
    return None
