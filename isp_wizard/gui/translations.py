"""The app in the user's language: a QTranslator from the settings' ``language``.

Translations are Qt Linguist sources in ``assets/translations/isp_wizard_LANG.ts`` (extracted
with ``pyside6-lupdate``); ``dev.py`` compiles them to ``.qm`` with ``pyside6-lrelease``. Write
``self.tr("…")`` inside a class, or ``translate("Context", "…")`` elsewhere with the context the
text is looked up under: lupdate reads the call as written, so the context must be a literal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from isp_wizard.paths import assets_dir

# (code, name shown in the settings, in its own language); "" is the English the app is written in
LANGUAGES: tuple[tuple[str, str], ...] = (("", "English"), ("cy", "Cymraeg (Welsh)"))

_installed: list[QTranslator] = []


def translate(context: str, text: str) -> str:
    """``text`` in the current language, looked up under ``context``."""
    return QCoreApplication.translate(context, text)


def translations_dir() -> Path:
    return assets_dir() / "translations"


def qm_file(language: str, folder: Path | None = None) -> Path:
    return (folder or translations_dir()) / f"isp_wizard_{language}.qm"


def use_language(language: str, folder: Path | None = None) -> bool:
    """Install the translator for ``language`` ("" for English), replacing any other.

    False when the compiled translation is missing or unreadable: the app stays in English.
    Widgets made afterwards are in the new language; open screens keep their text.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if not language:
        return True
    translator = QTranslator(app)
    if not translator.load(str(qm_file(language, folder))):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
