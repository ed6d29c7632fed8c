# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class OmsDemoHistory(models.AbstractModel):
    _inherit = "oms.demo.history"

    @api.model
    def _oms_demo_return(self, order, planned):
        """The planned units come back through ``oms.return``: requested on the
        planned day, approved and received; its receipt is dated then too."""
        super()._oms_demo_return(order, planned)
        reasons = self.env["oms.return.reason"].sudo().search([])
        if not reasons:
            return False
        lines = []
        for index, item in enumerate(planned.returned):
            sale_line = order.order_line.filtered(
                lambda line, it=item: (
                    line.product_id.default_code == it.sku
                    and line.qty_delivered >= it.quantity
                )
            )[:1]
            if sale_line:
                reason = reasons[(len(order.name) + index + order.id) % len(reasons)]
                lines.append(
                    (
                        0,
                        0,
                        {
                            "sale_line_id": sale_line.id,
                            "quantity": item.quantity,
                            "reason_id": reason.id,
                        },
                    )
                )
        if not lines:
            return False
        try:
            with self.env.cr.savepoint():
                ret = (
                    self.env["oms.return"]
                    .sudo()
                    .create(
                        {
                            "partner_id": order.partner_id.id,
                            "request_date": planned.returned_at.date(),
                            "line_ids": lines,
                        }
                    )
                )
                ret.action_approve()
                ret.action_receive()
        except (UserError, ValidationError) as error:
            # a policy the plan did not foresee: the order simply stays kept
            _logger.info("demo return of %s skipped: %s", order.name, error)
            return False
        receipts = ret.picking_ids.filtered(lambda p: p.state == "done")
        for picking in receipts:
            picking.date_done = planned.returned_at
        self._oms_demo_date_moves(
            [(move.id, planned.returned_at) for move in receipts.move_ids]
        )
        return ret
