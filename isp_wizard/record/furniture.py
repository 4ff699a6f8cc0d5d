"""Page furniture for the record: the training watermark, the footer with "Page x of y" and
the boxes the signature stamps fill (which note where they are for the signer)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from isp_wizard.record.fonts import BOLD, REGULAR

WATERMARK = "TRAINING — NOT A REAL RECORD"


def page_decoration(training: bool):  # type: ignore[no-untyped-def]
    def decorate(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        if not training:
            return
        from reportlab.lib.colors import Color

        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFillColor(Color(0.85, 0.1, 0.1, alpha=0.16))
        canvas.setFont(BOLD, 40)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -14, WATERMARK)
        canvas.restoreState()

    return decorate


def numbered_canvas(footer: str, margin: float):  # type: ignore[no-untyped-def]
    """A canvas class that knows the page count when it writes each page's footer."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(REGULAR, 7.5)
            self.setFillColorRGB(0.3, 0.3, 0.3)
            self.drawString(margin, margin - 2, footer)
            self.drawRightString(width - margin, margin - 2,
                                 f"Page {self._pageNumber} of {total}")
            self.setStrokeColorRGB(0.7, 0.7, 0.7)
            self.setLineWidth(0.4)
            self.line(margin, margin + 8, width - margin, margin + 8)
            self.restoreState()

    return NumberedCanvas


class SignatureBoxes(Flowable):
    """Two labelled boxes that the signatures' visible stamps fill; notes where they are."""

    HEIGHT = 92
    GAP = 12

    def __init__(self, width: float, places: dict[str, Any],
                 labels: tuple[str, str] = ("Decision maker", "Countersignature (manager)")
                 ) -> None:
        super().__init__()
        self.width = width
        self.labels = labels
        self.height = self.HEIGHT + 12
        self.places = places

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        box_w = (self.width - self.GAP) / 2
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        canvas.setFillColorRGB(0.33, 0.33, 0.33)
        canvas.drawString(0, self.HEIGHT + 3, self.labels[0])
        canvas.drawString(box_w + self.GAP, self.HEIGHT + 3, self.labels[1])
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.setLineWidth(0.5)
        boxes = []
        for left in (0.0, box_w + self.GAP):
            canvas.rect(left, 0, box_w, self.HEIGHT)
            x1, y1 = canvas.absolutePosition(left, 0)
            x2, y2 = canvas.absolutePosition(left + box_w, self.HEIGHT)
            boxes.append((round(x1) + 1, round(y1) + 1, round(x2) - 1, round(y2) - 1))
        canvas.restoreState()
        self.places.update(page=canvas.getPageNumber() - 1, decider=boxes[0],
                           countersign=boxes[1], pages=canvas.getPageNumber())
