"""Translations end to end: strings extracted under the context they are looked up with, the
shipped Welsh compiled with pyside6-lrelease, chosen in Settings, and Home drawn in Welsh."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton

from isp_wizard.folders import assets_dir
from isp_wizard.gui import translations

ROOT = Path(__file__).resolve().parents[2]
WELSH_TS = assets_dir() / "translations" / "isp_wizard_cy.ts"
TOOLS = Path(sys.executable).parent
WELSH_TITLE = "Rhannu gwybodaeth am bobl: penderfynu, cofnodi, llofnodi"


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or ""): msg
            for ctx in root.iter("context") for msg in ctx.iter("message")}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], ET.Element]:
    """What pyside6-lupdate finds in the GUI's source today."""
    out = tmp_path_factory.mktemp("lupdate") / "all.ts"
    sources = sorted(str(p) for p in (ROOT / "isp_wizard" / "gui").rglob("*.py"))
    subprocess.run([str(TOOLS / "pyside6-lupdate"), *sources, "-ts", str(out)], check=True,
                   capture_output=True, timeout=120)
    return messages(out)


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The shipped Welsh .ts compiled as dev.py compiles it, in place of the built .qm."""
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(WELSH_TS), "-qm",
                    str(tmp_path / "isp_wizard_cy.qm")], check=True, timeout=120)
    monkeypatch.setattr(translations, "translations_dir", lambda: tmp_path)
    yield
    translations.use_language("")


def test_every_string_is_extracted_under_a_real_context(extracted) -> None:  # type: ignore[no-untyped-def]
    contexts = {ctx for ctx, _ in extracted}
    assert "" not in contexts, [src for ctx, src in extracted if not ctx][:5]
    assert "parent" not in contexts
    assert {"HomePage", "Help", "RegisterPage", "DetailsPage", "Training"} <= contexts
    assert len(extracted) > 400


def test_home_with_its_navigation_and_footer_is_wholly_translated_into_welsh(extracted) -> None:  # type: ignore[no-untyped-def]
    shipped = messages(WELSH_TS)
    from isp_wizard.gui.pages import PAGES

    home = {key for key in extracted if key[0] in ("HomePage", "Judgement")}
    home |= {("MainWindow", spec.nav_label) for spec in PAGES if spec.nav_label}
    missing = home - set(shipped)
    assert not missing, (f"{sorted(missing)} not in {WELSH_TS.name}: run pyside6-lupdate on "
                         "isp_wizard/gui (see README, Translations) and translate them")
    for key in home:
        translation = shipped[key].find("translation")
        assert translation is not None and translation.text, key
        assert translation.get("type") != "unfinished", key


def test_choosing_welsh_in_settings_draws_home_in_welsh(qtbot, welsh, window,  # type: ignore[no-untyped-def]
                                                        make_window) -> None:
    window.show_page("settings")
    page = window.pages["settings"]
    page.language.setCurrentIndex(page.language.findData("cy"))
    page.save()
    assert window.ctx.settings.language == "cy"
    assert QCoreApplication.translate("HomePage", "Latest records") == "Cofnodion diweddaraf"

    welsh_window = make_window()
    texts = {w.text() for w in welsh_window.pages["home"].findChildren(QLabel)}
    assert WELSH_TITLE in texts
    assert "Sharing information about people: decide, record, sign" not in texts
    buttons = {b.text() for b in welsh_window.findChildren(QPushButton)}
    assert {"&Cartref", "Co&frestr", "&Gosodiadau"} <= buttons

    page.language.setCurrentIndex(page.language.findData(""))
    page.save()
    english = make_window()
    texts = {w.text() for w in english.pages["home"].findChildren(QLabel)}
    assert "Sharing information about people: decide, record, sign" in texts


def test_a_language_whose_translation_is_not_built_says_so_and_stays_english(  # type: ignore[no-untyped-def]
        qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(translations, "translations_dir", lambda: tmp_path)  # no .qm there
    window.show_page("settings")
    page = window.pages["settings"]
    page.language.setCurrentIndex(page.language.findData("cy"))
    page.save()
    assert "Cymraeg (Welsh) translation is not installed" in page.status.text()
    assert QCoreApplication.translate("HomePage", "Latest records") == "Latest records"
    page.language.setCurrentIndex(page.language.findData(""))
    page.save()
    assert page.status.text() == "Settings saved."
