# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from oms_domain import phone as phones
from oms_domain.errors import DomainError

# partners listed at most for one number
MAX_MATCHES = 20


class OmsPhoneOrderWizard(models.TransientModel):
    """The phone desk: find the caller by number, open a quotation of the
    phone channel for them. Payment goes by link (see sale.order
    ``action_oms_send_payment_link``); no card data is taken here."""

    _name = "oms.phone.order.wizard"
    _description = "Phone Order"

    channel_id = fields.Many2one(
        "oms.channel",
        required=True,
        domain="[('channel_type', '=', 'phone')]",
        default=lambda self: self._default_channel(),
    )
    phone = fields.Char(string="Caller's Number")
    partner_ids = fields.Many2many(
        "res.partner", string="Customers Found", compute="_compute_partner_ids"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        domain="[('id', 'in', partner_ids)]",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    new_customer_name = fields.Char(
        help="No customer has this number: name of the customer to create."
    )
    payment_token_ids = fields.Many2many(
        "payment.token",
        string="Saved Payment Methods",
        compute="_compute_payment_token_ids",
        help="The customer's saved payment methods, kept by the payment "
        "provider (we see only its label, never a card number).",
    )

    @api.model
    def _default_channel(self):
        return self.env["oms.channel"].search(
            [
                ("channel_type", "=", "phone"),
                ("company_id", "in", self.env.companies.ids),
            ],
            limit=1,
        )

    @api.depends("phone", "channel_id")
    def _compute_partner_ids(self):
        for wizard in self:
            wizard.partner_ids = wizard._oms_find_partners()

    @api.depends("partner_ids")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.partner_id not in wizard.partner_ids:
                wizard.partner_id = wizard.partner_ids[:1]

    @api.depends("partner_id")
    def _compute_payment_token_ids(self):
        for wizard in self:
            wizard.payment_token_ids = (
                wizard.partner_id.commercial_partner_id.with_context(
                    active_test=True
                ).payment_token_ids
            )

    # Actions -----------------------------------------------------------------------

    def action_create_quotation(self):
        self.ensure_one()
        partner = self.partner_id or self._oms_create_partner()
        order = self.env["sale.order"].create(self._prepare_order_vals(partner))
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    # Business methods --------------------------------------------------------------

    def _oms_find_partners(self):
        """Partners whose phone or mobile ends like the number typed (readable
        by the user: the record rules of companies apply)."""
        self.ensure_one()
        if not self.phone:
            return self.env["res.partner"]
        try:
            tail = phones.match_key(self.phone)
        except DomainError:
            return self.env["res.partner"]
        # digits only on both sides; the ORM cannot strip formatting in a domain
        self.env["res.partner"].flush_model(["phone", "mobile"])
        self.env.cr.execute(
            """
            SELECT id FROM res_partner
             WHERE active
               AND (regexp_replace(coalesce(phone, ''), '\\D', '', 'g') LIKE %(tail)s
                 OR regexp_replace(coalesce(mobile, ''), '\\D', '', 'g') LIKE %(tail)s)
             ORDER BY id
             LIMIT %(limit)s
            """,
            {"tail": "%" + tail, "limit": MAX_MATCHES * 5},
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.env["res.partner"].search([("id", "in", ids)], limit=MAX_MATCHES)

    def _oms_create_partner(self):
        if not self.new_customer_name:
            raise UserError(
                self.env._(
                    "No customer has this number: give the name of the customer to "
                    "create, or pick one."
                )
            )
        try:
            phones.match_key(self.phone)
        except DomainError as error:
            raise UserError(
                self.env._(
                    "'%(phone)s' is not a phone number: it needs %(minimum)s digits "
                    "at least.",
                    phone=self.phone or "",
                    minimum=phones.MIN_DIGITS,
                )
            ) from error
        return self.env["res.partner"].create(
            {
                "name": self.new_customer_name,
                "phone": self.phone,
                "company_id": self.channel_id.company_id.id,
            }
        )

    def _prepare_order_vals(self, partner):
        channel = self.channel_id
        vals = {
            "partner_id": partner.id,
            "company_id": channel.company_id.id,
            "channel_id": channel.id,
            "require_payment": True,
        }
        if channel.team_id:
            vals["team_id"] = channel.team_id.id
        if channel.pricelist_id:
            vals["pricelist_id"] = channel.pricelist_id.id
        if channel.payment_term_id:
            vals["payment_term_id"] = channel.payment_term_id.id
        if channel.fiscal_position_id:
            vals["fiscal_position_id"] = channel.fiscal_position_id.id
        return vals
