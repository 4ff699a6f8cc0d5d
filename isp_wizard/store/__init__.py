"""Drafts, the decision register and exports.

``DraftStore`` keeps sessions in progress; ``open_register`` opens the hash-chained register
behind the ``Register`` interface. Both are light to import (standard library only).
"""

from __future__ import annotations

from isp_wizard.store.chain import ChainHead, Finding
from isp_wizard.store.drafts import DraftStore, DraftSummary, ResumedDraft
from isp_wizard.store.register import (
    Register,
    RegisterEntry,
    RegisterFilter,
    entry_from_record,
    open_register,
)

__all__ = ["ChainHead", "DraftStore", "DraftSummary", "Finding", "Register", "RegisterEntry",
           "RegisterFilter", "ResumedDraft", "entry_from_record", "open_register"]
