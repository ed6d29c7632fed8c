# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One PDF for many deliveries, drawn with reportlab.

Fed with the plain values of :mod:`oms_domain.labels` and captions already
translated; knows nothing of Odoo records. Pages: the problems found (when
any), the aggregated pick list, then per delivery its packing slip (A4 or
Letter) and its 4 x 6 in labels, one per parcel.
"""

import io
import logging
import os
import unicodedata

from reportlab.graphics.barcode import code128, qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from oms_domain.labels import LABEL_SIZE, label_layout, visual_order

_logger = logging.getLogger(__name__)

# Fonts with Latin, Greek, Cyrillic and Hebrew letters; Helvetica (Latin-1
# only) when none is installed. Chinese, Japanese and Korean text uses
# reportlab's built-in CID fonts, which need no file.
FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
]
CJK_FONT = "STSong-Light"
# TrueType fonts with Chinese characters (Debian: fonts-wqy-zenhei,
# fonts-wqy-microhei, fonts-arphic-uming, fonts-droid-fallback), the first one
# installed is embedded; else the CID font above, which the reader's own Asian
# fonts draw. (Noto CJK has PostScript outlines, which reportlab cannot embed.)
CJK_TTFS = [
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]
_fonts = {}


def _register_fonts():
    if _fonts:
        return _fonts
    _fonts.update(regular="Helvetica", bold="Helvetica-Bold")
    for regular, bold in FONT_CANDIDATES:
        if os.path.isfile(regular) and os.path.isfile(bold):
            try:
                pdfmetrics.registerFont(TTFont("OmsSans", regular))
                pdfmetrics.registerFont(TTFont("OmsSans-Bold", bold))
            except Exception:  # a broken font file: keep Helvetica
                _logger.info("Cannot load font %s", regular, exc_info=True)
                continue
            _fonts.update(regular="OmsSans", bold="OmsSans-Bold")
            break
    _fonts["cjk"] = _fonts["regular"]
    for path in CJK_TTFS:
        if not os.path.isfile(path):
            continue
        try:
            pdfmetrics.registerFont(TTFont("OmsCjk", path, subfontIndex=0))
        except Exception:  # a broken or PostScript font: try the next one
            _logger.info("Cannot load font %s", path, exc_info=True)
            continue
        _fonts["cjk"] = "OmsCjk"
        break
    else:
        try:
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
            _fonts["cjk"] = CJK_FONT
        except Exception:  # pragma: no cover - Latin font instead
            _logger.info("Cannot load a Chinese font", exc_info=True)
    return _fonts


def _is_cjk(text):
    return any(unicodedata.east_asian_width(char) in ("W", "F") for char in text or "")


class FulfilmentPdf:
    """Draws pages one after another; :meth:`finish` returns the PDF bytes."""

    def __init__(self, slip_size=A4, title=""):
        self.fonts = _register_fonts()
        self.slip_size = slip_size
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(
            self.buffer, pagesize=slip_size, pageCompression=1, invariant=1
        )
        self.canvas.setTitle(title)
        self.canvas.setCreator("OMS Multichannel")
        self.pages = 0

    # Text helpers --------------------------------------------------------------

    def _font(self, text, bold=False):
        if _is_cjk(text):
            return self.fonts["cjk"]
        return self.fonts["bold" if bold else "regular"]

    def text(self, x, y, text, size=10, bold=False, right=False, center=False):
        text = "" if text is None else str(text)
        font = self._font(text, bold)
        # Glyphs go left to right: Hebrew and Arabic in display order.
        text = visual_order(text)
        self.canvas.setFont(font, size)
        if right:
            self.canvas.drawRightString(x, y, text)
        elif center:
            self.canvas.drawCentredString(x, y, text)
        else:
            self.canvas.drawString(x, y, text)

    def fit(self, text, width, size=10, bold=False):
        """``text`` cut with an ellipsis to ``width`` points."""
        text = "" if text is None else str(text)
        font = self._font(text, bold)
        if pdfmetrics.stringWidth(text, font, size) <= width:
            return text
        while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        return text + "…"

    def lines(self, x, y, lines, width, size=10, leading=None, bold=False, limit=0):
        """Draw wrapped lines from ``y`` downwards; returns the next free y."""
        leading = leading or size * 1.25
        count = 0
        for line in lines:
            font = self._font(line, bold)
            for part in simpleSplit(str(line), font, size, width) or [""]:
                if limit and count >= limit:
                    return y
                self.text(x, y, part, size, bold)
                y -= leading
                count += 1
        return y

    def new_page(self, size):
        if self.pages:
            self.canvas.showPage()
        self.canvas.setPageSize(size)
        self.pages += 1

    # Codes -----------------------------------------------------------------------

    def code128(self, value, x, y, width, height, human=True):
        probe = code128.Code128(value, barWidth=1, barHeight=height, quiet=0)
        # Scanners need a quiet zone of ten modules on each side.
        bar_width = min(2.0, width / (probe.width + 20))
        barcode = code128.Code128(
            value, barWidth=bar_width, barHeight=height - (12 if human else 0), quiet=0
        )
        left = x + (width - barcode.width) / 2
        barcode.drawOn(self.canvas, left, y + (12 if human else 0))
        if human:
            self.text(x + width / 2, y + 1, value, 9, center=True)

    def qr(self, value, x, y, side, border=2):
        """A QR code of ``value`` drawn straight on the canvas, one rectangle per
        run of dark modules (reportlab's widget draws a shape per module and
        tries eight masks: ten times slower for 500 labels)."""
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(value)
        code.version = code.calculate_version()
        code.makeImpl(False, 0)  # any mask is valid; searching the best is slow
        count = code.getModuleCount()
        module = side / (count + 2 * border)
        self.canvas.setFillColorRGB(0, 0, 0)
        for row in range(count):
            top = y + side - (border + row + 1) * module
            col = 0
            while col < count:
                if not code.isDark(row, col):
                    col += 1
                    continue
                start = col
                while col < count and code.isDark(row, col):
                    col += 1
                self.canvas.rect(
                    x + (border + start) * module,
                    top,
                    (col - start) * module,
                    module,
                    stroke=0,
                    fill=1,
                )

    # Pages -----------------------------------------------------------------------

    def problems_page(self, title, intro, entries):
        """``entries``: [(delivery reference, [message, ...])]."""
        width, height = self.slip_size
        self.new_page(self.slip_size)
        y = height - 60
        self.text(40, y, title, 16, bold=True)
        y = self.lines(40, y - 24, [intro], width - 80, 10)
        for reference, messages in entries:
            if y < 80:
                self.new_page(self.slip_size)
                y = height - 60
            self.text(40, y - 6, reference, 11, bold=True)
            y = self.lines(56, y - 22, ["• " + m for m in messages], width - 100, 10)

    def pick_list(self, title, subtitle, headers, rows):
        """``rows``: [(location, product, code, quantity, deliveries)]."""
        width, height = self.slip_size
        columns = [40, 190, 380, 450, width - 40]

        def header(y):
            self.text(40, y, title, 16, bold=True)
            self.text(40, y - 18, subtitle, 9)
            y -= 44
            for left, caption in zip(columns, headers, strict=False):
                self.text(left, y, caption, 9, bold=True)
            self.canvas.line(40, y - 4, width - 40, y - 4)
            return y - 18

        self.new_page(self.slip_size)
        y = header(height - 50)
        for location, product, code, quantity, deliveries in rows:
            if y < 50:
                self.new_page(self.slip_size)
                y = header(height - 50)
            self.text(columns[0], y, self.fit(location, 145, 9), 9)
            self.text(columns[1], y, self.fit(product, 185, 9), 9)
            self.text(columns[2], y, self.fit(code, 65, 9), 9)
            self.text(columns[3] + 40, y, quantity, 9, bold=True, right=True)
            self.text(columns[3] + 52, y, self.fit(deliveries, width - 532, 8), 8)
            y -= 15

    def packing_slip(self, slip, texts):
        width, height = self.slip_size
        self.new_page(self.slip_size)
        y = height - 50
        self.text(40, y, texts["title"], 18, bold=True)
        self.code128(slip.reference, width - 230, y - 40, 190, 52)
        y = self.lines(40, y - 22, slip.sender.lines(), 200, 9, limit=5)
        y = min(y, height - 120) - 10
        meta = [
            (texts["order"], slip.order_ref),
            (texts["delivery"], slip.reference),
            (texts["date"], slip.date),
        ]
        if slip.channel:
            meta.append((texts["channel"], slip.channel))
        top = y
        for caption, value in meta:
            self.text(320, y, caption, 9, bold=True)
            self.text(420, y, self.fit(value, width - 460, 9), 9)
            y -= 14
        self.text(40, top, texts["ship_to"], 9, bold=True)
        address_end = self.lines(40, top - 14, slip.recipient.lines(), 250, 10)
        y = min(y, address_end) - 16
        columns = [40, 300, 400, 470]
        captions = [texts["product"], texts["code"], texts["ordered"], texts["shipped"]]

        def table_header(y):
            for left, caption in zip(columns, captions, strict=False):
                self.text(left, y, caption, 9, bold=True)
            self.canvas.line(40, y - 4, width - 40, y - 4)
            return y - 18

        y = table_header(y)
        for line in slip.lines:
            if y < 90:
                self.new_page(self.slip_size)
                y = table_header(height - 50)
            self.text(columns[0], y, self.fit(line.product, 250, 10), 10)
            self.text(columns[1], y, self.fit(line.code, 95, 9), 9)
            self.text(
                columns[2] + 50, y, "%g %s" % (line.ordered, line.uom), 10, right=True
            )
            self.text(
                columns[3] + 60,
                y,
                "%g %s" % (line.shipped, line.uom),
                10,
                right=True,
                bold=True,
            )
            y -= 16
        y -= 8
        if slip.boxes:
            y = self.lines(
                40, y, [texts["boxes"] + " " + ", ".join(slip.boxes)], width - 80, 9
            )
        if slip.note:
            y = self.lines(40, y - 4, [slip.note], width - 80, 9, limit=6)
        self.text(width / 2, 40, texts["thanks"], 10, center=True)

    def label(self, label, texts):
        width, height = LABEL_SIZE
        self.new_page(LABEL_SIZE)
        regions = label_layout()
        c = self.canvas
        c.setLineWidth(1.5)
        c.rect(6, 6, width - 12, height - 12)
        header = regions["header"]
        self.text(
            header.x,
            header.y + 10,
            self.fit(label.carrier, 180, 14, True),
            14,
            bold=True,
        )
        self.text(
            header.x + header.width,
            header.y + 10,
            "%s %d/%d" % (texts["parcel"], label.parcel, label.parcels),
            11,
            bold=True,
            right=True,
        )
        c.line(header.x, header.y, header.x + header.width, header.y)
        sender = regions["sender"]
        self.text(sender.x, sender.y + sender.height - 10, texts["from"], 7, bold=True)
        self.lines(
            sender.x,
            sender.y + sender.height - 22,
            label.sender.lines(),
            sender.width,
            8,
            limit=5,
        )
        c.line(sender.x, sender.y, sender.x + sender.width, sender.y)
        recipient = regions["recipient"]
        self.text(
            recipient.x, recipient.y + recipient.height - 12, texts["to"], 8, bold=True
        )
        self.lines(
            recipient.x + 8,
            recipient.y + recipient.height - 30,
            label.recipient.lines(),
            recipient.width - 8,
            13,
            bold=True,
            limit=6,
        )
        c.line(recipient.x, recipient.y, recipient.x + recipient.width, recipient.y)
        barcode = regions["barcode"]
        self.code128(
            label.barcode_value,
            barcode.x,
            barcode.y + 4,
            barcode.width,
            barcode.height - 8,
        )
        c.line(barcode.x, barcode.y, barcode.x + barcode.width, barcode.y)
        qr_box = regions["qr"]
        self.qr(label.qr_value, qr_box.x, qr_box.y, qr_box.width)
        details = regions["details"]
        rows = [
            (
                texts["weight"],
                "%.2f %s" % (label.weight, label.weight_uom) if label.weight else "-",
            ),
            (texts["box"], label.box or "-"),
            (texts["order"], label.order_ref or "-"),
            (texts["delivery"], label.reference),
        ]
        if label.tracking_ref:
            rows.append((texts["tracking"], label.tracking_ref))
        step = min(22, details.height / len(rows))
        y = details.y + details.height - 8
        for caption, value in rows:
            self.text(details.x, y, caption, 7, bold=True)
            self.text(details.x, y - 9, self.fit(value, details.width, 8.5), 8.5)
            y -= step

    def finish(self):
        if not self.pages:
            self.new_page(self.slip_size)
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()
