"""The rule format: models, YAML loading with line numbers, lint, and the pack as a whole.

The names below load on first use, so reading one small module of the package (the desktop
app's start-up reads ``limits``' size limit) does not import the models and pydantic too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isp_wizard.rulepack.pack import LoadedTree, RulePack, load_pack
    from isp_wizard.rulepack.problems import Problem

__all__ = ["LoadedTree", "Problem", "RulePack", "load_pack"]
_WHERE = {"LoadedTree": "pack", "RulePack": "pack", "load_pack": "pack", "Problem": "problems"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"isp_wizard.rulepack.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
