"""Review: every question and answer with "Change", then the outcome and its reasons.

The page is one document in a text browser rather than dozens of wrapped labels: it lays out in
a few milliseconds at any text size. Each "Change" is a link; Tab moves from link to link and
Enter follows it, and a screen reader reads each link with its question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QVBoxLayout, QWidget

from isp_wizard.gui import theme
from isp_wizard.gui.markdown import contacts_md, once, references_md
from isp_wizard.gui.widgets.common import button, tab_chain
from isp_wizard.gui.words import decision_label

if TYPE_CHECKING:
    from isp_wizard.engine.session import Outcome
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack

CHANGE = "change:"
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPage", text)


def html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def markdown_html(md: str) -> str:
    """Rule Markdown as an HTML fragment, through Qt's own Markdown reader."""
    doc = QTextDocument()
    doc.setMarkdown(md)
    found = _BODY.search(doc.toHtml())
    return found.group(1) if found else html(md)


class ReviewPage(QWidget):
    change = Signal(str)          # node id whose answer the user wants to change
    back = Signal()
    save_and_close = Signal()
    record = Signal()             # go on to the record details
    continue_tree = Signal(str)   # the triage's outcome: start this tree

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.high_contrast = False
        self.decision_text = ""
        self.browser = QTextBrowser()
        self.browser.setObjectName("reviewText")
        self.browser.setAccessibleName(self.tr("Your answers and the outcome"))
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._link)

        self.back_button = button(self.tr("&Back"), self.tr("Back"),
                                  description=self.tr("Back to the last question"))
        self.save_button = button(self.tr("&Save and close"), self.tr("Save and close"))
        self.continue_button = button("", primary=True)
        self.continue_button.setObjectName("continueTree")
        self.continue_button.clicked.connect(
            lambda: self.continue_tree.emit(str(self.continue_button.property("tree_id"))))
        self.record_button = button(self.tr("&Record this decision"),
                                    self.tr("Record this decision"), primary=True,
                                    description=self.tr("Go on to enter the details of the "
                                                        "record and sign it"))
        self.back_button.clicked.connect(self.back.emit)
        self.save_button.clicked.connect(self.save_and_close.emit)
        self.record_button.clicked.connect(self.record.emit)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(self.continue_button)
        row.addWidget(self.record_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.browser, 1)
        outer.addLayout(row)
        tab_chain([self.browser, self.back_button, self.save_button, self.continue_button,
                   self.record_button])

    def show_walk(self, walk: WalkState, pack: RulePack) -> None:
        session = walk.session
        outcome = session.outcome()
        assert outcome is not None
        parts = [f'<p style="color:{theme.colours(self.high_contrast).muted}">'
                 f"{html(walk.tree_title)}</p>",
                 f"<h2>{html(self.tr('Your answers'))}</h2>",
                 '<table width="100%" cellspacing="0" cellpadding="6">']
        for step in session.explain():
            parts.append(
                f'<tr><td width="85%">{html(step.text)}<br>'
                f"<b>{html('; '.join(step.labels))}</b></td>"
                f'<td align="right" valign="top"><a href="{CHANGE}{html(step.node_id)}" '
                f'title="{html(self.tr("Change answer to: %s") % step.text)}">'
                f"{html(self.tr('Change'))}</a></td></tr>")
        parts.append("</table>")
        parts += self._outcome_html(outcome, pack)
        self.browser.setHtml("".join(parts))
        self.continue_button.setVisible(False)
        if outcome.start_tree:
            target = pack.trees.get(outcome.start_tree)
            title = target.tree.title if target else outcome.start_tree
            self.continue_button.setText(self.tr("Continue with: %s") % title)
            self.continue_button.setAccessibleName(self.tr("Continue with: %s") % title)
            self.continue_button.setProperty("tree_id", outcome.start_tree)
            self.continue_button.setEnabled(target is not None)
            self.continue_button.setVisible(True)
        self.record_button.setVisible(outcome.decision is not None)

    def _outcome_html(self, outcome: Outcome, pack: RulePack) -> list[str]:
        parts = [f"<a name=\"outcome\"></a><h2>{html(self.tr('The outcome'))}</h2>"]
        self.decision_text = ""
        if outcome.decision:
            self.decision_text = decision_label(outcome.decision)
            colour = theme.decision_colour(outcome.decision, self.high_contrast)
            parts.append(f'<p style="font-size:xx-large; font-weight:bold; color:{colour}">'
                         f"{html(self.decision_text)}</p>")
        if outcome.emergency:
            warning = self.tr("Emergency: act first to protect people, then record what you "
                              "shared and why as soon as you can.")
            parts.append(f'<p style="color:{theme.colours(self.high_contrast).error}">'
                         f"<b>{html(warning)}</b></p>")
        parts.append(f"<p>{html(once(outcome.text))}</p>")
        sections: list[tuple[str, str]] = []
        if once(outcome.help):
            sections.append((self.tr("Reasons"), once(outcome.help)))
        if outcome.legal_basis:
            sections.append((self.tr("Legal basis"),
                             references_md(outcome.legal_basis, pack.references)))
        if outcome.conditions:
            sections.append((self.tr("Conditions to meet when you share"),
                             "\n".join(f"- {c}" for c in outcome.conditions)))
        if outcome.consult:
            sections.append((self.tr("Whom to consult"),
                             contacts_md(outcome.consult, pack.contacts)))
        other = [r for r in outcome.refs if r not in outcome.legal_basis]
        if other:
            sections.append((self.tr("Further reading"), references_md(other, pack.references)))
        for heading, md in sections:
            parts.append(f"<h3>{html(heading)}</h3>{markdown_html(md)}")
        return parts

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith(CHANGE):
            self.change.emit(target[len(CHANGE):])

    def change_links(self) -> list[str]:
        """The node ids the page offers to change, in reading order."""
        return re.findall(rf'href="{CHANGE}([^"]+)"', self.browser.toHtml())

    def focus_start(self) -> None:
        target = self.continue_button if self.continue_button.isVisible() \
            else self.record_button if self.record_button.isVisible() else self.back_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
