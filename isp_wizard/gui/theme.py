"""Colours, fonts and text size: the ordinary theme, a high-contrast one, and training's accent.

High contrast pairs white on black with yellow for focus and links; every pair used meets WCAG AA
(4.5:1 for text) — ``contrast_ratio`` is there so the tests can check it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from isp_wizard.vocabulary import DECISIONS, OUTCOMES

BASE_POINT_SIZE = 10.0


@dataclass(frozen=True)
class Colours:
    window: str
    text: str
    base: str
    alt_base: str
    button: str
    highlight: str
    highlight_text: str
    link: str
    muted: str
    accent: str
    focus: str
    error: str
    banner: str
    banner_text: str


NORMAL = Colours(
    window="#f4f5f7", text="#1b1d21", base="#ffffff", alt_base="#eef0f3", button="#e6e8ec",
    highlight="#1f5fa8", highlight_text="#ffffff", link="#1a4f8f", muted="#4a4f57",
    accent="#1f5fa8", focus="#0b0c0c", error="#b3261e", banner="#fff4ce", banner_text="#3d2e00",
)
HIGH_CONTRAST = Colours(
    window="#000000", text="#ffffff", base="#000000", alt_base="#1a1a1a", button="#000000",
    highlight="#ffff00", highlight_text="#000000", link="#ffff00", muted="#ffffff",
    accent="#ffff00", focus="#00ffff", error="#ff8a80", banner="#ffff00", banner_text="#000000",
)
TRAINING_ACCENT = "#7a1fa2"
FOCUS_FILL = "#ffdd00"  # a focused button or link: dark text on yellow, in either theme

DECISION_COLOURS = {t.key: (t.colour, t.high_contrast_colour) for t in DECISIONS}


def colours(high_contrast: bool) -> Colours:
    return HIGH_CONTRAST if high_contrast else NORMAL


def decision_colour(decision: str | None, high_contrast: bool) -> str:
    return OUTCOMES.colour(decision, high_contrast)


def relative_luminance(hex_colour: str) -> float:
    colour = QColor(hex_colour)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette(c: Colours) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base, QPalette.ColorRole.AlternateBase: c.alt_base,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.button,
        QPalette.ColorRole.ButtonText: c.text, QPalette.ColorRole.Highlight: c.highlight,
        QPalette.ColorRole.HighlightedText: c.highlight_text, QPalette.ColorRole.Link: c.link,
        QPalette.ColorRole.ToolTipBase: c.base, QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted, QPalette.ColorRole.BrightText: c.error,
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return pal


def stylesheet(c: Colours, scale: int, training: bool) -> str:
    """Focus rings, headings and cards; sizes follow the text scale so nothing clips.

    Focus is never shown in the error colour: a thick ring in ``focus`` (and, on buttons and
    links, the yellow focus fill with dark text), so "where am I" and "what is wrong" differ.
    Every text box keeps a visible border in both themes (WCAG 1.4.11), and radio buttons and
    check boxes grow with the text.
    """
    accent = TRAINING_ACCENT if training and c is NORMAL else c.accent
    border = max(2, round(2 * scale / 100))
    base = BASE_POINT_SIZE * scale / 100
    size = round(base * 1.25)  # an indicator about as tall as the line of text beside it
    box_border = f"{border}px solid {c.text}" if c is HIGH_CONTRAST else f"1px solid {c.muted}"
    on_primary = c.highlight_text if c is HIGH_CONTRAST else "#ffffff"
    return f"""
QWidget:focus {{ outline: none; }}
QPushButton, QToolButton {{ padding: 0.3em 0.8em;
  border: 1px solid {c.muted}; border-radius: 4px; background: {c.button}; color: {c.text}; }}
QPushButton[primary="true"] {{ background: {accent}; color: {on_primary};
  border: 1px solid {accent}; font-weight: bold; }}
QPushButton:checked {{ background: {c.base};
  border: 1px solid {c.text}; }}
QPushButton[role="link"] {{ background: transparent; border: {border}px solid transparent;
  color: {c.link}; text-decoration: underline; padding: 0.1em 0.2em; text-align: left; }}
QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QTextBrowser, QTableView, QTreeView,
QListView {{ border: {box_border}; }}
QLineEdit, QComboBox, QAbstractSpinBox {{ padding: 0.15em 0.3em; background: {c.base}; }}
QRadioButton, QCheckBox {{ padding: 1px; border: {border}px solid transparent; }}
QRadioButton::indicator, QCheckBox::indicator {{ width: {size}px; height: {size}px;
  border: 2px solid {c.text}; background: {c.base}; }}
QRadioButton::indicator {{ border-radius: {size // 2 + 2}px; }}
QRadioButton::indicator:checked, QCheckBox::indicator:checked {{ background: {c.highlight};
  border: 3px solid {c.text}; }}
QPushButton:focus, QToolButton:focus, QPushButton[primary="true"]:focus,
QPushButton[role="link"]:focus {{ background: {FOCUS_FILL}; color: #0b0c0c;
  border: {border + 1}px solid {c.focus}; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus,
QTableView:focus, QTreeView:focus, QTextBrowser:focus, QListView:focus,
QGraphicsView:focus {{ border: {border + 1}px solid {c.focus}; }}
QCheckBox:focus, QRadioButton:focus {{ border: {border}px solid {c.focus}; }}
QLabel[role="title"] {{ font-size: {base * 1.6:.1f}pt; font-weight: bold; }}
QLabel[role="heading"], QLabel[role="errorHeading"] {{ font-size: {base * 1.25:.1f}pt;
  font-weight: bold; }}
QLabel[role="decision"] {{ font-size: {base * 2.2:.1f}pt; font-weight: bold; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="answer"] {{ font-weight: bold; }}
QLabel[role="error"] {{ color: {c.error}; font-weight: bold; }}
QLabel[role="outcome"] {{ border: {border}px solid transparent; }}
QLabel[role="outcome"]:focus {{ border: {border + 1}px solid {c.focus}; }}
QLabel[role="judgement"] {{ color: {c.muted}; font-style: italic; }}
QFrame[role="card"] {{ background: {c.base}; border: 1px solid {c.muted}; border-radius: 6px; }}
QFrame[role="errorSummary"] {{ background: {c.base}; border: {border + 2}px solid {c.error}; }}
QLabel[role="link"] {{ color: {c.link}; text-decoration: underline;
  border: {border}px solid transparent; padding: 0.1em 0.2em; }}
QLabel[role="link"]:focus {{ background: {FOCUS_FILL}; color: #0b0c0c;
  border: {border + 1}px solid {c.focus}; }}
QFrame[role="errorSummary"] QLabel[role="link"] {{ color: {c.error}; font-weight: bold; }}
QFrame[role="errorSummary"] QLabel[role="link"]:focus {{ color: #0b0c0c; }}
QFrame[role="banner"] {{ background: {c.banner}; border: 2px solid {c.text if c is HIGH_CONTRAST else '#8a6d00'}; }}
QFrame[role="banner"] QLabel {{ color: {c.banner_text}; }}
QFrame[role="training"] {{ background: {accent}; }}
QFrame[role="training"] QLabel {{ color: {on_primary}; font-weight: bold; }}
""" + (_high_contrast_controls(c, base) if c is HIGH_CONTRAST else "")


def _high_contrast_controls(c: Colours, base_pt: float) -> str:
    """Fusion draws scroll bars and progress bars from the palette's greys, which vanish on
    black: draw them in white, filled with yellow."""
    size = round(base_pt * 1.4)
    return f"""
QScrollBar {{ background: {c.base}; border: 1px solid {c.text}; }}
QScrollBar:vertical {{ width: {size}px; }}
QScrollBar:horizontal {{ height: {size}px; }}
QScrollBar::handle {{ background: {c.text}; min-height: {size}px; min-width: {size}px; }}
QProgressBar {{ border: 1px solid {c.text}; }}
QProgressBar::chunk {{ background: {c.highlight}; }}
"""


_FUSION = "isp_wizard_fusion"  # an application property: its style is known to be Fusion


def new_application(argv: list[str]) -> QApplication:
    """The application, drawn in Fusion from the start: Qt makes the style it is given on the
    command line, so start-up neither asks which style it has (which costs about 5 ms: every
    enumeration of QStyle is made in Python) nor makes another."""
    app = QApplication([*argv[:1], "-style", "fusion"])
    app.setProperty(_FUSION, True)
    return app


def apply(app: QApplication, *, scale: int, high_contrast: bool, training: bool) -> Colours:
    """Apply the palette, text size and stylesheet to the whole application."""
    c = colours(high_contrast)
    # already Fusion on Linux; re-making it is slow
    if not app.property(_FUSION) and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setProperty(_FUSION, True)
    app.setPalette(palette(c))
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * max(100, min(200, scale)) / 100)
    app.setFont(font)
    app.setStyleSheet(stylesheet(c, scale, training))
    return c
