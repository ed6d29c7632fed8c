# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain.ats import AtsPolicy, self_tuning_buffer
from oms_domain.errors import DomainError

TO_PROCESS_STATES = ("new", "allocated", "in_fulfilment")
STOCK_POLICY_FIELDS = {
    "stock_location_ids",
    "warehouse_ids",
    "ats_share_percent",
    "ats_buffer_mode",
    "ats_buffer",
    "ats_buffer_min",
    "ats_buffer_max",
    "ats_sales_window_days",
    "ats_max_qty",
    "ats_zero_below",
    "active",
}


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
    intake_ids = fields.One2many(
        "oms.order.intake",
        "channel_id",
        groups="oms_multichannel.group_oms_multichannel_user",
    )
    order_count = fields.Integer(compute="_compute_order_counts")
    to_process_count = fields.Integer(compute="_compute_order_counts")
    late_count = fields.Integer(compute="_compute_order_counts")
    exception_count = fields.Integer(compute="_compute_order_counts")
    # Available to sell: where the channel's stock comes from and its policy.
    stock_location_ids = fields.Many2many(
        "stock.location",
        string="Stock Source Locations",
        domain="[('usage', '=', 'internal')]",
        check_company=True,
        help="Locations (with their children) whose stock this channel sells. "
        "Empty: the stock locations of its fulfilment warehouses.",
    )
    ats_share_percent = fields.Float(
        string="Share of Stock (%)",
        default=100.0,
        tracking=True,
        help="Percentage of the free stock, after the buffer, that the channel "
        "advertises.",
    )
    ats_buffer_mode = fields.Selection(
        [("fixed", "Fixed"), ("auto", "Self-tuning")],
        string="Buffer",
        required=True,
        default="fixed",
        tracking=True,
        help="Self-tuning: recent sales rate of the product on all channels times "
        "this channel's measured sync latency, between the minimum and maximum.",
    )
    ats_buffer = fields.Float(
        string="Buffer Quantity",
        tracking=True,
        help="Units of each product kept back from this channel.",
    )
    ats_buffer_min = fields.Float(string="Minimum Buffer")
    ats_buffer_max = fields.Float(string="Maximum Buffer", help="0: no maximum.")
    ats_sales_window_days = fields.Integer(
        string="Sales Window (days)",
        default=14,
        help="Period over which the sales rate of the self-tuning buffer is measured.",
    )
    ats_max_qty = fields.Float(
        string="Maximum to Advertise",
        tracking=True,
        help="Never advertise more than this per product; 0: no maximum.",
    )
    ats_zero_below = fields.Float(
        string="Show 0 Below",
        tracking=True,
        help="Advertise 0 when fewer units than this would show; 0: off.",
    )
    stock_block_oversell = fields.Boolean(
        string="Refuse Orders Beyond Stock",
        compute="_compute_stock_block_oversell",
        store=True,
        readonly=False,
        precompute=True,
        help="Confirming an order of this channel fails when it asks for more than "
        "the free stock of the channel's locations (on hand minus promised); "
        "taken-in orders wait in exception instead. Buffer, share and caps only "
        "limit what is advertised. On by default for marketplaces, where an "
        "oversold order must be handled at once.",
    )
    stock_line_ids = fields.One2many("oms.channel.stock", "channel_id")
    stock_override_ids = fields.One2many(
        "oms.channel.stock.override",
        "channel_id",
        string="Product Overrides",
        groups="oms_multichannel.group_oms_multichannel_user",
    )
    stock_line_count = fields.Integer(compute="_compute_stock_line_count")
    # Customer notifications per fulfilment stage. Marketplaces write to their
    # customers themselves (most forbid sellers to): off there by default.
    notify_confirmed = fields.Boolean(
        string="Notify: Order Confirmed",
        compute="_compute_notify_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="Email the order confirmation when the order is confirmed. Off for "
        "webshops and marketplaces by default: they confirm to their customers.",
    )
    notify_shipped = fields.Boolean(
        string="Notify: Shipped",
        compute="_compute_notify_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="Email the customer when a delivery leaves, with its tracking link.",
    )
    notify_pickup = fields.Boolean(
        string="Notify: Ready for Pickup",
        compute="_compute_notify_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="Email the customer when a store pickup order is ready to collect.",
    )
    notify_delivered = fields.Boolean(
        string="Notify: Delivered",
        compute="_compute_notify_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="Email the customer when the order is delivered or collected.",
    )
    notify_sms = fields.Boolean(
        string="Also by SMS",
        help="Send the same notifications by SMS to customers with a mobile "
        "number, when Odoo's SMS module is installed and has credit.",
    )
    mail_template_confirmed_id = fields.Many2one(
        "mail.template",
        string="Confirmation Email",
        domain="[('model', '=', 'sale.order')]",
        default=lambda self: self.env.ref(
            "sale.mail_template_sale_confirmation", raise_if_not_found=False
        ),
    )
    mail_template_shipped_id = fields.Many2one(
        "mail.template",
        string="Shipped Email",
        domain="[('model', '=', 'stock.picking')]",
        default=lambda self: self.env.ref(
            "oms_multichannel.mail_template_oms_shipped", raise_if_not_found=False
        ),
    )
    mail_template_pickup_id = fields.Many2one(
        "mail.template",
        string="Ready for Pickup Email",
        domain="[('model', '=', 'stock.picking')]",
        default=lambda self: self.env.ref(
            "oms_multichannel.mail_template_oms_pickup", raise_if_not_found=False
        ),
    )
    mail_template_delivered_id = fields.Many2one(
        "mail.template",
        string="Delivered Email",
        domain="[('model', '=', 'sale.order')]",
        default=lambda self: self.env.ref(
            "oms_multichannel.mail_template_oms_delivered", raise_if_not_found=False
        ),
    )

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
        intake_model = self.env["oms.order.intake"]
        # A salesman may read channels but not what their connectors sent.
        intake_groups = []
        if intake_model.has_access("read"):
            intake_groups = intake_model._read_group(
                [
                    ("channel_id", "in", self.ids),
                    ("state", "=", "exception"),
                    # An intake with an order is counted through its order.
                    ("sale_order_id", "=", False),
                ],
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

    @api.depends("channel_type")
    def _compute_stock_block_oversell(self):
        # Marketplaces punish late shipments and cancellations: an oversold
        # order must reach a person now, not sit as a silent backorder.
        for channel in self:
            channel.stock_block_oversell = channel.channel_type == "marketplace"

    @api.depends("channel_type")
    def _compute_notify_defaults(self):
        for channel in self:
            own_customers = channel.channel_type != "marketplace"
            channel.notify_confirmed = channel.channel_type in (
                "phone",
                "store",
                "other",
            )
            channel.notify_shipped = own_customers
            channel.notify_pickup = own_customers
            channel.notify_delivered = own_customers

    def _compute_stock_line_count(self):
        groups = self.env["oms.channel.stock"]._read_group(
            [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
        )
        counts = {channel.id: total for channel, total in groups}
        for channel in self:
            channel.stock_line_count = counts.get(channel.id, 0)

    @api.constrains(
        "ats_share_percent",
        "ats_buffer",
        "ats_buffer_min",
        "ats_buffer_max",
        "ats_max_qty",
        "ats_zero_below",
        "ats_sales_window_days",
    )
    def _check_ats_policy(self):
        for channel in self:
            try:
                channel._oms_ats_policy()
                if channel.ats_buffer_mode == "auto":
                    self_tuning_buffer(
                        0,
                        channel.ats_sales_window_days,
                        0,
                        channel.ats_buffer_min,
                        channel.ats_buffer_max,
                    )
            except DomainError as error:
                raise ValidationError(
                    self.env._(
                        "Channel %(channel)s: %(error)s",
                        channel=channel.display_name,
                        error=self.env["oms.domain.message"]._oms_error_message(error),
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo checks the groups of fields on write, not on create: check them
        # here too, context defaults included, so that a field kept for a group
        # (an endpoint, a credential) cannot be set through create either.
        if not self.env.su:
            names = {name for vals in vals_list for name in vals}
            names.update(
                key[len("default_") :]
                for key in self.env.context
                if key.startswith("default_")
            )
            self.check_field_access_rights(
                "write", [name for name in names if name in self._fields]
            )
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if STOCK_POLICY_FIELDS.intersection(vals):
            # Every advertised quantity of the channel may change.
            self.env["oms.channel.stock"]._oms_mark_channels_dirty(self)
        return res

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
        """Intake exceptions when some never became an order, else the orders."""
        self.ensure_one()
        orderless = self.env["oms.order.intake"].search_count(
            [
                ("channel_id", "=", self.id),
                ("state", "=", "exception"),
                ("sale_order_id", "=", False),
            ],
            limit=1,
        )
        if not orderless:
            action = self._action_orders(
                [("oms_state", "=", "exception")], self.env._("Exceptions")
            )
            exception_action = self.env["ir.actions.actions"]._for_xml_id(
                "oms_multichannel.sale_order_action_exception"
            )
            list_view = self.env.ref("oms_multichannel.sale_order_view_list_exception")
            action.update(
                views=[(list_view.id, "list"), (False, "form")],
                view_mode="list,form",
                help=exception_action["help"],
                context={"create": False},
            )
            return action
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

    def _oms_channel_refund(self, values):
        """Refund a settled return on the channel's platform. Hook for connectors.

        ``values`` is what ``oms.return._prepare_channel_refund_values()`` gives
        (oms_returns calls this when a return is settled). Returns True when a
        connector took care of it; the base channel has no platform to tell.
        """
        self.ensure_one()
        return False

    # Available to sell (the push: oms_channel_stock_sync.py)

    def action_view_channel_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_multichannel.oms_channel_stock_action"
        )
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"default_channel_id": self.id}
        action["display_name"] = self.env._("Stock of %s", self.name)
        return action

    def _oms_ats_policy(self):
        """The channel's :class:`~oms_domain.ats.AtsPolicy` (fixed buffer part)."""
        self.ensure_one()
        return AtsPolicy(
            share_percent=self.ats_share_percent,
            buffer=self.ats_buffer if self.ats_buffer_mode == "fixed" else 0.0,
            max_qty=self.ats_max_qty,
            zero_below=self.ats_zero_below,
        )

    def _oms_stock_locations(self):
        """Root locations whose stock (children included) this channel sells."""
        self.ensure_one()
        return self._oms_stock_roots()[self.id]

    def _oms_stock_roots(self):
        """``{channel id: root stock locations}`` of every channel of ``self``.

        Its own stock locations, else its fulfilment warehouses' stock, else
        every warehouse of its company; one warehouse search for the whole set,
        as this runs on every stock change.
        """
        fallback = self.filtered(
            lambda channel: not channel.stock_location_ids and not channel.warehouse_ids
        )
        company_stock = {}
        if fallback:
            warehouses = self.env["stock.warehouse"].search(
                [("company_id", "in", fallback.company_id.ids)]
            )
            for warehouse in warehouses:
                company_stock.setdefault(
                    warehouse.company_id.id, self.env["stock.location"]
                )
                company_stock[warehouse.company_id.id] |= warehouse.lot_stock_id
        return {
            channel.id: channel.stock_location_ids
            or channel.warehouse_ids.lot_stock_id
            or company_stock.get(channel.company_id.id, self.env["stock.location"])
            for channel in self
        }

    def _oms_stock_covering(self, locations):
        """Channels of ``self`` whose stock includes or contains ``locations``."""
        paths = [path for path in locations.mapped("parent_path") if path]
        if not paths:
            return self.browse()
        roots = self._oms_stock_roots()

        def overlaps(channel):
            return any(
                path.startswith(root) or root.startswith(path)
                for root in roots[channel.id].mapped("parent_path")
                for path in paths
            )

        return self.filtered(overlaps)

    def _oms_stock_products(self):
        """Products this channel advertises: storable or kits, saleable, of its
        company."""
        self.ensure_one()
        Product = self.env["product.product"]
        return Product.search(
            [
                "|",
                ("is_storable", "=", True),
                *Product._oms_kit_products_domain(),
                ("sale_ok", "=", True),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )

    @api.model
    def _oms_held_quantities(self, products, locations):
        """Quantities held back by other features, per product and location.

        THE hook for holds (store counters, allocations, carts...). Override it,
        call ``super()`` and add your quantities to the returned dict::

            held = super()._oms_held_quantities(products, locations)
            for (product_id, location_id), qty in my_holds:
                key = (product_id, location_id)
                held[key] = held.get(key, 0.0) + qty
            return held

        :param products: ``product.product`` being computed (any number)
        :param locations: internal ``stock.location`` records in scope; a hold on
            a location outside them does not count
        :return: ``{(product_id, location_id): quantity}`` in the product's unit of
            measure; ``location_id`` is an internal location (for a whole
            warehouse, its stock location). Only quantities not already reserved
            on stock moves: those are counted as promised already.
            Call ``oms.channel.stock._oms_mark_dirty(products, locations)`` when a
            hold changes so that the channels are updated.
        """
        return {}

    # Customer notifications

    def _oms_notification_template(self, stage):
        """The mail template of ``stage`` when the channel sends it, else None."""
        if not self:
            return None
        self.ensure_one()
        if not self["notify_%s" % stage]:
            return None
        return self["mail_template_%s_id" % stage] or None
