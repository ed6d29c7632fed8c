# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_round

from oms_domain import derive_status

# Users who may read allocations (the models' access rights and record rules).
ALLOCATION_READERS = "sales_team.group_sale_salesman,stock.group_stock_user"

OMS_STATES = [
    ("new", "New"),
    ("exception", "Exception"),
    ("allocated", "Allocated"),
    ("in_fulfilment", "In Fulfilment"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# Set by the intake service and OMS actions; other users change them through
# those actions only (a salesman clearing an exception would ship what nobody
# checked).
OMS_GUARDED_FIELDS = (
    "oms_exception",
    "intake_id",
    "channel_payment_status",
    "oms_delivered_date",
)
OMS_USER_GROUP = "oms_multichannel.group_oms_multichannel_user"


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "oms.notification.mixin"]

    channel_id = fields.Many2one(
        "oms.channel",
        string="Sales Channel",
        compute="_compute_channel_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    channel_type = fields.Selection(related="channel_id.channel_type")
    oms_buyer_address = fields.Text(
        string="Buyer",
        compute="_compute_oms_buyer_address",
        help="Who ordered and where it goes, when the order is billed to the "
        "channel's generic customer.",
    )
    channel_order_ref = fields.Char(
        copy=False,
        index=True,
        help="Order number in the sales channel; unique per channel.",
    )
    channel_payment_status = fields.Selection(
        [
            ("unknown", "Unknown"),
            ("pending", "Pending"),
            ("authorized", "Authorized"),
            ("paid", "Paid"),
            ("partially_paid", "Partially Paid"),
            ("refunded", "Refunded"),
        ],
        copy=False,
    )
    intake_id = fields.Many2one(
        "oms.order.intake", copy=False, readonly=True, groups="base.group_user"
    )
    # Internal: the reason may quote stock figures and channel data.
    # Not tracked: the chatter gets a sentence instead of "reason → None".
    oms_exception = fields.Text(
        string="Exception",
        copy=False,
        groups="base.group_user",
        help="Why the order needs a person; clear it once fixed.",
    )
    oms_delivered_date = fields.Datetime(
        string="Delivered On",
        copy=False,
        help="Set by carrier tracking or by hand when the customer received it.",
    )
    oms_state = fields.Selection(
        OMS_STATES,
        string="OMS Status",
        compute="_compute_oms_state",
        store=True,
        index=True,
        tracking=True,
        copy=False,
    )
    # Stored for the order analysis (oms.order.report): summing lines and
    # deliveries per order at read time is what made its figures slow.
    oms_units = fields.Float(
        string="Units Ordered",
        compute="_compute_oms_units",
        store=True,
        digits="Product Unit of Measure",
    )
    oms_units_delivered = fields.Float(
        string="Units Delivered",
        compute="_compute_oms_units",
        store=True,
        digits="Product Unit of Measure",
    )
    oms_shipped_date = fields.Datetime(
        string="Shipped On",
        compute="_compute_oms_shipped_date",
        store=True,
        copy=False,
        help="When the first delivery to the customer was validated.",
    )

    _sql_constraints = [
        (
            "channel_order_ref_uniq",
            "unique(channel_id, channel_order_ref)",
            "This channel order was already taken in.",
        ),
    ]

    @api.depends("partner_id", "partner_shipping_id", "channel_id.customer_policy")
    def _compute_oms_buyer_address(self):
        for order in self:
            shipping = order.partner_shipping_id
            if (
                order.channel_id.customer_policy == "generic"
                and shipping
                and shipping != order.partner_id
            ):
                address = shipping._display_address(without_company=True).strip()
                lines = [shipping.name or ""] + [
                    line for line in address.splitlines() if line.strip()
                ]
                lines += [value for value in (shipping.phone, shipping.email) if value]
                order.oms_buyer_address = "\n".join(lines)
            else:
                order.oms_buyer_address = False

    @api.depends("team_id")
    def _compute_channel_id(self):
        todo = self.filtered(lambda order: not order.channel_id and order.team_id)
        by_team = self.env["oms.channel"]._channel_for_teams(todo.team_id)
        for order in todo:
            channel = by_team.get(order.team_id.id)
            if channel and channel.company_id == order.company_id:
                order.channel_id = channel

    @api.depends("channel_id")
    def _compute_warehouse_id(self):
        res = super()._compute_warehouse_id()
        for order in self._oms_draft_with_channel("default_warehouse_id"):
            order.warehouse_id = order.channel_id.default_warehouse_id
        return res

    @api.depends("channel_id")
    def _compute_pricelist_id(self):
        res = super()._compute_pricelist_id()
        for order in self._oms_draft_with_channel("pricelist_id"):
            order.pricelist_id = order.channel_id.pricelist_id
        return res

    @api.depends("channel_id")
    def _compute_fiscal_position_id(self):
        res = super()._compute_fiscal_position_id()
        for order in self._oms_draft_with_channel("fiscal_position_id"):
            order.fiscal_position_id = order.channel_id.fiscal_position_id
        return res

    @api.depends("channel_id")
    def _compute_payment_term_id(self):
        res = super()._compute_payment_term_id()
        for order in self._oms_draft_with_channel("payment_term_id"):
            order.payment_term_id = order.channel_id.payment_term_id
        return res

    @api.depends(
        "order_line.product_uom_qty",
        "order_line.qty_delivered",
        "order_line.display_type",
    )
    def _compute_oms_units(self):
        for order in self:
            lines = order.order_line.filtered(lambda line: not line.display_type)
            order.oms_units = sum(lines.mapped("product_uom_qty"))
            order.oms_units_delivered = sum(lines.mapped("qty_delivered"))

    @api.depends("picking_ids.state", "picking_ids.date_done")
    def _compute_oms_shipped_date(self):
        for order in self:
            dates = order.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            ).mapped("date_done")
            order.oms_shipped_date = min(dates) if dates else False

    @api.depends(
        "state",
        "oms_exception",
        "oms_delivered_date",
        "picking_ids.state",
        "picking_ids.picking_type_code",
    )
    def _compute_oms_state(self):
        for order in self:
            deliveries = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing"
            )
            order.oms_state = derive_status(
                order.state,
                deliveries.mapped("state"),
                has_exception=bool(order.oms_exception),
                delivered=bool(order.oms_delivered_date),
            ).value

    def _oms_draft_with_channel(self, channel_field):
        """Draft orders whose channel sets ``channel_field``: the channel wins."""
        return self.filtered(
            lambda order: (
                order.state in ("draft", "sent") and order.channel_id[channel_field]
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._oms_check_guarded_fields(
                [name for name in OMS_GUARDED_FIELDS if vals.get(name)]
            )
        return super().create(vals_list)

    def write(self, vals):
        self._oms_check_guarded_fields(
            [name for name in OMS_GUARDED_FIELDS if name in vals]
        )
        delivered = self.browse()
        if vals.get("oms_delivered_date"):
            delivered = self.filtered(lambda order: not order.oms_delivered_date)
        before = {}
        if "oms_exception" in vals:
            before = {order.id: order.sudo().oms_exception for order in self}
        res = super().write(vals)
        delivered._oms_notify_customer("delivered")
        if before:
            self._oms_log_exception_change(before)
        return res

    def _oms_log_exception_change(self, before):
        """Internal note when an exception is raised or cleared (a tracked text
        field would read "reason → None")."""
        if self.env.context.get("tracking_disable"):
            return
        for order in self:
            old, new = before.get(order.id) or False, order.sudo().oms_exception
            if old == new:
                continue
            if new:
                body = Markup("<strong>%s</strong> %s") % (
                    self.env._("Exception:"),
                    new,
                )
            else:
                body = self.env._("Exception cleared.")
            order.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _oms_check_guarded_fields(self, names):
        if names and not self.env.su and not self.env.user.has_group(OMS_USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only Order Management users may change %(fields)s of an order.",
                    fields=", ".join(self._fields[name].string for name in names),
                )
            )

    def _oms_check_user(self):
        """Public OMS actions re-check the group their button is shown to."""
        if not self.env.su and not self.env.user.has_group(OMS_USER_GROUP):
            raise AccessError(
                self.env._("Only Order Management users may do this on an order.")
            )
        self.check_access("write")

    def action_oms_mark_delivered(self):
        self._oms_check_user()
        self.filtered(
            lambda o: o.oms_state == "shipped"
        ).oms_delivered_date = fields.Datetime.now()

    def action_oms_fix_intake(self):
        """Guided fix of the intake exception of this channel order."""
        self.ensure_one()
        self._oms_check_user()
        return self.intake_id.action_open_fix_wizard()

    def action_oms_clear_exception(self):
        self._oms_check_user()
        self.oms_exception = False

    def action_confirm(self):
        # An order in exception must be fixed first: confirming it would ship
        # something nobody checked. (Portal signatures confirm too: read the
        # internal field as superuser.)
        blocked = self.filtered(lambda order: order.sudo().oms_exception)
        if blocked:
            raise UserError(
                self.env._(
                    "Orders %(names)s are in exception. Fix and clear the exception "
                    "first.",
                    names=", ".join(blocked.mapped("name")),
                )
            )
        return super().action_confirm()

    def _action_confirm(self):
        self._oms_check_availability()
        res = super()._action_confirm()
        if not self.env.context.get("send_email"):  # else sale sends it already
            self._oms_notify_customer("confirmed")
        return res

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        if self.channel_order_ref and not vals.get("ref"):
            vals["ref"] = self.channel_order_ref
        return vals

    def _oms_check_availability(self):
        """Serialize confirmations on the same stock, then refuse overselling.

        Flagging the ordered products' availability rows updates them, so a
        concurrent confirmation drawing on the same stock waits for this
        transaction and then fails with a serialization error; Odoo retries it
        with fresh figures. The last unit cannot be confirmed twice through two
        channels. Orders of channels that refuse overselling are then checked
        against the free stock of the channel's locations (on hand minus
        promised and held). Buffer, share, cap and "show 0 below" only limit
        what is advertised: the buffer is there to serve the orders that arrive
        before the channel has the new quantity, not to refuse them.
        """
        kits = self.order_line.product_id._oms_kit_components()
        lines = self.order_line.filtered(
            lambda line: (
                (line.product_id.is_storable or line.product_id.id in kits)
                and line.product_uom_qty > 0
            )
        )
        if not lines:
            return
        stock_model = self.env["oms.channel.stock"]
        stock_model._oms_mark_dirty(
            lines.product_id, self.warehouse_id.view_location_id
        )
        # What no location has, a dropship vendor ships: never overselling.
        checked = lines.filtered(
            lambda line: (
                line.order_id.channel_id.stock_block_oversell
                and not (
                    line.product_id.oms_dropship_fallback
                    and line.product_id.sudo().seller_ids
                )
            )
        )
        if not checked:
            return
        channels = checked.order_id.channel_id
        available = stock_model._oms_compute(channels, checked.product_id)
        draws_on = lines.order_id._oms_checked_channels_drawn_on(channels)
        # Orders are checked in turn; what an earlier order of the call takes
        # from a channel's stock is no longer free for the later ones.
        wanted_by_order = defaultdict(lambda: defaultdict(float))
        for line in lines:
            wanted_by_order[line.order_id][line.product_id] += (
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id, round=False
                )
            )
        taken = defaultdict(float)
        short = []
        for order, wanted in wanted_by_order.items():
            channel = order.channel_id
            refused = False
            if channel in channels:
                for product, qty in wanted.items():
                    key = (channel.id, product.id)
                    free = available[key][0].free - taken[key]
                    rounding = product.uom_id.rounding
                    if float_compare(qty, free, precision_rounding=rounding) > 0:
                        refused = True
                        short.append(
                            self.env._(
                                "%(order)s: %(product)s on %(channel)s: %(wanted)s "
                                "ordered, %(free)s available",
                                order=order.display_name,
                                product=product.display_name,
                                channel=channel.display_name,
                                wanted=float_round(qty, precision_rounding=rounding),
                                free=float_round(free, precision_rounding=rounding),
                            )
                        )
            if refused:
                continue
            for drawn in draws_on[order]:
                for product, qty in wanted.items():
                    taken[(drawn.id, product.id)] += qty
        if short:
            raise UserError(
                self.env._("Not enough available to sell:\n%s", "\n".join(short))
            )

    def _oms_checked_channels_drawn_on(self, channels):
        """``{order: channels}``: which of ``channels`` each order takes stock from.

        An order draws on its own channel and on every channel whose stock holds
        a warehouse it may ship from: its allocation rule's eligible locations,
        or its warehouse. Counting a rule's locations in full is cautious: a
        later order may be refused although allocation would have shipped the
        earlier one from elsewhere; it is never oversold.
        """
        rules = self.env["oms.allocation.rule"]._rules_for_orders(self)
        covering = {}
        result = {}
        for order in self:
            rule = rules.get(order.id)
            warehouses = (
                rule._eligible_warehouses(order) if rule else order.warehouse_id
            ).sudo()
            key = frozenset(warehouses.ids)
            if key not in covering:
                covering[key] = channels._oms_stock_covering(warehouses.lot_stock_id)
            result[order] = covering[key] | (order.channel_id & channels)
        return result

    # Allocation (store-level allocation rules) ---------------------------------------

    # Internal to the company: customers (portal) never read how their order
    # was routed nor which stock it waits for.
    oms_allocation_trace_ids = fields.One2many(
        "oms.allocation.trace",
        "order_id",
        string="Allocation Traces",
        copy=False,
        groups=ALLOCATION_READERS,
    )
    oms_allocation_line_ids = fields.One2many(
        "oms.allocation.line",
        "order_id",
        string="Allocations",
        copy=False,
        groups=ALLOCATION_READERS,
    )
    oms_has_backorder = fields.Boolean(
        string="Held by Allocation",
        compute="_compute_oms_has_backorder",
        store=True,
        groups=ALLOCATION_READERS,
        help="Some quantity waits for stock no location has yet.",
    )

    # Not stored: adding, archiving or re-scoping a rule changes it for every
    # order of its channels; only the form reads it, to offer the actions.
    oms_has_allocation_rule = fields.Boolean(
        compute="_compute_oms_has_allocation_rule",
        groups=ALLOCATION_READERS,
        help="An allocation rule covers the order's channel.",
    )

    @api.depends("channel_id", "company_id")
    def _compute_oms_has_allocation_rule(self):
        rules = self.env["oms.allocation.rule"]._rules_for_orders(self)
        for order in self:
            order.oms_has_allocation_rule = order.id in rules

    @api.depends("order_line.oms_backorder_qty")
    def _compute_oms_has_backorder(self):
        for order in self:
            order.oms_has_backorder = any(order.order_line.mapped("oms_backorder_qty"))

    def _action_cancel(self):
        # Pickings cancelled with their order must not be re-allocated.
        res = super(
            SaleOrder, self.with_context(oms_no_reallocation=True)
        )._action_cancel()
        held = self.order_line.sudo().filtered("oms_backorder_qty")
        if held:
            held.oms_backorder_qty = 0.0
        return res

    def action_oms_reallocate(self):
        """Plan again what is not shipped yet: unpicked deliveries are cancelled
        and their quantities, with any held quantity, allocated anew."""
        # Public method: the cancelling and replanning below go beyond what a
        # salesman may do, so check the right the button's group stands for.
        self._oms_check_allocation_user()
        self.check_access("write")
        orders = self.filtered(
            lambda o: o.state == "sale" and not o.locked and o.oms_allocation_trace_ids
        )
        lines = orders.order_line.filtered("oms_allocation_line_ids")
        # Every step of their deliveries (pick, pack, ship), not the returns.
        moves = lines.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and not m.picked
                and m.picking_code != "incoming"
            )
        )
        moves.with_context(oms_no_reallocation=True)._action_cancel()
        lines.oms_allocation_line_ids.filtered(
            lambda a: a.state in ("allocated", "incoming", "backorder")
        ).sudo().state = "replaced"
        lines.with_context(
            oms_allocation_trigger="reallocate"
        )._action_launch_stock_rule()
        return True

    def action_oms_allocation_whatif(self):
        self.ensure_one()
        self._oms_check_allocation_user()
        self.check_access("read")
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_multichannel.oms_allocation_whatif_action"
        )
        action["context"] = {"default_order_id": self.id}
        return action

    def _oms_check_allocation_user(self):
        """Allocation actions read stock and plan as superuser: only Order
        Management users may run them."""
        if not self.env.su and not self.env.user.has_group(OMS_USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only Order Management users may re-allocate orders or try "
                    "allocation rules."
                )
            )

    # Customer notifications and portal timeline ------------------------------------

    def _oms_notification_channel(self):
        return self.channel_id

    def _oms_sms_body(self, stage):
        self.ensure_one()
        values = {
            "company": self.company_id.name,
            "order": self.channel_order_ref or self.name,
        }
        if stage == "confirmed":
            return self.env._(
                "%(company)s: thank you, your order %(order)s is confirmed.", **values
            )
        return self.env._("%(company)s: your order %(order)s was delivered.", **values)

    def _oms_portal_timeline(self):
        """Steps of the order for the customer portal: [{name, date, done,
        tracking: [(reference, url)]}], in order."""
        self.ensure_one()
        deliveries = self.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state != "cancel"
                and p.location_dest_id.usage == "customer"
            )
        )
        confirmed = self.state == "sale"
        steps = [
            {
                "name": self.env._("Confirmed"),
                "date": self.date_order if confirmed else False,
                "done": confirmed,
            }
        ]
        done = deliveries.filtered(lambda p: p.state == "done")
        if deliveries and all(deliveries.mapped("oms_is_pickup")):
            ready = deliveries.filtered("oms_ready_for_pickup_date")
            steps.append(
                {
                    "name": self.env._("Ready for pickup"),
                    "date": max(
                        ready.mapped("oms_ready_for_pickup_date"), default=False
                    ),
                    "done": bool(ready) or bool(done),
                }
            )
            last = self.env._("Collected")
        else:
            steps.append(
                {
                    "name": self.env._("Shipped"),
                    "date": max(done.mapped("date_done"), default=False),
                    "done": bool(deliveries) and done == deliveries,
                    "tracking": [
                        (p.carrier_tracking_ref, p.carrier_tracking_url)
                        for p in done
                        if p.carrier_tracking_ref
                    ],
                }
            )
            last = self.env._("Delivered")
        steps.append(
            {
                "name": last,
                "date": self.oms_delivered_date,
                "done": bool(self.oms_delivered_date),
            }
        )
        return steps
