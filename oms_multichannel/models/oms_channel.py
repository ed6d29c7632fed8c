# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

TO_PROCESS_STATES = ("new", "allocated", "in_fulfilment")


class OmsChannel(models.Model):
    _name = "oms.channel"
    _description = "Sales Channel"
    _inherit = ["mail.thread", "analytic.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short technical code, unique per company; connectors and webhooks "
        "use it to find the channel.",
    )
    sequence = fields.Integer(default=10)
    channel_type = fields.Selection(
        [
            ("webshop", "Webshop"),
            ("marketplace", "Marketplace"),
            ("phone", "Phone / Call Centre"),
            ("store", "Store"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="webshop",
        tracking=True,
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="Back-office orders of this team's members default to this channel.",
    )
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Fulfilment Warehouses",
        check_company=True,
        help="Warehouses and stores this channel's orders may ship from.",
    )
    default_warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_default_warehouse_id",
        help="First fulfilment warehouse: the warehouse of new orders.",
    )
    fiscal_position_id = fields.Many2one("account.fiscal.position", check_company=True)
    payment_term_id = fields.Many2one(
        "account.payment.term", string="Payment Terms", check_company=True
    )
    customer_policy = fields.Selection(
        [
            ("match", "Match existing customer by email or phone"),
            ("generic", "One generic customer"),
        ],
        required=True,
        default="match",
    )
    generic_partner_id = fields.Many2one(
        "res.partner",
        string="Generic Customer",
        check_company=True,
        help="Invoiced customer of every order when the policy is 'generic'; "
        "each order's shipping address becomes a delivery contact under it.",
    )
    auto_confirm = fields.Boolean(
        help="Confirm orders taken in without exception right away."
    )
    shipping_product_id = fields.Many2one(
        "product.product",
        default=lambda self: self.env.ref(
            "oms_multichannel.product_channel_shipping", raise_if_not_found=False
        ),
        check_company=True,
        help="Service product of the shipping line of taken-in orders.",
    )
    order_ids = fields.One2many("sale.order", "channel_id", string="Orders")
    intake_ids = fields.One2many("oms.order.intake", "channel_id")
    order_count = fields.Integer(compute="_compute_order_counts")
    to_process_count = fields.Integer(compute="_compute_order_counts")
    late_count = fields.Integer(compute="_compute_order_counts")
    exception_count = fields.Integer(compute="_compute_order_counts")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The channel code must be unique per company.",
        ),
    ]

    @api.depends("warehouse_ids")
    def _compute_default_warehouse_id(self):
        for channel in self:
            channel.default_warehouse_id = channel.warehouse_ids[:1]

    def _compute_order_counts(self):
        order_model = self.env["sale.order"]
        base = [("channel_id", "in", self.ids)]

        def count(domain):
            groups = order_model._read_group(base + domain, ["channel_id"], ["__count"])
            return {channel.id: total for channel, total in groups}

        orders = count([])
        to_process = count([("oms_state", "in", TO_PROCESS_STATES)])
        late = count(
            [
                ("oms_state", "in", TO_PROCESS_STATES),
                ("commitment_date", "<", fields.Datetime.now()),
            ]
        )
        exceptions = count([("oms_state", "=", "exception")])
        intake_groups = self.env["oms.order.intake"]._read_group(
            [("channel_id", "in", self.ids), ("state", "=", "exception")],
            ["channel_id"],
            ["__count"],
        )
        intake_exceptions = {channel.id: total for channel, total in intake_groups}
        for channel in self:
            channel.order_count = orders.get(channel.id, 0)
            channel.to_process_count = to_process.get(channel.id, 0)
            channel.late_count = late.get(channel.id, 0)
            channel.exception_count = exceptions.get(
                channel.id, 0
            ) + intake_exceptions.get(channel.id, 0)

    def _action_orders(self, domain, name):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_multichannel.sale_order_action_channel"
        )
        action["domain"] = [("channel_id", "=", self.id)] + domain
        action["context"] = {"default_channel_id": self.id}
        action["display_name"] = name
        return action

    def action_view_orders(self):
        return self._action_orders([], self.name)

    def action_view_to_process(self):
        return self._action_orders(
            [("oms_state", "in", TO_PROCESS_STATES)], self.env._("To Process")
        )

    def action_view_late(self):
        return self._action_orders(
            [
                ("oms_state", "in", TO_PROCESS_STATES),
                ("commitment_date", "<", fields.Datetime.now()),
            ],
            self.env._("Late"),
        )

    def action_view_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_multichannel.oms_order_intake_action_exception"
        )
        action["domain"] = [("channel_id", "=", self.id)]
        return action

    @api.model
    def _channel_for_teams(self, teams):
        """Map each sales team to its channel (first by sequence), in one search."""
        if not teams:
            return {}
        channels = self.search([("team_id", "in", teams.ids)])
        mapping = {}
        for channel in channels:
            mapping.setdefault(channel.team_id.id, channel)
        return mapping
