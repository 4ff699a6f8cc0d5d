"""The help beside a question as widgets: each legal reference and each link in the rules'
Markdown is a link of its own (Tab reaches it, Enter opens its address, with no browser the
page gives the address), and the panel keeps its widgets from one question to the next."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel
from test_walk import choose, start

from isp_wizard.gui.framework import Heading, WrappingLink
from isp_wizard.gui.widgets.help_panel import HelpPanel
from isp_wizard.rulepack.models import Contact, Reference

ADVICE = ("https://www.gov.uk/government/publications/"
          "safeguarding-practitioners-information-sharing-advice")
ADVICE_NAME = "Information sharing advice for safeguarding practitioners (2024) (opens gov.uk)"


class Browser(QObject):
    """Stands in for the desktop's web browser: Qt hands it the addresses it is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_tab_reaches_a_questions_reference_and_enter_opens_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window)
    choose(window, "no")  # to "Is there a clear and legitimate purpose for sharing?"
    link = page.help.findChild(WrappingLink, "reference-hmg-info-sharing-2024")
    assert link is not None and link.isVisible()
    assert link.text() == "Information sharing advice for safeguarding practitioners (2024)"
    assert link.accessibleName() == ADVICE_NAME
    assert link.accessibleDescription() == ADVICE
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    page.input.buttons[0].setFocus()
    for _ in range(12):  # the answers, the actions, then the help: the link is a Tab stop
        if link.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert link.hasFocus()
    browser = Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        qtbot.keyClick(link, Qt.Key.Key_Return)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert browser.opened == [ADVICE]
    assert page.help.open_problem.isHidden()
    assert window.walk.session.current.id == "purpose", "Enter on a link does not answer"


def test_with_no_browser_the_help_gives_the_address(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window)
    choose(window, "no")
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    page.help.findChild(WrappingLink, "reference-hmg-info-sharing-2024").click()
    assert page.help.open_problem.isVisible()
    assert page.help.open_problem.text() == (
        "No web browser on this computer opened it. The address is: " + ADVICE)
    choose(window, "yes")  # the next question: the message was about the last one's link
    assert page.help.open_problem.isHidden()


def test_links_in_the_rules_markdown_are_links_of_their_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = HelpPanel("Help for this question")
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    opened: list[str] = []
    panel.open_address = opened.append  # type: ignore[method-assign]
    panel.show_help(
        help_text="Read [the **ICO** code](https://ico.org.uk/code) first, then "
                  "<https://www.gov.uk/guidance>. Ask [the DPO](mailto:dpo@example.org).",
        why="The [code](https://ico.org.uk/code) says so, and so does the "
            "[code](https://example.org/other).",
        refs=["ref-a", "unknown-ref"], consult=["dpo"],
        references={"ref-a": Reference(id="ref-a", title="UK GDPR Article 5",
                                       citation="UK GDPR, Article 5",
                                       url="https://www.legislation.gov.uk/eur/2016/679/article/5",
                                       kind="regulation")},
        contacts={"dpo": Contact(id="dpo", role="Data Protection Officer", name="Ann Lee",
                                 how="Phone 0100")})
    names = [link.accessibleName() for link in panel.links]
    assert names == ["the ICO code (opens ico.org.uk)",
                     "Page on gov.uk (opens in your web browser)",
                     "the DPO (email dpo@example.org)",
                     "code (opens ico.org.uk)",
                     "code (opens example.org)",
                     "UK GDPR Article 5 (opens legislation.gov.uk)"]
    assert len(set(names)) == len(names)
    assert [h.text() for h in panel.headings] == ["Guidance", "Why we ask", "Whom to ask",
                                                  "The law and guidance"]
    assert all(isinstance(h, Heading) and h.level == 2 for h in panel.headings)
    # the texts keep the links' words but hold no anchors a screen reader could not reach
    assert all("<a " not in text.text() for text in panel.texts)
    assert "Read the <b>ICO</b> code first" in panel.texts[0].text()
    assert all(t.focusPolicy() == Qt.FocusPolicy.StrongFocus for t in panel.texts)
    assert "unknown-ref" in panel.plain_text()
    panel.links[0].click()
    panel.links[2].click()
    assert opened == ["https://ico.org.uk/code", "mailto:dpo@example.org"]


def test_the_help_keeps_its_widgets_from_one_question_to_the_next(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The question page is the fastest-moving page: the next question's help is given to the
    widgets already there, and nothing of the last question's help is left."""
    panel = HelpPanel("Help for this question")
    qtbot.addWidget(panel)
    panel.show()
    references = {r: Reference(id=r, title=f"Title {r}", citation=f"Citation {r}",
                               url=f"https://example.org/{r}", kind="guidance")
                  for r in ("a", "b", "c")}

    def show(refs: list[str], why: str = "") -> None:
        panel.show_help(help_text="", why=why, refs=refs, consult=[], references=references,
                        contacts={})
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the loop would

    show(["a", "b"], why="Because.")
    first = list(panel.links) + list(panel.headings) + list(panel.texts)
    show(["c", "a"], why="Another reason.")
    assert list(panel.links) + list(panel.headings) + list(panel.texts) == first
    assert [link.property("url") for link in panel.links] == [
        "https://example.org/c", "https://example.org/a"]
    assert panel.plain_text().split("\n") == [
        "Why we ask", "Another reason.", "The law and guidance", "Title c", "Citation c.",
        "Title a", "Citation a."]
    show(["b"])  # fewer parts: the ones left over go
    assert panel.plain_text().split("\n") == [
        "The law and guidance", "Title b", "Citation b."]
    assert len(panel.findChildren(WrappingLink)) == 1
    show([])
    assert panel.plain_text().startswith("There is no extra guidance for this question.")
    assert panel.texts[0].focusPolicy() == Qt.FocusPolicy.StrongFocus
    show(["a"])  # a kept label that was a text is now a citation, reached through its link
    citation = next(w for w in panel.findChildren(QLabel)
                    if not isinstance(w, WrappingLink | Heading) and w.text() == "Citation a.")
    assert citation.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize("kind", ["text", "heading", "link"])
def test_a_kept_text_is_laid_out_anew_at_a_larger_text_size(qtbot, kind: str) -> None:  # type: ignore[no-untyped-def]
    """The help's texts, headings and links remember their height at each width; a larger
    text size (200 %) makes them taller at once, not when their words next change."""
    from isp_wizard.gui.widgets.common import WrappedText

    words = "Why we ask: the words of a help text long enough to wrap " * 4
    text = {"text": WrappedText, "heading": Heading, "link": WrappingLink}[kind](words)
    qtbot.addWidget(text)
    before = text.heightForWidth(300)
    text.setText(words)  # the same words: the height is kept
    assert text.heightForWidth(300) == before
    font = text.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    text.setFont(font)
    assert text.heightForWidth(300) > before * 1.5
    text.setText("Short.")
    assert text.heightForWidth(300) < before
