"""The walk in progress: the engine's Session, the details typed so far, and its draft.

Every change is written to the drafts folder at once (atomically, by the store), so closing the
window, a crash or a power cut loses at most the answer being typed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.gui.context import AppContext

log = logging.getLogger(__name__)


class WalkState:
    def __init__(self, ctx: AppContext, session: Session, *, draft_id: str | None = None,
                 details: dict[str, Any] | None = None) -> None:
        self.ctx = ctx
        self.session = session
        self.draft_id = draft_id
        self.details: dict[str, Any] = dict(details or {})
        self.details_edited: set[str] = set()
        """Details fields the practitioner changed from what the answers established."""
        self.last_save_error = ""

    @property
    def tree_title(self) -> str:
        return self.session.tree.tree.title

    def autosave(self) -> bool:
        """Write the draft now; False (with the reason kept) if it could not be written."""
        from isp_wizard.errors import WizardError

        try:
            self.draft_id = self.ctx.drafts().save(
                self.session, draft_id=self.draft_id, details=self.details or None,
                training=self.ctx.training)
        except (WizardError, OSError) as exc:
            self.last_save_error = str(exc)
            log.warning("could not save the draft: %s", exc)
            return False
        self.last_save_error = ""
        return True

    def discard_draft(self) -> None:
        if self.draft_id is None:
            return
        from isp_wizard.errors import WizardError

        try:
            self.ctx.drafts().discard(self.draft_id)
        except (WizardError, OSError) as exc:
            log.warning("could not remove the draft: %s", exc)
        self.draft_id = None
