# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)

PICKUP_STATES = [
    ("to_prepare", "To Prepare"),
    ("ready", "Ready"),
    ("collected", "Collected"),
    ("expired", "Expired"),
]
OPEN_STATES = ("confirmed", "waiting", "assigned")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_pickup_warehouse_id = fields.Many2one(
        related="sale_id.oms_pickup_warehouse_id",
        string="Pickup Store",
        store=True,
        index="btree_not_null",
    )
    oms_pickup_state = fields.Selection(
        PICKUP_STATES,
        string="Pickup Status",
        compute="_compute_oms_pickup_state",
        store=True,
        readonly=False,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Click & collect: the store prepares the goods, tells the customer "
        "they are ready, then hands them over; uncollected pickups expire.",
    )
    oms_pickup_deadline = fields.Datetime(
        string="Collect Before",
        copy=False,
        tracking=True,
        help="Set when the pickup is ready, from the carrier's days to collect.",
    )
    oms_pickup_reminded = fields.Boolean(
        string="Pickup Reminder Sent", readonly=True, copy=False
    )

    @api.depends("oms_pickup_warehouse_id", "picking_type_id", "location_dest_id")
    def _compute_oms_pickup_state(self):
        for picking in self:
            is_pickup = (
                picking.oms_pickup_warehouse_id
                and picking.picking_type_code == "outgoing"
                and picking.location_dest_id.usage == "customer"
            )
            picking.oms_pickup_state = (
                picking.oms_pickup_state or "to_prepare" if is_pickup else False
            )

    # Workflow hooks ------------------------------------------------------------------

    def action_cancel(self):
        # A pickup stays at its store: cancelled, it is not sent to the next
        # best location as other deliveries are.
        pickups = self.filtered("oms_pickup_state")
        res = super(
            StockPicking, pickups.with_context(oms_no_reallocation=True)
        ).action_cancel()
        if self - pickups:
            res = super(StockPicking, self - pickups).action_cancel()
        # pos_sale cancels the reserved delivery once the order is paid at the
        # till: the goods left with the POS order, the pickup is collected.
        settled = pickups.filtered(
            lambda p: (
                p.oms_pickup_state in ("to_prepare", "ready")
                and p.state == "cancel"
                and p._oms_settled_at_till()
            )
        )
        if settled:
            settled.oms_pickup_state = "collected"
            settled.sudo().sale_id.filtered(lambda o: not o.oms_delivered_date).write(
                {"oms_delivered_date": fields.Datetime.now()}
            )
        return res

    def _action_done(self):
        res = super()._action_done()
        # Validated in the back office too: handed over.
        self.filtered(
            lambda p: (
                p.state == "done" and p.oms_pickup_state in ("to_prepare", "ready")
            )
        ).oms_pickup_state = "collected"
        return res

    def _oms_settled_at_till(self):
        self.ensure_one()
        lines = self.sudo().sale_id.order_line.filtered(
            lambda line: line.product_id.type == "consu" and not line.display_type
        )
        pos_lines = lines.pos_order_line_ids.filtered(
            lambda pl: pl.order_id.state in ("paid", "done", "invoiced")
        )
        return bool(pos_lines) and all(
            float_compare(
                sum(
                    pos_lines.filtered(
                        lambda pl, sl=line: pl.sale_order_line_id == sl
                    ).mapped("qty")
                ),
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding,
            )
            >= 0
            for line in lines
        )

    # Pickup state machine ------------------------------------------------------------

    def _oms_pickup_prepare(self):
        """Reserve the goods and mark them picked."""
        for picking in self:
            picking._oms_check_pickup_state(("to_prepare",))
            picking.action_assign()
            if picking.state == "assigned":
                picking.move_ids.filtered(lambda m: m.state != "cancel").picked = True
        return True

    def _oms_pickup_ready(self):
        """The goods wait at the counter: start the collection window and tell
        the customer (email/SMS as the order's channel says)."""
        for picking in self:
            picking._oms_check_pickup_state(("to_prepare",))
            if picking.state != "assigned":
                raise UserError(
                    self.env._(
                        "%s: not every item is reserved yet. Prepare it first.",
                        picking.name,
                    )
                )
        self.oms_ready_for_pickup_date = fields.Datetime.now()
        self._oms_pickup_start_window()
        self._oms_customer_deliveries()._oms_notify_customer("pickup")
        return True

    def _oms_pickup_start_window(self):
        now = fields.Datetime.now()
        for picking in self:
            days = picking.carrier_id.oms_pickup_days or 7
            picking.write(
                {
                    "oms_pickup_state": "ready",
                    "oms_pickup_deadline": now + timedelta(days=days),
                }
            )

    def action_oms_ready_for_pickup(self):
        # The back-office button starts the same collection window.
        res = super().action_oms_ready_for_pickup()
        self.filtered(
            lambda p: p.oms_pickup_state == "to_prepare" and p.oms_ready_for_pickup_date
        )._oms_pickup_start_window()
        return res

    def _oms_pickup_collect(self):
        """Hand over paid pickups: validate the delivery."""
        for picking in self:
            picking._oms_check_pickup_state(("ready",))
            if picking.sale_id._oms_pickup_amount_due():
                raise UserError(
                    self.env._(
                        "%s is not paid yet: settle the order at the till.",
                        picking.name,
                    )
                )
            picking._oms_validate_all()
            picking.oms_pickup_state = "collected"
        return True

    def _oms_pickup_expire(self):
        """Not collected in time: back to the shelf, order cancelled and refunded."""
        for picking in self:
            picking._oms_check_pickup_state(("to_prepare", "ready"))
            if picking.state not in ("done", "cancel"):
                picking.action_cancel()
            picking.sale_id.filtered(lambda o: o.state != "cancel")._oms_pickup_cancel()
            picking.oms_pickup_state = "expired"
        return True

    def _oms_check_pickup_state(self, allowed):
        self.ensure_one()
        if self.oms_pickup_state not in allowed or self.state in ("done", "cancel"):
            states = dict(
                self._fields["oms_pickup_state"]._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "%(picking)s cannot do this: the pickup is %(state)s.",
                    picking=self.name,
                    state=states.get(self.oms_pickup_state)
                    or self.env._("not a pickup"),
                )
            )

    def _oms_validate_all(self):
        """Validate with every demanded quantity done (no backorder)."""
        self.ensure_one()
        if self.state != "assigned":
            self.action_assign()
        if self.state != "assigned":
            raise UserError(self.env._("%s: not every item is available.", self.name))
        for move in self.move_ids.filtered(lambda m: m.state != "cancel"):
            move.quantity = move.product_uom_qty
            move.picked = True
        res = self.with_context(
            skip_sms=True, cancel_backorder=True, skip_backorder=True
        ).button_validate()
        if res is not True or self.state != "done":
            raise UserError(
                self.env._("%s needs a person in Inventory to validate it.", self.name)
            )

    # Crons ---------------------------------------------------------------------------

    @api.model
    def _cron_oms_pickup_reminders(self):
        now = fields.Datetime.now()
        template = self.env.ref(
            "oms_pos_bridge.mail_template_oms_pickup_reminder", raise_if_not_found=False
        )
        pickings = self.search(
            [
                ("oms_pickup_state", "=", "ready"),
                ("oms_pickup_reminded", "=", False),
                ("oms_pickup_deadline", ">", now),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        due = pickings.filtered(
            lambda p: (
                p.carrier_id.oms_pickup_reminder_days != 0
                and p.oms_pickup_deadline
                - timedelta(days=p.carrier_id.oms_pickup_reminder_days or 2)
                <= now
            )
        )
        for picking in due:
            if template and picking.partner_id:
                picking.with_context(force_send=False).message_post_with_source(
                    template,
                    email_layout_xmlid="mail.mail_notification_light",
                    subtype_xmlid="mail.mt_comment",
                )
            picking.oms_pickup_reminded = True
        return True

    @api.model
    def _cron_oms_pickup_expire(self, limit=200):
        pickings = self.search(
            [
                ("oms_pickup_state", "=", "ready"),
                ("oms_pickup_deadline", "<", fields.Datetime.now()),
                ("state", "not in", ("done", "cancel")),
            ],
            limit=limit,
        )
        for picking in pickings:
            # One failing order (e.g. a locked invoice) must not stop the others.
            try:
                with self.env.cr.savepoint():
                    picking._oms_pickup_expire()
            except UserError as error:
                _logger.warning("Pickup %s could not expire: %s", picking.name, error)
                picking.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Uncollected pickup could not expire"),
                    note=str(error),
                    user_id=picking.user_id.id or self.env.uid,
                )
        return True

    # POS access ----------------------------------------------------------------------

    @api.model
    def _oms_pos_config(self, config_id):
        """The point of sale the cashier works at, after checking they may."""
        config = self.env["pos.config"].browse(int(config_id or 0)).exists()
        if not config:
            raise UserError(self.env._("Unknown point of sale."))
        config.check_access("read")
        if not self._oms_pos_may_act(config.picking_type_id.warehouse_id):
            raise AccessError(
                self.env._("Open a session of %s to work on its pickups.", config.name)
            )
        return config

    @api.model
    def _oms_pos_may_act(self, warehouse):
        """POS managers, or a cashier with an open session at the store."""
        if not warehouse:
            return False
        if self.env.user.has_group("point_of_sale.group_pos_manager"):
            return True
        return bool(
            self.env["pos.session"].search_count(
                [
                    ("state", "in", ("opened", "closing_control")),
                    ("user_id", "=", self.env.uid),
                    ("config_id.picking_type_id.warehouse_id", "=", warehouse.id),
                ],
                limit=1,
            )
        )

    @api.model
    def _oms_pos_picking(self, picking_id):
        picking = self.browse(int(picking_id or 0)).exists()
        if not picking:
            raise UserError(self.env._("This transfer no longer exists."))
        picking.check_access("write")
        if not self._oms_pos_may_act(picking.picking_type_id.warehouse_id):
            raise AccessError(
                self.env._(
                    "%(picking)s belongs to %(store)s: only its cashiers may act on "
                    "it.",
                    picking=picking.name,
                    store=picking.picking_type_id.warehouse_id.name,
                )
            )
        return picking

    def _oms_pos_data(self):
        """A plain dict of the transfer for the POS screens. Read as superuser:
        cashiers may act on the transfer (checked by the caller) without rights
        on sale orders, channels or carriers."""
        self.ensure_one()
        picking = self.sudo()
        order = picking.sale_id
        partner = picking.partner_id
        moves = picking.move_ids.filtered(lambda m: m.state != "cancel")
        states = dict(self._fields["state"]._description_selection(self.env))
        pickup_states = dict(
            self._fields["oms_pickup_state"]._description_selection(self.env)
        )
        return {
            "id": picking.id,
            "name": picking.name,
            "order_name": order.channel_order_ref or order.name or picking.origin or "",
            "sale_order_id": order.id or False,
            "channel": picking.oms_channel_id.name or "",
            "partner_name": partner.name or "",
            "partner_phone": partner.phone or partner.mobile or "",
            "carrier": picking.carrier_id.name or "",
            "state": picking.state,
            "state_label": states.get(picking.state, ""),
            "picked": bool(moves) and all(moves.mapped("picked")),
            "pickup_state": picking.oms_pickup_state or False,
            "pickup_state_label": pickup_states.get(picking.oms_pickup_state, ""),
            "deadline": fields.Datetime.to_string(picking.oms_pickup_deadline) or False,
            "scheduled_date": fields.Datetime.to_string(picking.scheduled_date)
            or False,
            "amount_due": order._oms_pickup_amount_due() if order else 0.0,
            "amount_total": order.amount_total if order else 0.0,
            "lines": [
                {
                    "product": move.product_id.display_name,
                    "qty": move.product_uom_qty,
                    "uom": move.product_uom.name,
                }
                for move in moves
            ],
        }

    # POS RPC: pickups ----------------------------------------------------------------

    @api.model
    def pos_pickups(self, config_id):
        config = self._oms_pos_config(config_id)
        pickings = self.search(
            [
                (
                    "oms_pickup_warehouse_id",
                    "=",
                    config.picking_type_id.warehouse_id.id,
                ),
                ("oms_pickup_state", "in", ("to_prepare", "ready")),
                ("state", "not in", ("done", "cancel")),
            ],
            order="oms_pickup_deadline, scheduled_date, id",
        )
        return [picking._oms_pos_data() for picking in pickings]

    @api.model
    def pos_pickup_prepare(self, picking_id):
        picking = self._oms_pos_picking(picking_id)
        picking.sudo()._oms_pickup_prepare()
        return picking._oms_pos_data()

    @api.model
    def pos_pickup_ready(self, picking_id):
        picking = self._oms_pos_picking(picking_id)
        picking.sudo()._oms_pickup_ready()
        return picking._oms_pos_data()

    @api.model
    def pos_pickup_collected(self, picking_id):
        """Paid pickups are validated now; unpaid ones come back with the amount
        due, for the POS to settle the sale order (pos_sale): the goods then
        leave with the POS order and pos_sale cancels this delivery."""
        picking = self._oms_pos_picking(picking_id)
        picking._oms_check_pickup_state(("ready",))
        order = picking.sudo().sale_id
        due = order._oms_pickup_amount_due() if order else 0.0
        if not due:
            picking.sudo()._oms_pickup_collect()
        return {
            "picking": picking._oms_pos_data(),
            "sale_order_id": order.id or False,
            "amount_due": due,
            "settle": bool(due),
        }

    # POS RPC: ship from store --------------------------------------------------------

    @api.model
    def pos_ship_from_store(self, config_id):
        config = self._oms_pos_config(config_id)
        pickings = self.search(
            [
                (
                    "picking_type_id.warehouse_id",
                    "=",
                    config.picking_type_id.warehouse_id.id,
                ),
                ("picking_type_code", "=", "outgoing"),
                ("oms_channel_id", "!=", False),
                ("oms_pickup_state", "=", False),
                ("state", "in", OPEN_STATES),
            ],
            order="scheduled_date, id",
        )
        return [picking._oms_pos_data() for picking in pickings]

    @api.model
    def pos_picking_check_availability(self, picking_id):
        picking = self._oms_pos_picking(picking_id)
        picking.sudo().action_assign()
        return picking._oms_pos_data()

    @api.model
    def pos_picking_validate(self, picking_id):
        picking = self._oms_pos_picking(picking_id)
        picking.sudo()._oms_validate_all()
        return picking._oms_pos_data()

    @api.model
    def pos_picking_cancel(self, picking_id):
        picking = self._oms_pos_picking(picking_id)
        picking.sudo().action_cancel()
        return picking._oms_pos_data()

    @api.model
    def pos_picking_print(self, picking_id):
        picking = self._oms_pos_picking(picking_id)
        return {
            "url": "/report/pdf/stock.report_deliveryslip/%s" % picking.id,
            "backend_url": "/odoo/action-stock.action_picking_tree_all/%s" % picking.id,
        }
