# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..report.report_fulfilment import REPORTS


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # Slips and labels are drawn with reportlab, not through wkhtmltopdf.
        report = self._get_report(report_ref)
        if report.report_name not in REPORTS:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        records = self.env[report.model].browse(res_ids or [])
        pickings = (
            records.picking_ids if report.model == "stock.picking.batch" else records
        )
        title = ", ".join(records.mapped("name")[:3])
        pdf = self.env["report.oms_multichannel.report_fulfilment"]._oms_render_pdf(
            pickings, title=title
        )
        return pdf, "pdf"
