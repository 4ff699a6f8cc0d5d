"""The review's law as links of their own: Enter on a reference opens its address in the web
browser; with no browser, the page says so and gives the address."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from test_walk import choose, start

from isp_wizard.gui.framework import WrappingLink

ADDRESS = "https://www.legislation.gov.uk/eur/2016/679/article/6"


class Browser(QObject):
    """Stands in for the desktop's web browser: Qt hands it the addresses it is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def _review(qtbot, window):  # type: ignore[no-untyped-def]
    page = start(qtbot, window)
    choose(window, "no")
    choose(window, "yes")
    qtbot.keyClicks(page.input.editor, "a phone number")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        qtbot.keyClick(page.input.editor, Qt.Key.Key_Return)
    return window.pages["review"]


def test_enter_on_a_reference_opens_its_address(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    review = _review(qtbot, window)
    link = review.findChild(WrappingLink, "reference-uk-gdpr-6-1-e")
    assert link is not None and link.isVisible()
    assert link.text() == "UK GDPR Article 6(1)(e) — public task"
    assert link.accessibleName() == \
        "UK GDPR Article 6(1)(e) — public task (opens legislation.gov.uk)"
    # the outcome, then the action, then the law: Record stays one Tab from the outcome
    assert review.browser.hasFocus()
    qtbot.keyClick(review.browser, Qt.Key.Key_Tab)
    assert review.record_button.hasFocus()
    qtbot.keyClick(review.record_button, Qt.Key.Key_Tab)
    assert link.hasFocus()
    browser = Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        qtbot.keyClick(link, Qt.Key.Key_Return)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert browser.opened == [ADDRESS]
    assert review.outcome.open_problem.isHidden()


def test_with_no_browser_the_page_gives_the_address(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    review = _review(qtbot, window)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    review.findChild(WrappingLink, "reference-uk-gdpr-6-1-e").click()
    problem = review.outcome.open_problem
    assert problem.isVisible()
    assert problem.text() == ("No web browser on this computer opened it. The address is: "
                              + ADDRESS)


def test_each_review_shows_its_own_outcome_with_the_last_one_s_widgets(qtbot, window,
                                                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The outcome's widgets are kept from one review to the next and given the new outcome's
    words: nothing of the last outcome is left on screen, and each link opens its own address."""
    from PySide6.QtWidgets import QMessageBox

    from isp_wizard.gui.framework import Heading

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    review = _review(qtbot, window)

    def shown(kind):  # type: ignore[no-untyped-def]
        return [w for w in review.findChildren(kind) if w.isVisibleTo(review)]

    def again(answer: str, text: str = "") -> None:
        with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
            window.change_answer("purpose")
            choose(window, answer)
            if text:
                editor = window.pages["question"].input.editor
                qtbot.keyClicks(editor, text)
                qtbot.keyClick(editor, Qt.Key.Key_Return)

    share = [h.text() for h in review.outcome.headings]
    assert "The law behind this outcome" in share
    again("unsure")  # ask the DPO: whom to consult, and no law
    headings = [h.text() for h in shown(Heading) if h in review.outcome.headings]
    assert headings == [h.text() for h in review.outcome.headings]
    assert "Whom to consult" in headings and "The law behind this outcome" not in headings
    assert [w for w in shown(WrappingLink) if w in review.outcome.links] == []
    assert review.outcome.links == []
    again("yes", "a phone number")  # share again
    assert [h.text() for h in review.outcome.headings] == share
    [link] = [w for w in shown(WrappingLink) if w in review.outcome.links]
    assert link.objectName() == "reference-uk-gdpr-6-1-e"
    browser = Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        link.click()
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert browser.opened == [ADDRESS]
    # the same outcome once more: its widgets are the ones already on the page
    kept = list(review.outcome.headings)
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        window.back_from_review()
        window.pages["question"].next_button.click()
    assert all(a is b for a, b in zip(review.outcome.headings, kept, strict=True))
