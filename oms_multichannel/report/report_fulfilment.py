# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from reportlab.lib.pagesizes import A4, letter

from odoo import api, models

from oms_domain.labels import LabelProblem, label_problems
from oms_domain.waves import PickLine, Stop, aggregate_pick_list

from .fulfilment_pdf import FulfilmentPdf

REPORTS = {
    "oms_multichannel.report_fulfilment": "stock.picking",
    "oms_multichannel.report_fulfilment_batch": "stock.picking.batch",
}


class ReportFulfilment(models.AbstractModel):
    _name = "report.oms_multichannel.report_fulfilment"
    _description = "Packing Slips, Shipping Labels and Pick List"

    @api.model
    def _oms_render_pdf(self, pickings, title=""):
        """One PDF: the problems found, the pick list, then per delivery its
        packing slip and labels. A delivery whose label cannot be printed is
        listed on the first page; every other one prints.

        Only reads: the report route runs in a read-only transaction.
        """
        pickings.check_access("read")
        paper = self.env.company.paperformat_id
        pdf = FulfilmentPdf(
            slip_size=letter if paper.format == "Letter" else A4, title=title
        )
        suggestions = pickings.filtered(
            lambda p: not p.oms_box_ids and not p.move_line_ids.result_package_id
        )._oms_packing_suggestions()
        documents = {}
        problems = []
        for lang, group in self._oms_by_language(pickings).items():
            in_lang = group.with_context(lang=lang)
            texts = self._oms_texts(in_lang.env)
            for picking in in_lang:
                suggestion = suggestions.get(picking.id)
                slip = picking._oms_packing_slip(suggestion)
                labels = picking._oms_shipping_labels(suggestion)
                codes = list(
                    dict.fromkeys(
                        code for label in labels for code in label_problems(label)
                    )
                )
                if codes:
                    problems.append(
                        (
                            picking.name,
                            [self._oms_label_problem(code) for code in codes],
                        )
                    )
                    labels = []
                documents[picking.id] = (slip, labels, texts)
        if problems:
            pdf.problems_page(
                self.env._("Labels not printed"),
                self.env._(
                    "Fix these deliveries and print them again; their packing slips "
                    "are in this document, the other deliveries are complete."
                ),
                problems,
            )
        self._oms_draw_pick_list(pdf, pickings)
        for picking in pickings:
            slip, labels, texts = documents[picking.id]
            pdf.packing_slip(slip, texts["slip"])
            for label in labels:
                pdf.label(label, texts["label"])
        return pdf.finish()

    @api.model
    def _oms_by_language(self, pickings):
        groups = {}
        default = self.env.lang or "en_US"
        for picking in pickings:
            lang = picking.partner_id.lang or default
            groups[lang] = groups.get(lang, pickings.browse()) | picking
        return groups

    @api.model
    def _oms_texts(self, env):
        """Captions in ``env``'s language."""
        _ = env._
        return {
            "slip": {
                "title": _("Packing Slip"),
                "order": _("Order"),
                "delivery": _("Delivery"),
                "date": _("Date"),
                "channel": _("Sold on"),
                "ship_to": _("Ship To"),
                "product": _("Product"),
                "code": _("Reference"),
                "ordered": _("Ordered"),
                "shipped": _("Shipped"),
                "boxes": _("Boxes:"),
                "thanks": _("Thank you for your order!"),
            },
            "label": {
                "parcel": _("Parcel"),
                "from": _("From"),
                "to": _("Ship To"),
                "weight": _("Weight"),
                "box": _("Box"),
                "order": _("Order"),
                "delivery": _("Delivery"),
                "tracking": _("Tracking Number"),
            },
        }

    @api.model
    def _oms_label_problem(self, code):
        """The translated sentence of a :class:`LabelProblem` code."""
        messages = {
            LabelProblem.NO_CARRIER: self.env._("No carrier is set on the delivery."),
            LabelProblem.NO_RECIPIENT: self.env._("The delivery has no customer."),
            LabelProblem.RECIPIENT_STREET: self.env._(
                "The customer's address has no street."
            ),
            LabelProblem.RECIPIENT_CITY: self.env._(
                "The customer's address has no city."
            ),
            LabelProblem.RECIPIENT_ZIP: self.env._(
                "The customer's address has no ZIP code, which its country requires."
            ),
            LabelProblem.RECIPIENT_COUNTRY: self.env._(
                "The customer's address has no country."
            ),
            LabelProblem.SENDER_ADDRESS: self.env._(
                "The warehouse (or company) address is incomplete: name, street and "
                "city are needed."
            ),
            LabelProblem.BARCODE_CHARACTERS: self.env._(
                "The tracking number has characters a Code 128 barcode cannot hold."
            ),
        }
        return messages[code]

    @api.model
    def _oms_draw_pick_list(self, pdf, pickings):
        lines = []
        for picking in pickings:
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                move_lines = move.move_line_ids
                sources = [
                    (
                        ml.location_id,
                        ml.product_uom_id._compute_quantity(
                            ml.quantity, move.product_id.uom_id, round=False
                        ),
                    )
                    for ml in move_lines
                ] or [(move.location_id, move.product_qty)]
                for location, qty in sources:
                    lines.append(
                        PickLine(
                            Stop(
                                location.id,
                                location.complete_name or "",
                                location.posx,
                                location.posy,
                                location.posz,
                            ),
                            move.product_id.id,
                            move.product_id.display_name,
                            qty,
                            picking.name,
                        )
                    )
        rows = aggregate_pick_list(lines)
        codes = dict(
            pickings.move_ids.product_id.mapped(lambda p: (p.id, p.default_code))
        )
        pdf.pick_list(
            self.env._("Pick List"),
            self.env._(
                "%(deliveries)s deliveries, %(rows)s lines, in walking order",
                deliveries=len(pickings),
                rows=len(rows),
            ),
            [
                self.env._("Location"),
                self.env._("Product"),
                self.env._("Reference"),
                self.env._("Quantity"),
                self.env._("Deliveries"),
            ],
            [
                (
                    row.stop.name,
                    row.product_name,
                    codes.get(row.product) or "",
                    "%g" % row.quantity,
                    ", ".join(row.deliveries),
                )
                for row in rows
            ],
        )
