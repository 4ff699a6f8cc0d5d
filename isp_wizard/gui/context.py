"""What every page shares: settings, locations, the rule pack, training mode.

Plain Python (no Qt) so it is easy to reason about; the heavy parts (the pack, drafts, the
register) are imported and opened only when first asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_wizard.gui import pack_index
from isp_wizard.paths import Locations, load_settings, locations, settings_path
from isp_wizard.settings import Settings

if TYPE_CHECKING:
    from isp_wizard.rulepack.pack import RulePack


class AppContext:
    def __init__(self, training: bool = False, settings: Settings | None = None, *,
                 rules: str | Path | None = None) -> None:
        """``rules`` is the ``--rules`` folder, which wins over the environment and settings."""
        self.settings = settings if settings is not None else load_settings()
        self.training = training or self.settings.training
        self.rules_override = rules
        self.where: Locations = locations(self.settings, rules=rules)
        self.pack: RulePack | None = None
        self.pack_failure: str = ""
        self.summary: pack_index.PackSummary | None = None

    # --- the rule pack -----------------------------------------------------------------------

    def quick_summary(self) -> pack_index.PackSummary | None:
        """Home's tree cards without loading the pack, if the rule files are unchanged."""
        self.summary = pack_index.recall(self.where.rules_dir, self.where.cache_dir)
        return self.summary

    def load_pack(self) -> RulePack | None:
        """Load (through the SHA-256 cache) and summarise; a folder that fails is reported."""
        from isp_wizard.errors import WizardError
        from isp_wizard.rulepack import load_pack

        rules_dir = self.where.rules_dir
        try:
            print_ = pack_index.fingerprint(rules_dir) if rules_dir.is_dir() else ""
            self.pack = load_pack(rules_dir, cache_dir=self.where.cache_dir)
        except WizardError as exc:
            self.pack, self.pack_failure = None, str(exc)
            self.summary = pack_index.PackSummary("", problems=[str(exc)])
            return None
        self.pack_failure = ""
        self.summary = pack_index.summarise(self.pack, print_)
        pack_index.remember(self.summary, rules_dir, self.where.cache_dir)
        return self.pack

    # --- drafts, records, register -----------------------------------------------------------

    @property
    def records_dir(self) -> Path:
        return self.where.records_for(self.training)

    @property
    def register_path(self) -> Path:
        return self.where.register_for(self.training)

    def drafts(self) -> Any:
        from isp_wizard.store import DraftStore

        return DraftStore(self.where.drafts_dir)

    def register(self) -> Any:
        from isp_wizard.store import open_register

        return open_register(self.register_path)

    # --- settings ----------------------------------------------------------------------------

    def save_settings(self) -> None:
        self.settings.save(settings_path())
        self.where = locations(self.settings, rules=self.rules_override)

    def trust_roots(self) -> list[Path]:
        """The signers' CAs this machine trusts: settings' anchors and the rules' trust/*.pem."""
        from isp_wizard.record.verify import default_trust_roots

        return default_trust_roots(self.settings.trust_anchors, self.where.rules_dir)
