"""The rule format: models, YAML loading with line numbers, lint, and the pack as a whole."""

from isp_wizard.rulepack.pack import LoadedTree, RulePack, load_pack
from isp_wizard.rulepack.problems import Problem

__all__ = ["LoadedTree", "Problem", "RulePack", "load_pack"]
