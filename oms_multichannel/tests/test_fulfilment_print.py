# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import logging
import os

from PyPDF2 import PdfReader

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_fulfilment import FulfilmentCommon

_logger = logging.getLogger(__name__)

try:  # requirements-test.txt: render pages and read their codes back
    import pypdfium2
    import zxingcpp
except ImportError:  # pragma: no cover
    pypdfium2 = zxingcpp = None

REPORT = "oms_multichannel.action_report_oms_fulfilment"
# Where a test run saves one rendered label to look at (make test: .oms/).
PREVIEW_DIR = os.environ.get("OMS_PDF_PREVIEW_DIR")


def pdf_pages(pdf):
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _font_names(pdf):
    """BaseFont names of the fonts the PDF's pages use."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for font in fonts.get_object().values():
            names.add(font.get_object().get("/BaseFont"))
    return names


def page_codes(pdf, index, name=None):
    """{(format, text)} of the barcodes on page ``index``, read from its image."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[index].render(scale=200 / 72).to_pil()
    if name and PREVIEW_DIR:
        image.save(os.path.join(PREVIEW_DIR, name))
    return {(code.format.name, code.text) for code in zxingcpp.read_barcodes(image)}


class PrintCommon(FulfilmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.good = cls._delivery([(cls.mug, 2), (cls.tee, 1)])
        cls.good.carrier_tracking_ref = "FU123456789"
        cls.no_carrier = cls._delivery([(cls.mug, 1)], carrier=False)
        homeless = cls.customer.copy({"name": "Nobody Street", "street": False})
        cls.no_street = cls._delivery([(cls.sneaker, 1)], partner=homeless)
        cls.pickings = cls.good | cls.no_carrier | cls.no_street

    def _render(self, records, report=REPORT, user=None):
        report = self.env.ref(report)
        if user:
            report = report.with_user(user)
        pdf, kind = report._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(kind, "pdf")
        return pdf


@tagged("post_install", "-at_install")
class TestFulfilmentPrint(PrintCommon):
    def test_one_pdf_with_problems_pick_list_slips_and_labels(self):
        pdf = self._render(self.pickings, user=self.stock_user)
        pages = pdf_pages(pdf)
        # problems, pick list, three slips, one label: the two bad deliveries
        # keep their slip and lose their label.
        self.assertEqual(len(pages), 6)
        problems = pages[0]
        self.assertIn("Labels not printed", problems)
        self.assertIn(self.no_carrier.name, problems)
        self.assertIn("No carrier is set on the delivery.", problems)
        self.assertIn(self.no_street.name, problems)
        self.assertIn("The customer's address has no street.", problems)
        self.assertNotIn(self.good.name + "\n", problems)
        pick_list = pages[1]
        self.assertIn("Pick List", pick_list)
        # Walking order: bin A (corridor 1) before bin B (corridor 2).
        self.assertLess(pick_list.index("A-01"), pick_list.index("B-01"))
        slips = [p for p in pages if p.startswith("Packing Slip")]
        self.assertEqual(len(slips), 3)
        self.assertIn("Grace Buyer", slips[0])
        self.assertIn("Fulfil Mug", slips[0])
        self.assertIn(self.good.sale_id.name, slips[0])
        label = pages[3]
        self.assertIn("Fulfil Express", label)
        self.assertIn("Springfield", label)
        self.assertIn("Fulfil Warehouse", label)
        self.assertIn("FU123456789", label)
        self.assertIn("Parcel 1/1", label)

    def test_label_codes_read_back(self):
        if pypdfium2 is None or zxingcpp is None:
            _logger.warning("pypdfium2/zxing-cpp missing: label codes not checked")
            self.skipTest("pypdfium2 and zxing-cpp are needed (requirements-test.txt)")
        self.good._oms_suggest_boxes()
        pdf = self._render(self.good)
        pages = pdf_pages(pdf)
        self.assertEqual(len(pages), 3)  # pick list, slip, label
        self.assertIn("Fulfil M", pages[2])  # the suggested box
        codes = page_codes(pdf, 2, "oms_label.png")
        self.assertIn(("Code128", "FU123456789"), codes)
        self.assertIn(("QRCode", "https://track.example.com/?n=FU123456789"), codes)
        self.assertIn(("Code128", self.good.name), page_codes(pdf, 1))

    def test_one_label_per_package(self):
        heavy = self._product("Fulfil Anvil", weight=4.5)
        picking = self._delivery([(heavy, 2)])
        picking._oms_suggest_boxes()
        picking.action_oms_pack_suggested()
        pages = pdf_pages(self._render(picking))
        labels = [p for p in pages if "Parcel " in p]
        self.assertEqual(len(labels), 2)
        self.assertIn("Parcel 2/2", labels[1])

    def test_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.mug.with_context(lang="fr_FR").name = "Tasse Fulfil"
        french = self.customer.copy({"name": "Client Français", "lang": "fr_FR"})
        picking = self._delivery([(self.mug, 1)], partner=french)
        pages = pdf_pages(self._render(picking | self.good))
        slips = [p for p in pages if "Packing Slip" in p or "Client Français" in p]
        french_slip = next(p for p in slips if "Client Français" in p)
        english_slip = next(p for p in slips if "Grace Buyer" in p)
        self.assertIn("Tasse Fulfil", french_slip)
        self.assertNotIn("Tasse Fulfil", english_slip)
        self.assertIn("Fulfil Mug", english_slip)

    def test_hebrew_and_chinese_customers(self):
        """Right-to-left Hebrew and Chinese names, addresses and products are
        drawn with fonts that have them, and read back in reading order."""
        if pypdfium2 is None:
            self.skipTest("pypdfium2 is not installed")
        self.env["res.lang"]._activate_lang("he_IL")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.mug.with_context(lang="he_IL").name = "ספל הגשמה"
        self.mug.with_context(lang="zh_CN").name = "履约马克杯"
        hebrew = self.customer.copy(
            {
                "name": "דוד כהן",
                "street": "רחוב הרצל 12",
                "city": "תל אביב",
                "lang": "he_IL",
            }
        )
        chinese = self.customer.copy(
            {
                "name": "王小明",
                "street": "东城区东直门大街 8 号",
                "city": "北京",
                "lang": "zh_CN",
            }
        )
        pickings = self._delivery([(self.mug, 1)], partner=hebrew) | self._delivery(
            [(self.mug, 1)], partner=chinese
        )
        for picking in pickings:
            picking.carrier_tracking_ref = "FU" + picking.name.replace("/", "")
        pdf = self._render(pickings)
        document = pypdfium2.PdfDocument(pdf)
        # pdfium reads the glyphs back in logical (reading) order.
        texts = [page.get_textpage().get_text_range() for page in document]
        text = "\n".join(texts)
        for expected in (
            "דוד כהן",
            "רחוב הרצל 12",
            # "[FU-MUG] ספל הגשמה" is a left-to-right line with Hebrew inside:
            # pdfium gives its words back in display order.
            "ספל",
            "הגשמה",
            "王小明",
            "东城区东直门大街 8 号",
            "履约马克杯",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Labels not printed", text)
        # The glyphs are in the PDF, not left to the reader: the Hebrew font
        # is embedded (DejaVu, Noto or Liberation when installed).
        fonts = {
            name.decode() if isinstance(name, bytes) else str(name)
            for name in _font_names(pdf)
        }
        self.assertTrue(any("Sans" in name for name in fonts), fonts)
        if PREVIEW_DIR:
            for index in range(len(document)):
                document[index].render(scale=2).to_pil().save(
                    os.path.join(PREVIEW_DIR, "hebrew_chinese_%d.png" % index)
                )

    def test_print_a_wave(self):
        batch = self.env["stock.picking.batch"].create(
            {"is_wave": True, "picking_ids": [(6, 0, (self.good | self.no_street).ids)]}
        )
        pages = pdf_pages(
            self._render(batch, "oms_multichannel.action_report_oms_fulfilment_batch")
        )
        self.assertEqual(len(pages), 5)  # problems, pick list, 2 slips, 1 label
        action = batch.action_oms_print_fulfilment()
        self.assertEqual(
            action["report_name"], "oms_multichannel.report_fulfilment_batch"
        )

    def test_no_access_no_pdf(self):
        portal = new_test_user(
            self.env, login="fulfil_print_portal", groups="base.group_portal"
        )
        reports = self.env["ir.actions.report"].with_user(portal)
        with self.assertRaisesRegex(AccessError, "Transfer"):
            reports._render_qweb_pdf(
                "oms_multichannel.report_fulfilment", self.good.ids
            )

    def test_other_reports_untouched(self):
        report = self.env.ref("stock.action_report_delivery")
        html, kind = report._render_qweb_pdf(report.report_name, self.good.ids)
        self.assertNotEqual(kind, "pdf")  # tests render QWeb reports as HTML


@tagged("post_install", "-at_install")
class TestFulfilmentPrintHttp(HttpCase, PrintCommon):
    def test_download_from_the_print_menu(self):
        # The report route runs in a read-only transaction: rendering must not
        # write anything (no box stored, no message posted).
        self.stock_user.password = "fulfil_stock_pw"
        self.authenticate("fulfil_stock", "fulfil_stock_pw")
        ids = ",".join(map(str, self.pickings.ids))
        response = self.url_open(
            f"/report/pdf/oms_multichannel.report_fulfilment/{ids}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(len(pdf_pages(response.content)), 6)
