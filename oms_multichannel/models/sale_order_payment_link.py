# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_oms_send_payment_link(self):
        """Send the customer Odoo's payment link of the order (amount still
        due, signed access token): the customer pays with the company's
        payment providers; a card or saved method stays with the provider."""
        self.ensure_one()
        self.check_access("write")
        if self.state not in ("draft", "sent", "sale") or not self.amount_total:
            raise UserError(
                self.env._(
                    "Only a quotation or order with an amount to pay gets a link."
                )
            )
        link = self._oms_payment_link()
        self.message_post(
            body=Markup("%s <a href='%s'>%s</a>")
            % (
                self.env._("Your order %s can be paid online:", self.name),
                link,
                self.env._("Pay now"),
            ),
            partner_ids=self.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        if self.state == "draft":
            self.state = "sent"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Payment link sent to %(customer)s.",
                    customer=self.partner_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _oms_payment_link(self):
        """Odoo's payment link of the order (payment.link.wizard)."""
        self.ensure_one()
        wizards = self.env["payment.link.wizard"]
        values = {
            key: value
            for key, value in self._get_default_payment_link_values().items()
            if key in wizards._fields
        }
        wizard = wizards.create(dict(values, res_model=self._name, res_id=self.id))
        return wizard.link
