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
