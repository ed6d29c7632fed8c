# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import float_round

from oms_domain.pos_holds import (
    OfflineProblem,
    Outcome,
    decide_hold,
    offline_problem,
    parse_quantity,
)

# Outgoing moves still waiting for stock: their unreserved part is promised.
WAITING_MOVE_STATES = ("waiting", "confirmed", "partially_available")
OPEN_SESSION_STATES = ("opening_control", "opened")
SOLD_ORDER_STATES = ("paid", "done", "invoiced")


class OmsPosHold(models.Model):
    """Stock a point of sale keeps for an order line being rung up, or for a
    customer (reservation).

    Active holds count in available-to-sell (``oms.channel._oms_held_quantities``)
    and in the free stock of every terminal. Terminals change them only
    through the ``pos_*`` methods below, which lock the (product, location)
    row first (``oms.pos.hold.lock``).
    """

    _name = "oms.pos.hold"
    _description = "Point of Sale Hold"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_name = "product_id"

    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True
    )
    uom_id = fields.Many2one(related="product_id.uom_id")
    quantity = fields.Float(
        digits="Product Unit of Measure", required=True, readonly=True
    )
    location_id = fields.Many2one(
        "stock.location", required=True, readonly=True, index=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Store", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    config_id = fields.Many2one(
        "pos.config", string="Point of Sale", readonly=True, index=True
    )
    session_id = fields.Many2one("pos.session", readonly=True, index=True)
    line_uuid = fields.Char(string="Order Line UUID", readonly=True, index=True)
    order_uuid = fields.Char(string="Order UUID", readonly=True, index=True)
    pos_order_id = fields.Many2one("pos.order", string="POS Order", readonly=True)
    kind = fields.Selection(
        [("line", "Order Line"), ("reserve", "Reservation")],
        required=True,
        readonly=True,
        default="line",
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("sold", "Sold"),
            ("released", "Released"),
            ("expired", "Expired"),
            ("conflict", "Conflict"),
        ],
        required=True,
        readonly=True,
        default="active",
        index=True,
        tracking=True,
    )
    expires_at = fields.Datetime(
        readonly=True,
        help="An order line hold without activity is released then.",
    )
    partner_name = fields.Char(string="Customer", readonly=True)
    partner_phone = fields.Char(string="Phone", readonly=True)
    reserved_until = fields.Date(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Cashier", readonly=True, default=lambda s: s.env.user
    )
    client_time = fields.Datetime(
        string="Rung Up At",
        readonly=True,
        help="When an offline terminal took the line, by its own clock.",
    )
    note = fields.Text(string="Reason", readonly=True)

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "A hold is for a positive quantity.",
        ),
    ]

    def init(self):
        # One active hold per order line: the terminal re-sends the same line.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS oms_pos_hold_active_line_uniq
            ON oms_pos_hold (line_uuid)
            WHERE state = 'active' AND line_uuid IS NOT NULL
            """
        )

    # Back-office actions -----------------------------------------------------

    def action_release(self):
        """Release active holds, reservations or conflicts (managers)."""
        self._oms_check_manager()
        holds = self.filtered(lambda h: h.state in ("active", "conflict"))
        holds.sudo()._oms_set_state("released")
        holds.sudo().activity_ids.unlink()
        return True

    def action_keep(self):
        """Keep the goods of a conflict for its order: the hold becomes active
        again even if the store is short (the sale was made)."""
        self._oms_check_manager()
        conflicts = self.filtered(lambda h: h.state == "conflict")
        for hold in conflicts.sudo():
            # Another hold of the line may have been taken since.
            if hold.line_uuid:
                self.sudo().search(
                    [("line_uuid", "=", hold.line_uuid), ("state", "=", "active")]
                )._oms_set_state("released")
            if hold.pos_order_id:
                # The order is synced: its picking has the goods.
                hold._oms_set_state("sold")
                continue
            hold.write(
                {
                    "state": "active",
                    "expires_at": fields.Datetime.now()
                    + timedelta(minutes=hold.config_id.oms_hold_minutes or 30),
                }
            )
            hold._oms_stock_changed()
        conflicts.sudo().activity_ids.unlink()
        return True

    # RPC of the point of sale (plain JSON in and out) --------------------------

    @api.model
    def pos_set_hold(self, session_id, line_uuid, order_uuid, product_id, qty):
        """Hold ``qty`` of a product for an order line (qty <= 0 releases).

        :return: ``{"line_uuid", "state", "held_qty", "free_qty", "message"}``;
            ``free_qty`` is the store's free quantity for this order (holds of
            other orders deducted) after the call
        """
        session = self._oms_session(session_id)
        quantity = self._oms_parse_qty(qty)
        line_uuid = self._oms_parse_uuid(line_uuid)
        order_uuid = order_uuid if isinstance(order_uuid, str) else False
        if quantity <= 0:
            released = self._oms_release_lines(session, [line_uuid])
            return self._oms_result(line_uuid, Outcome.RELEASED, 0.0, None, released)
        product = self._oms_product(product_id)
        return self._oms_hold_line(session, line_uuid, order_uuid, product, quantity)

    @api.model
    def pos_release_holds(self, session_id, line_uuids):
        """Release the holds of order lines (removed lines, cancelled order).

        :return: ``{"released": n}``
        """
        session = self._oms_session(session_id, allow_closed=True)
        if not isinstance(line_uuids, list | tuple):
            raise UserError(self.env._("A list of order lines is expected."))
        uuids = [self._oms_parse_uuid(uuid) for uuid in line_uuids]
        return {"released": self._oms_release_lines(session, uuids)}

    @api.model
    def pos_sync_offline(self, session_id, holds):
        """Holds a terminal took while offline, sent on reconnection.

        ``holds`` is a list of ``{"line_uuid", "order_uuid", "product_id", "qty",
        "client_time"}``. Each gets the result of :meth:`pos_set_hold`; a line
        that cannot be held in full becomes a ``conflict`` hold for the back
        office (the sale itself is never refused).
        """
        session = self._oms_session(session_id, allow_closed=True)
        if not isinstance(holds, list | tuple):
            raise UserError(self.env._("A list of holds is expected."))
        results = []
        for values in holds:
            if not isinstance(values, dict):
                raise UserError(self.env._("Each offline hold must be an object."))
            results.append(self._oms_sync_one(session, values))
        return results

    @api.model
    def pos_free_quantities(self, config_id, product_ids, order_uuid=None):
        """Free quantity of products in the store of a point of sale.

        :return: ``{product_id: free_qty}``; holds of ``order_uuid`` (the
            terminal's current order) are not deducted
        """
        config = self._oms_config(config_id)
        products = self._oms_products(product_ids)
        free = self._oms_free(
            self._oms_config_location(config), products, exclude_order=order_uuid
        )
        return {product.id: free.get(product.id, 0.0) for product in products}

    @api.model
    def pos_other_stores(self, config_id, product_id):
        """Free quantity of a product in the other stores of the company.

        :return: ``[{"warehouse_id", "name", "free_qty"}]``, most first
        """
        config = self._oms_config(config_id)
        product = self._oms_product(product_id)
        if not config.oms_show_other_stores:
            return []
        own = config.picking_type_id.warehouse_id
        Warehouse = self.env["stock.warehouse"].sudo()
        pos_warehouses = (
            self.env["pos.config"]
            .sudo()
            .search([("company_id", "=", config.company_id.id)])
            .picking_type_id.warehouse_id
        )
        warehouses = (
            Warehouse.search(
                [
                    ("company_id", "=", config.company_id.id),
                    ("oms_is_store", "=", True),
                ]
            )
            | pos_warehouses
        ) - own
        result = []
        for warehouse in warehouses:
            free = self._oms_free(warehouse.lot_stock_id, product)
            result.append(
                {
                    "warehouse_id": warehouse.id,
                    "name": warehouse.name,
                    "free_qty": free.get(product.id, 0.0),
                }
            )
        result.sort(key=lambda row: (-row["free_qty"], row["name"]))
        return result

    @api.model
    def pos_reserve(
        self, session_id, product_id, qty, partner_name, partner_phone, reserved_until
    ):
        """Reserve goods of the store for a customer until a date.

        Nothing is reserved unless the whole quantity is free.

        :return: ``{"hold_id", "state", "message"}``
        """
        session = self._oms_session(session_id)
        quantity = self._oms_parse_qty(qty)
        if quantity <= 0:
            raise UserError(self.env._("The quantity to reserve must be positive."))
        product = self._oms_product(product_id)
        name = (partner_name or "").strip() if isinstance(partner_name, str) else ""
        if not name:
            raise UserError(self.env._("Enter the customer's name."))
        phone = partner_phone.strip() if isinstance(partner_phone, str) else ""
        try:
            until = fields.Date.to_date(reserved_until)
        except (TypeError, ValueError):
            until = None
        today = fields.Date.context_today(self)
        if not until or until < today:
            raise UserError(self.env._("Reserve until today or a later date."))
        if not product.is_storable:
            return {
                "hold_id": False,
                "state": Outcome.UNTRACKED.value,
                "message": self.env._("%s is not tracked in stock.", product.name),
            }
        location = self._oms_config_location(session.config_id)
        self.env["oms.pos.hold.lock"]._oms_lock(product.ids, location.ids)
        free = self._oms_free(location, product).get(product.id, 0.0)
        if quantity > free + product.uom_id.rounding / 2:
            return {
                "hold_id": False,
                "state": Outcome.BLOCKED.value,
                "message": self.env._(
                    "Only %(free)s %(product)s free in this store.",
                    free=free,
                    product=product.name,
                ),
            }
        hold = self.sudo().create(
            {
                **self._oms_prepare_hold_vals(session, product, quantity),
                "kind": "reserve",
                "partner_name": name,
                "partner_phone": phone,
                "reserved_until": until,
                "expires_at": False,
            }
        )
        hold._oms_stock_changed()
        return {
            "hold_id": hold.id,
            "state": Outcome.HELD.value,
            "message": self.env._(
                "%(qty)s %(product)s reserved for %(name)s until %(date)s.",
                qty=quantity,
                product=product.name,
                name=name,
                date=until,
            ),
        }

    # Hooks of Odoo's point of sale ------------------------------------------

    @api.model
    def _oms_orders_synced(self, orders):
        """Paid orders turn their lines' holds into the sale (the picking's
        moves take over); lines no longer in the order and cancelled orders
        release theirs."""
        orders = orders.sudo()
        uuids = [uuid for uuid in orders.mapped("uuid") if uuid]
        if not uuids:
            return
        holds = self.sudo().search(
            [
                ("order_uuid", "in", uuids),
                ("kind", "=", "line"),
                ("state", "in", ("active", "conflict")),
            ]
        )
        if not holds:
            return
        by_order = {order.uuid: order for order in orders}
        sold, released = self.sudo(), self.sudo()
        for hold in holds:
            order = by_order[hold.order_uuid]
            if hold.state == "conflict":
                # Left to the back office; Keep then knows the sale is made.
                if order.state in SOLD_ORDER_STATES:
                    hold.pos_order_id = order
                continue
            if order.state == "cancel":
                released |= hold
            elif order.state in SOLD_ORDER_STATES:
                if hold.line_uuid not in order.lines.mapped("uuid"):
                    released |= hold
                    continue
                hold.pos_order_id = order
                if order.session_id.update_stock_at_closing:
                    # No picking before the session closes: the hold keeps
                    # the goods until then, without expiry.
                    hold.write({"state": "active", "expires_at": False})
                else:
                    sold |= hold
        sold._oms_set_state("sold")
        released._oms_set_state("released")

    @api.model
    def _oms_sessions_closed(self, sessions):
        """Closing a session releases its order lines' holds; those of paid
        orders waiting for the closing's pickings become the sale."""
        holds = self.sudo().search(
            [
                ("session_id", "in", sessions.ids),
                ("kind", "=", "line"),
                ("state", "=", "active"),
            ]
        )
        sold = holds.filtered("pos_order_id")
        sold._oms_set_state("sold")
        (holds - sold)._oms_set_state("released")

    @api.model
    def _cron_expire_holds(self):
        """Expire order line holds past their time and reservations past their
        date."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        holds = self.sudo().search(
            [
                ("state", "=", "active"),
                "|",
                "&",
                ("kind", "=", "line"),
                ("expires_at", "<", now),
                "&",
                ("kind", "=", "reserve"),
                ("reserved_until", "<", today),
            ]
        )
        holds._oms_set_state("expired")
        return len(holds)

    @api.model
    def _oms_held_by_location(self, products, locations):
        """``{(product_id, location_id): quantity}`` of the active holds."""
        if not products or not locations:
            return {}
        groups = self.sudo()._read_group(
            [
                ("state", "=", "active"),
                ("product_id", "in", products.ids),
                ("location_id", "in", locations.ids),
            ],
            ["product_id", "location_id"],
            ["quantity:sum"],
        )
        return {(product.id, location.id): qty for product, location, qty in groups}

    @api.model
    def _oms_pos_load_free(self, config, product_ids, session_ids=()):
        """Free quantity of the storable products the POS loads
        (``product.product._load_pos_data``): holds of the loading session's
        own orders are not deducted."""
        products = (
            self.env["product.product"]
            .sudo()
            .search([("id", "in", list(product_ids)), ("is_storable", "=", True)])
        )
        if not products:
            return {}
        return self._oms_free(
            self._oms_config_location(config),
            products,
            exclude_sessions=list(session_ids),
        )

    @api.model
    def _oms_lock_pos_stock(self, product_ids, companies):
        """Lock the products in every point of sale location of ``companies``
        (channel order confirmations, before they read free stock)."""
        locations = (
            self.env["pos.config"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .picking_type_id.default_location_src_id.filtered(
                lambda loc: loc.usage == "internal"
            )
        )
        self.env["oms.pos.hold.lock"]._oms_lock(product_ids, locations.ids)

    # Business logic -------------------------------------------------------------

    def _oms_hold_line(self, session, line_uuid, order_uuid, product, quantity):
        config = session.config_id
        if not product.is_storable:
            return self._oms_result(
                line_uuid,
                Outcome.UNTRACKED,
                0.0,
                None,
                message=self.env._("%s is not tracked in stock.", product.name),
            )
        if config.oms_hold_policy == "off":
            self._oms_release_lines(session, [line_uuid])
            return self._oms_result(line_uuid, Outcome.UNTRACKED, 0.0, None)
        location = self._oms_config_location(config)
        self.env["oms.pos.hold.lock"]._oms_lock(product.ids, location.ids)
        current = self.sudo().search(
            [("line_uuid", "=", line_uuid), ("state", "=", "active")], limit=1
        )
        if current and (
            current.session_id.config_id != config or current.product_id != product
        ):
            # The line moved (another product or terminal): start afresh.
            current._oms_set_state("released")
            current = self.sudo()
        free_line = self._oms_free(location, product, exclude_line=line_uuid)
        free = free_line.get(product.id, 0.0)
        decision = decide_hold(
            quantity,
            free,
            current.quantity if current else 0.0,
            config.oms_hold_policy,
            precision=product.uom_id.rounding / 2,
        )
        held = float_round(decision.held, precision_rounding=product.uom_id.rounding)
        self._oms_write_line_hold(
            session, current, line_uuid, order_uuid, product, held
        )
        free_order = self._oms_free(location, product, exclude_order=order_uuid)
        return self._oms_result(
            line_uuid,
            decision.outcome,
            held,
            free_order.get(product.id, 0.0),
            message=self._oms_message(decision.outcome, product, quantity, free),
        )

    def _oms_write_line_hold(
        self, session, current, line_uuid, order_uuid, product, qty
    ):
        expires_at = fields.Datetime.now() + timedelta(
            minutes=session.config_id.oms_hold_minutes or 30
        )
        if qty <= 0:
            if current:
                current._oms_set_state("released")
            return current
        if current:
            if current.quantity != qty:
                current.write({"quantity": qty, "expires_at": expires_at})
                current._oms_stock_changed()
            else:
                current.expires_at = expires_at
            return current
        hold = self.sudo().create(
            {
                **self._oms_prepare_hold_vals(session, product, qty),
                "line_uuid": line_uuid,
                "order_uuid": order_uuid,
                "expires_at": expires_at,
            }
        )
        hold._oms_stock_changed()
        return hold

    def _oms_sync_one(self, session, values):
        line_uuid = self._oms_parse_uuid(values.get("line_uuid"))
        order_uuid = values.get("order_uuid")
        order_uuid = order_uuid if isinstance(order_uuid, str) else False
        quantity = self._oms_parse_qty(values.get("qty"))
        product = self._oms_product(values.get("product_id"))
        client_time = self._oms_parse_time(values.get("client_time"))
        if quantity <= 0:
            released = self._oms_release_lines(session, [line_uuid])
            return self._oms_result(line_uuid, Outcome.RELEASED, 0.0, None, released)
        # A line already sold (its order synced first) has nothing to hold.
        if (
            self.env["pos.order.line"]
            .sudo()
            .search_count(
                [
                    ("uuid", "=", line_uuid),
                    ("order_id.state", "in", SOLD_ORDER_STATES),
                ],
                limit=1,
            )
        ):
            return self._oms_result(
                line_uuid,
                Outcome.RELEASED,
                0.0,
                None,
                message=self.env._("The line is already sold."),
            )
        problem = offline_problem(
            client_time,
            session.start_at,
            session.state in OPEN_SESSION_STATES,
        )
        if problem is None and product.is_storable:
            result = self._oms_hold_line(
                session, line_uuid, order_uuid, product, quantity
            )
            if result["state"] in (Outcome.SHORT.value, Outcome.BLOCKED.value):
                problem = OfflineProblem.SHORT
                # The conflict replaces the partial hold: the goods wait for
                # the back office's decision.
                self._oms_release_lines(session, [line_uuid])
            else:
                return result
        elif problem is None:
            return self._oms_hold_line(
                session, line_uuid, order_uuid, product, quantity
            )
        return self._oms_conflict(
            session, line_uuid, order_uuid, product, quantity, client_time, problem
        )

    def _oms_conflict(
        self, session, line_uuid, order_uuid, product, quantity, client_time, problem
    ):
        reason = self._oms_problem_message(problem, product, quantity)
        hold = self.sudo().create(
            {
                **self._oms_prepare_hold_vals(session, product, quantity),
                "line_uuid": line_uuid,
                "order_uuid": order_uuid,
                "state": "conflict",
                "client_time": client_time,
                "note": reason,
            }
        )
        company = session.config_id.company_id
        responsible = (
            (
                self.env.ref("point_of_sale.group_pos_manager")
                .sudo()
                .users.filtered(
                    lambda user: company in user.company_ids and user.active
                )
                .sorted("id")[:1]
            )
            or session.user_id
        )
        if responsible:
            hold.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("POS hold conflict: release or keep"),
                note=reason,
                user_id=responsible.id,
            )
        return self._oms_result(line_uuid, Outcome.CONFLICT, 0.0, None, message=reason)

    def _oms_release_lines(self, session, line_uuids):
        holds = self.sudo().search(
            [
                ("line_uuid", "in", [uuid for uuid in line_uuids if uuid]),
                ("session_id.config_id", "=", session.config_id.id),
                ("state", "=", "active"),
            ]
        )
        holds._oms_set_state("released")
        return len(holds)

    def _oms_set_state(self, state):
        if not self:
            return
        self.write({"state": state})
        self._oms_stock_changed()

    def _oms_stock_changed(self):
        """Tell the channels that held quantities changed."""
        by_location = defaultdict(lambda: self.env["product.product"])
        for hold in self:
            by_location[hold.location_id] |= hold.product_id
        for location, products in by_location.items():
            self.env["oms.channel.stock"]._oms_mark_dirty(products, location)

    def _oms_prepare_hold_vals(self, session, product, quantity):
        config = session.config_id
        location = self._oms_config_location(config)
        return {
            "product_id": product.id,
            "quantity": quantity,
            "location_id": location.id,
            "warehouse_id": location.warehouse_id.id,
            "company_id": config.company_id.id,
            "config_id": config.id,
            "session_id": session.id,
            "user_id": self.env.uid,
        }

    # Reading the store's stock ---------------------------------------------------

    @api.model
    def _oms_free(
        self,
        location,
        products,
        exclude_line=None,
        exclude_order=None,
        exclude_sessions=None,
    ):
        """``{product_id: free}`` in ``location`` and below: on hand minus
        reserved, minus what waiting outgoing moves still need, minus active
        holds (but those of ``exclude_line`` / ``exclude_order`` /
        ``exclude_sessions``' order lines).

        Three grouped queries whatever the number of products (the POS
        product loader reads thousands at once).
        """
        if not products or not location:
            return {}
        products = products.sudo()
        Quant, Move = self.env["stock.quant"].sudo(), self.env["stock.move"].sudo()
        free = defaultdict(float)
        for product, quantity, reserved in Quant._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_id", "child_of", location.id),
                ("location_id.usage", "=", "internal"),
            ],
            ["product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        ):
            free[product.id] += quantity - reserved
        for product, uom, demand, reserved in Move._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_id", "child_of", location.id),
                "|",
                ("location_dest_id.usage", "not in", ("internal", "transit")),
                ("location_final_id.usage", "=", "customer"),
                ("state", "in", WAITING_MOVE_STATES),
            ],
            ["product_id", "product_uom"],
            ["product_qty:sum", "quantity:sum"],
        ):
            reserved = uom._compute_quantity(reserved, product.uom_id, round=False)
            free[product.id] -= max(demand - reserved, 0.0)
        # Holds in the location, below it or above it (a terminal selling from
        # the whole warehouse) all draw on this stock.
        ancestors = [int(x) for x in (location.parent_path or "").split("/") if x]
        domain = [
            ("state", "=", "active"),
            ("product_id", "in", products.ids),
            "|",
            ("location_id", "child_of", location.id),
            ("location_id", "in", ancestors),
        ]
        if exclude_line:
            domain = expression.AND(
                [
                    domain,
                    ["|", ("line_uuid", "=", False), ("line_uuid", "!=", exclude_line)],
                ]
            )
        if exclude_order:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("order_uuid", "=", False),
                        ("order_uuid", "!=", exclude_order),
                    ],
                ]
            )
        if exclude_sessions:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("kind", "!=", "line"),
                        ("session_id", "not in", exclude_sessions),
                    ],
                ]
            )
        for product, qty in self.sudo()._read_group(
            domain, ["product_id"], ["quantity:sum"]
        ):
            free[product.id] -= qty
        rounding = {product.id: product.uom_id.rounding for product in products}
        return {
            product_id: float_round(qty, precision_rounding=rounding[product_id])
            for product_id, qty in free.items()
        }

    @api.model
    def _oms_config_location(self, config):
        """Internal location a point of sale sells from."""
        location = config.sudo().picking_type_id.default_location_src_id
        if not location or location.usage != "internal":
            raise UserError(
                self.env._(
                    "The operation type of %s has no internal source location.",
                    config.name,
                )
            )
        return location

    # Checking what a terminal sent ---------------------------------------------

    def _oms_check_pos_user(self):
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(
                self.env._("Only point of sale users can hold store stock.")
            )

    def _oms_check_manager(self):
        if not (
            self.env.user.has_group("point_of_sale.group_pos_manager")
            or self.env.user.has_group("oms_pos_bridge.group_oms_pos_bridge_manager")
        ):
            raise AccessError(
                self.env._("Only point of sale managers can resolve holds.")
            )

    @api.model
    def _oms_config(self, config_id):
        self._oms_check_pos_user()
        if isinstance(config_id, bool) or not isinstance(config_id, int):
            raise UserError(self.env._("Unknown point of sale."))
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise UserError(self.env._("Unknown point of sale."))
        config.check_access("read")
        self._oms_check_cashier_store(config)
        return config

    @api.model
    def _oms_session(self, session_id, allow_closed=False):
        self._oms_check_pos_user()
        if isinstance(session_id, bool) or not isinstance(session_id, int):
            raise UserError(self.env._("Unknown point of sale session."))
        session = self.env["pos.session"].browse(session_id).exists()
        if not session:
            raise UserError(self.env._("Unknown point of sale session."))
        session.check_access("read")
        if not allow_closed and session.state not in OPEN_SESSION_STATES:
            raise UserError(
                self.env._(
                    "The session %s is closed: nothing can be held.", session.name
                )
            )
        self._oms_check_cashier_store(session.config_id)
        return session

    @api.model
    def _oms_check_cashier_store(self, config):
        """A cashier whose user has a default warehouse holds only in it;
        point of sale managers hold anywhere in their companies."""
        user = self.env.user
        if user.has_group("point_of_sale.group_pos_manager"):
            return
        home = user.with_company(config.company_id).sudo().property_warehouse_id
        store = config.sudo().picking_type_id.warehouse_id
        if home and store and home != store:
            raise UserError(
                self.env._(
                    "You sell in %(home)s: you cannot hold stock of %(store)s.",
                    home=home.name,
                    store=store.name,
                )
            )

    @api.model
    def _oms_product(self, product_id):
        if isinstance(product_id, bool) or not isinstance(product_id, int):
            raise UserError(self.env._("Unknown product."))
        product = self.env["product.product"].sudo().browse(product_id).exists()
        if not product:
            raise UserError(self.env._("Unknown product."))
        return product

    @api.model
    def _oms_products(self, product_ids):
        if not isinstance(product_ids, list | tuple) or any(
            isinstance(pid, bool) or not isinstance(pid, int) for pid in product_ids
        ):
            raise UserError(self.env._("A list of product ids is expected."))
        return self.env["product.product"].sudo().browse(product_ids).exists()

    @api.model
    def _oms_parse_qty(self, qty):
        quantity = parse_quantity(qty)
        if quantity is None:
            raise UserError(self.env._("The quantity must be a finite number."))
        return quantity

    @api.model
    def _oms_parse_uuid(self, uuid):
        if not isinstance(uuid, str) or not uuid.strip() or len(uuid) > 64:
            raise UserError(self.env._("An order line reference is expected."))
        return uuid.strip()

    @api.model
    def _oms_parse_time(self, value):
        if not value or not isinstance(value, str):
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment

    # Messages -----------------------------------------------------------------

    def _oms_result(self, line_uuid, outcome, held, free, released=0, message=None):
        if message is None and outcome is Outcome.RELEASED:
            message = "" if released else self.env._("Nothing was held.")
        return {
            "line_uuid": line_uuid,
            "state": outcome.value,
            "held_qty": held,
            "free_qty": free,
            "message": message or "",
        }

    def _oms_message(self, outcome, product, quantity, free):
        if outcome is Outcome.SHORT:
            return self.env._(
                "Only %(free)s %(product)s free in this store: %(free)s held of "
                "%(qty)s.",
                free=max(free, 0.0),
                product=product.name,
                qty=quantity,
            )
        if outcome is Outcome.BLOCKED:
            return self.env._(
                "Only %(free)s %(product)s free in this store: the quantity "
                "cannot be sold.",
                free=max(free, 0.0),
                product=product.name,
            )
        return ""

    def _oms_problem_message(self, problem, product, quantity):
        if problem is OfflineProblem.SESSION_CLOSED:
            return self.env._(
                "%(qty)s %(product)s sold offline after the session was closed.",
                qty=quantity,
                product=product.name,
            )
        if problem is OfflineProblem.STALE:
            return self.env._(
                "%(qty)s %(product)s rung up offline before the session started.",
                qty=quantity,
                product=product.name,
            )
        return self.env._(
            "%(qty)s %(product)s sold offline, but the store does not have them "
            "free any more.",
            qty=quantity,
            product=product.name,
        )
