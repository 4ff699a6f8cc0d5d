"""The details page enforces the record model's field limits: an error under the field, and
nothing typed is cut off."""

from __future__ import annotations

from test_walk import choose, start


def test_over_long_and_invisible_characters_are_refused_and_kept(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, window)
    choose(window, "yes")
    window.pages["review"].record_button.click()
    details = window.pages["details"]
    case = "CASE-" + "7" * 145
    qtbot.keyClicks(details.editors["case_reference"], case)
    details.editors["notes"].setPlainText("n" * 20_001)
    details.next_button.click()
    assert window.current_key() == "details"
    summary = "\n".join(details.summary.messages())
    assert "Case reference: at most 100 characters (this has 150)" in summary
    assert "at most 20,000 characters (this has 20,001)" in summary
    assert details.editors["case_reference"].text() == case  # nothing typed is lost
    assert len(details.editors["notes"].toPlainText()) == 20_001

    details.editors["case_reference"].setText("CSP-\u202e77")
    details.editors["notes"].setPlainText("")
    details.next_button.click()
    assert window.current_key() == "details"
    assert "remove the invisible character U+202E" in "\n".join(details.summary.messages())
