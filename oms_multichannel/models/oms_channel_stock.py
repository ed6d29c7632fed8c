# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict, namedtuple
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from oms_domain.ats import (
    compute_ats,
    compute_kit_ats,
    duration_parts,
    self_tuning_buffer,
)
from oms_domain.sync import DirtySet, find_drift

# Products per round of grouped reads: the query count per round is constant.
PRODUCT_BATCH = 5000
# Moves that will take stock out and are not done yet, reserved or not.
OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
FLOAT_FIELDS = ("on_hand", "promised", "held", "buffer", "sales_rate")
# Totals (on hand, reserved, unreserved demand, held) of a product without any.
NO_STOCK = (0.0, 0.0, 0.0, 0.0)
# What a recompute writes, in this order, and reads of each stored row.
WRITTEN_FIELDS = FLOAT_FIELDS + (
    "ats",
    "dirty",
    "dirty_since",
    "to_export",
    "pending_since",
)
RowState = namedtuple(
    "RowState",
    ("channel_id", "product_id", "id", "exported_qty", "exported_at") + WRITTEN_FIELDS,
)
WRITTEN_START = len(RowState._fields) - len(WRITTEN_FIELDS)


def _differs(row, values, tolerance):
    """True when ``values`` (of WRITTEN_FIELDS) would change the stored ``row``."""
    stored = row[WRITTEN_START:]
    if stored == values:
        return False
    for name, old, new in zip(WRITTEN_FIELDS, stored, values, strict=True):
        if name in FLOAT_FIELDS:
            if abs((old or 0.0) - new) >= tolerance:
                return True
        elif (old or False) != (new or False):
            return True
    return False


class OmsChannelStock(models.Model):
    """Available to sell of one product on one channel, and what was pushed.

    One row per (channel, product), maintained by the stock hooks (``dirty``)
    and the sync runs of :meth:`oms.channel._oms_sync_stock`.
    """

    _name = "oms.channel.stock"
    _description = "Channel Availability"
    _order = "channel_id, product_id"
    _rec_name = "product_id"

    channel_id = fields.Many2one(
        "oms.channel", required=True, readonly=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True, ondelete="cascade"
    )
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    default_code = fields.Char(related="product_id.default_code")
    uom_id = fields.Many2one(related="product_id.uom_id")
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    # No "digits": a precision lookup per value made bulk writes several times
    # slower; the figures come already rounded from quants and moves.
    on_hand = fields.Float(
        readonly=True,
        help="Quantity in the channel's stock locations.",
    )
    promised = fields.Float(
        readonly=True,
        help="Reserved or demanded by confirmed moves leaving those locations, plus "
        "holds.",
    )
    held = fields.Float(
        readonly=True,
        help="Part of the promised quantity held by other features (stores, "
        "allocations).",
    )
    buffer = fields.Float(readonly=True)
    buffer_explanation = fields.Char(compute="_compute_buffer_explanation")
    sales_rate = fields.Float(
        string="Sold per Day",
        digits=(16, 3),
        readonly=True,
        help="Units sold per day on all channels over the channel's sales window "
        "(self-tuning buffer only).",
    )
    ats = fields.Integer(string="Available to Sell", readonly=True)
    dirty = fields.Boolean(
        string="To Recompute",
        readonly=True,
        index=True,
        help="A stock or policy change may have changed the quantity; a job "
        "recomputes it within seconds (Recompute Now does it at once).",
    )
    dirty_since = fields.Datetime(readonly=True)
    to_export = fields.Boolean(
        string="To Push",
        readonly=True,
        index=True,
        help="The channel does not have the current quantity yet.",
    )
    pending_since = fields.Datetime(
        string="Changed Since",
        readonly=True,
        help="First change the channel has not received yet.",
    )
    exported_qty = fields.Integer(string="Last Pushed Qty", readonly=True)
    exported_at = fields.Datetime(string="Last Pushed On", readonly=True)

    _sql_constraints = [
        (
            "channel_product_uniq",
            "unique(channel_id, product_id)",
            "A product has one availability per channel.",
        ),
    ]

    @api.depends(
        "buffer",
        "sales_rate",
        "dirty",
        "channel_id.ats_buffer_mode",
        "channel_id.ats_buffer",
        "channel_id.stock_sync_latency",
    )
    def _compute_buffer_explanation(self):
        overrides = {
            (override.channel_id.id, override.product_id.id): override
            # Whoever may read the pair may know what an override sets.
            for override in self.env["oms.channel.stock.override"]
            .sudo()
            .search(
                [
                    ("channel_id", "in", self.channel_id.ids),
                    ("product_id", "in", self.product_id.ids),
                ]
            )
        }
        messages = self.env["oms.domain.message"]
        for line in self:
            channel = line.channel_id
            override = overrides.get((channel.id, line.product_id.id))
            configured = None
            if override:
                configured = override.buffer
                explanation = messages._oms_message(
                    "buffer_override",
                    {"buffer": override.buffer, "channel_buffer": channel.ats_buffer},
                )
            elif channel.ats_buffer_mode == "fixed":
                configured = channel.ats_buffer
                explanation = messages._oms_message(
                    "buffer_fixed", {"buffer": channel.ats_buffer}
                )
            else:
                suggestion = line._oms_buffer_suggestion(channel, line.sales_rate)
                code = "buffer_self_tuned"
                if suggestion.bound:
                    code += "_" + suggestion.bound
                explanation = messages._oms_message(
                    code,
                    {
                        "sold": round(suggestion.units_sold, 2),
                        "days": channel.ats_sales_window_days,
                        "latency": messages._oms_duration(
                            duration_parts(suggestion.latency_seconds)
                        ),
                        "expected": round(suggestion.expected, 2),
                        "rounded": suggestion.rounded,
                        "buffer": suggestion.value,
                    },
                )
            if configured is not None and abs(configured - line.buffer) > 1e-6:
                # The row predates the change: say which value its figures used.
                explanation = messages._oms_message(
                    "buffer_pending", {"explanation": explanation, "used": line.buffer}
                )
            line.buffer_explanation = explanation

    # Actions

    def action_oms_recompute_stock(self):
        """Recompute these figures now; none selected: every flagged one of the
        channels the user can read."""
        self.check_access("read")
        if not self.env.user.has_group("oms_multichannel.group_oms_multichannel_user"):
            raise AccessError(
                self.env._("Only Order Management users may recompute availability.")
            )
        lines = self or self.search([("dirty", "=", True)])
        stock = self.sudo()
        by_channel = defaultdict(lambda: self.env["product.product"])
        for line in lines:
            by_channel[line.channel_id] |= line.product_id
        for channel, products in by_channel.items():
            stock._oms_recompute(channel.sudo(), products.sudo())
        pushing = lines.channel_id.filtered(lambda c: c.stock_export_type != "none")
        if pushing:
            pushing.sudo()._oms_stock_changed()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Available to sell recomputed for %s products.", len(lines)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # Marking pairs dirty

    @api.model
    def _oms_mark_dirty(self, products, locations=None):
        """Flag the (channel, product) pairs whose available-to-sell may change.

        Call it after any change of stock, promises or holds; one query for any
        number of products. Pairs are flagged for the active channels whose stock
        covers ``locations`` (every channel when ``None``), created when missing.
        Updating the rows also locks them until the transaction ends, so that two
        transactions drawing on the same stock are serialized.

        :param products: ``product.product``; non-storable ones are ignored
        :param locations: ``stock.location`` where the change happened
        """
        products = products.sudo()
        # Kits have no stock of their own: a change of a component changes them.
        storable = products.filtered("is_storable")
        kits = products.browse((products - storable)._oms_kit_components())
        products = storable | kits | storable._oms_kits_using()
        if not products:
            return
        channels = self.env["oms.channel"].sudo().search([])
        if locations is not None:
            channels = channels._oms_stock_covering(locations.sudo())
        if not channels:
            return
        dirty = DirtySet()
        dirty.mark_many(channels.ids, products.ids, fields.Datetime.now())
        self._oms_flag_pairs(dirty, channels)
        channels._oms_stock_changed()

    @api.model
    def _oms_mark_pairs(self, keys):
        """Flag explicit ``(channel_id, product_id)`` pairs."""
        if not keys:
            return
        dirty = DirtySet()
        now = fields.Datetime.now()
        for channel_id, product_id in keys:
            dirty.mark(channel_id, product_id, now)
        channels = self.env["oms.channel"].sudo().browse(dirty.channels())
        self._oms_flag_pairs(dirty, channels)
        channels.filtered("active")._oms_stock_changed()

    @api.model
    def _oms_mark_channels_dirty(self, channels):
        """Flag every pair of ``channels`` (their policy or locations changed)."""
        lines = self.sudo().search(
            [("channel_id", "in", channels.ids), ("dirty", "=", False)]
        )
        lines.write({"dirty": True, "dirty_since": fields.Datetime.now()})
        channels.filtered("active")._oms_stock_changed()

    @api.model
    def _oms_flag_pairs(self, dirty, channels):
        # An upsert because concurrent transactions flag the same new pairs; the
        # ORM would make one of them fail on the unique constraint. The rows are
        # updated in pair order so that concurrent writers lock them alike.
        company_of = {channel.id: channel.company_id.id for channel in channels}
        uid, now = self.env.uid, self.env.cr.now()
        rows = [
            SQL(
                "(%s, %s, %s, TRUE, %s, %s, %s, %s, %s)",
                channel_id,
                product_id,
                company_of[channel_id],
                since,
                uid,
                now,
                uid,
                now,
            )
            for channel_id, product_id, since in dirty.items()
        ]
        self.flush_model()
        for some_rows in split_every(1000, rows):
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO oms_channel_stock (
                        channel_id, product_id, company_id, dirty, dirty_since,
                        create_uid, create_date, write_uid, write_date
                    )
                    VALUES %s
                    ON CONFLICT (channel_id, product_id) DO UPDATE
                    SET dirty = TRUE,
                        dirty_since = COALESCE(
                            oms_channel_stock.dirty_since, EXCLUDED.dirty_since
                        ),
                        write_uid = EXCLUDED.write_uid,
                        write_date = EXCLUDED.write_date
                    """,
                    SQL(", ").join(some_rows),
                )
            )
        self.invalidate_model(["dirty", "dirty_since", "write_uid", "write_date"])
        # New rows are unknown to cached one2many values.
        self.env["oms.channel"].invalidate_model(["stock_line_ids"])

    # Computing

    @api.model
    def _oms_compute(self, channels, products):
        """Available-to-sell of every (channel, product) pair, from grouped reads.

        A constant number of queries per batch of products, whatever the number
        of channels. Nothing is written.

        :return: ``{(channel_id, product_id): (AtsFigures, units sold per day)}``
        """
        channels, products = channels.sudo(), products.sudo()
        if not channels or not products:
            return {}
        roots = channels._oms_stock_roots()
        locations = (
            self.env["stock.location"]
            .sudo()
            .search(
                [
                    ("id", "child_of", [loc.id for r in roots.values() for loc in r]),
                    ("usage", "=", "internal"),
                ]
            )
        )
        path_of = {location.id: location.parent_path for location in locations}
        scope = {}
        for channel in channels:
            prefixes = tuple(roots[channel.id].mapped("parent_path"))
            scope[channel.id] = frozenset(
                loc_id for loc_id, path in path_of.items() if path.startswith(prefixes)
            )
        overrides = {
            (override.channel_id.id, override.product_id.id): override
            for override in self.env["oms.channel.stock.override"]
            .sudo()
            .search(
                [("channel_id", "in", channels.ids), ("product_id", "in", products.ids)]
            )
        }
        policies = {channel.id: channel._oms_ats_policy() for channel in channels}
        kits = products._oms_kit_components()
        result = {}
        for product_ids in split_every(PRODUCT_BATCH, products.ids):
            batch = products.browse(product_ids)
            # Kits are counted by their components: read those too.
            batch_kits = {pid: kits[pid] for pid in product_ids if pid in kits}
            read = batch | batch.browse(
                {c for parts in batch_kits.values() for c, _qty in parts}
            )
            on_hand = self._oms_on_hand(read, locations)
            moves = self._oms_open_moves(read, locations)
            held = self.env["oms.channel"]._oms_held_quantities(read, locations)
            sold = self._oms_units_sold(batch, channels)
            # Ids only: reading 10,000 products' records costs more than the rest.
            offered = set(
                batch.with_context(active_test=True)
                .search([("id", "in", product_ids), ("sale_ok", "=", True)])
                .ids
            )
            for channel in channels:
                in_scope = scope[channel.id]
                totals = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
                for (product_id, loc_id), qty in on_hand.items():
                    if loc_id in in_scope:
                        totals[product_id][0] += qty
                for product_id, src, dest, reserved, unreserved in moves:
                    if src in in_scope and dest not in in_scope:
                        totals[product_id][1] += reserved
                        totals[product_id][2] += unreserved
                for (product_id, loc_id), qty in held.items():
                    if loc_id in in_scope:
                        totals[product_id][3] += qty
                pair_policy = self._oms_pair_policies(
                    channel,
                    policies[channel.id],
                    overrides,
                    sold.get(channel.ats_sales_window_days, {}),
                )
                # Many products share their figures: each distinct case is
                # computed once per channel (the results are immutable).
                computed, excluded = {}, {}
                for product_id in product_ids:
                    policy, rate = pair_policy(product_id)
                    if product_id not in offered:
                        if policy not in excluded:
                            excluded[policy] = policy.overridden(excluded=True)
                        policy = excluded[policy]
                    if product_id in batch_kits:
                        figures = compute_kit_ats(
                            [
                                (compute_ats(*totals.get(component, NO_STOCK)), qty)
                                for component, qty in batch_kits[product_id]
                            ],
                            policy,
                        )
                        result[(channel.id, product_id)] = (figures, rate)
                        continue
                    case = (policy, *totals.get(product_id, NO_STOCK))
                    figures = computed.get(case)
                    if figures is None:
                        figures = computed[case] = compute_ats(*case[1:], policy)
                    result[(channel.id, product_id)] = (figures, rate)
        return result

    @api.model
    def _oms_pair_policies(self, channel, policy, overrides, window_sales):
        """Function ``product id -> (AtsPolicy, units sold per day)`` on
        ``channel`` whose own policy is ``policy``: an override replaces it,
        a self-tuning buffer completes it. The channel's fields are read once,
        and a self-tuned buffer computed once per number of units sold."""
        auto = channel.ats_buffer_mode == "auto"
        days = channel.ats_sales_window_days
        by_units = {}

        def pair_policy(product_id):
            override = overrides.get((channel.id, product_id))
            if override:
                return override._oms_ats_policy(), 0.0
            if not auto:
                return policy, 0.0
            units = window_sales.get(product_id, 0.0)
            if units not in by_units:
                rate = units / days
                suggestion = self._oms_buffer_suggestion(channel, rate)
                by_units[units] = (
                    policy.overridden(buffer=float(suggestion.value)),
                    rate,
                )
            return by_units[units]

        return pair_policy

    @api.model
    def _oms_buffer_suggestion(self, channel, rate):
        days = channel.ats_sales_window_days
        latency = channel.stock_sync_latency or channel.stock_sync_debounce
        return self_tuning_buffer(
            rate * days,
            days,
            latency,
            minimum=channel.ats_buffer_min,
            maximum=channel.ats_buffer_max or None,
        )

    @api.model
    def _oms_on_hand(self, products, locations):
        """``{(product id, location id): quantity}`` of the quants.

        The grouped read the ORM's ``_read_group`` makes, keeping ids: making
        records of tens of thousands of groups cost more than the query.
        """
        Quant = self.env["stock.quant"].sudo()
        query = Quant._search(
            [("product_id", "in", products.ids), ("location_id", "in", locations.ids)]
        )
        product = Quant._field_to_sql(Quant._table, "product_id", query)
        location = Quant._field_to_sql(Quant._table, "location_id", query)
        quantity = Quant._field_to_sql(Quant._table, "quantity", query)
        query.groupby = SQL("%s, %s", product, location)
        return {
            (product_id, location_id): float(qty)
            for product_id, location_id, qty in self.env.execute_query(
                query.select(product, location, SQL("SUM(%s)", quantity))
            )
        }

    @api.model
    def _oms_open_moves(self, products, locations):
        """(product, source, destination, reserved, unreserved) of open moves."""
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("location_id", "in", locations.ids),
                    ("state", "in", OPEN_MOVE_STATES),
                ],
                ["product_id", "location_id", "location_dest_id", "product_uom"],
                ["product_qty:sum", "quantity:sum"],
            )
        )
        rows = []
        for product, src, dest, uom, demand, quantity in groups:
            reserved = quantity
            if uom != product.uom_id:
                reserved = uom._compute_quantity(quantity, product.uom_id, round=False)
            rows.append(
                (product.id, src.id, dest.id, reserved, max(0.0, demand - reserved))
            )
        return rows

    @api.model
    def _oms_units_sold(self, products, channels):
        """``{window_days: {product_id: units sold}}`` for self-tuning channels."""
        windows = {
            channel.ats_sales_window_days
            for channel in channels
            if channel.ats_buffer_mode == "auto"
        }
        sold = {}
        now = fields.Datetime.now()
        for days in windows:
            groups = (
                self.env["sale.order.line"]
                .sudo()
                ._read_group(
                    [
                        ("product_id", "in", products.ids),
                        ("state", "=", "sale"),
                        ("order_id.date_order", ">=", now - timedelta(days=days)),
                    ],
                    ["product_id", "product_uom"],
                    ["product_uom_qty:sum"],
                )
            )
            units = defaultdict(float)
            for product, uom, qty in groups:
                units[product.id] += uom._compute_quantity(
                    qty, product.uom_id, round=False
                )
            sold[days] = units
        return sold

    # Recording

    @api.model
    def _oms_recompute(self, channels, products, record_drift=False):
        """Recompute and store the pairs of ``channels`` × ``products``.

        Pairs whose quantity differs from the last one pushed become ``to_export``.
        With ``record_drift``, differences nobody had flagged are recorded as
        ``oms.channel.stock.drift`` (returned).
        """
        results = self._oms_compute(channels, products)
        if not results:
            return self.env["oms.channel.stock.drift"]
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        # Half a unit of the last digit: float_compare's tolerance, inlined
        # because it runs for every float of every pair.
        tolerance = 0.5 * 10**-precision
        existing = self._oms_rows(channels, results)
        now = fields.Datetime.now()
        updates = defaultdict(list)
        current, exported, pending = {}, {}, set()
        opened, closed = [], []
        company_of = {channel.id: channel.company_id.id for channel in channels}
        for key, (figures, rate) in results.items():
            row = existing[key]
            # Available-to-sell crossing 0 opens or closes a stock-out period.
            if figures.ats <= 0 and (row.ats is None or row.ats > 0):
                opened.append((*key, company_of[key[0]]))
            elif figures.ats > 0 and row.ats is not None and row.ats <= 0:
                closed.append(key)
            current[key] = figures.ats
            exported[key] = (row.exported_qty or 0) if row.exported_at else None
            if row.dirty or row.to_export:
                pending.add(key)
            to_export = exported[key] != figures.ats
            values = (
                figures.on_hand,
                figures.promised,
                figures.held,
                figures.buffer,
                rate,
                figures.ats,
                False,
                None,
                to_export,
                (row.pending_since or row.dirty_since or now) if to_export else None,
            )
            if _differs(row, values, tolerance):
                updates[values].append(row.id)
        for values, ids in updates.items():
            self.sudo().browse(ids).write(
                dict(zip(WRITTEN_FIELDS, values, strict=True))
            )
        self.env["oms.channel.stock.outage"].sudo()._oms_record(opened, closed, now)
        if not record_drift:
            return self.env["oms.channel.stock.drift"]
        drift = find_drift(current, exported, pending)
        return (
            self.env["oms.channel.stock.drift"]
            .sudo()
            .create(
                [
                    {
                        "channel_id": item.key[0],
                        "product_id": item.key[1],
                        "exported_qty": item.exported,
                        "ats": item.current,
                    }
                    for item in drift
                ]
            )
        )

    @api.model
    def _oms_rows(self, channels, keys):
        """``{(channel_id, product_id): RowState}`` for ``keys``, creating
        missing rows.

        Plain tuples, read in one query: a full recompute compares tens of
        thousands of rows, and reading them as records costs more than the
        computing. Missing rows are inserted flagged, like a stock change
        would, in bulk: the first recompute of a large catalogue creates tens
        of thousands.
        """
        product_ids = sorted({product_id for _channel_id, product_id in keys})
        existing = self._oms_row_states(channels.ids, product_ids)
        missing = DirtySet()
        now = fields.Datetime.now()
        for channel_id, product_id in keys:
            if (channel_id, product_id) not in existing:
                missing.mark(channel_id, product_id, now)
        if len(missing):
            self._oms_flag_pairs(missing, channels)
            created = self._oms_row_states(missing.channels(), product_ids)
            existing.update(
                (key, row) for key, row in created.items() if key not in existing
            )
        return existing

    @api.model
    def _oms_row_states(self, channel_ids, product_ids):
        stock = self.sudo()
        query = stock._search(
            [("channel_id", "in", channel_ids), ("product_id", "in", product_ids)]
        )
        columns = [
            stock._field_to_sql(stock._table, name, query) for name in RowState._fields
        ]
        return {
            (row.channel_id, row.product_id): row
            for row in map(
                RowState._make, self.env.execute_query(query.select(*columns))
            )
        }

    def _oms_mark_exported(self, when, sent=None):
        """The channel received these rows' quantities at ``when``.

        :param sent: ``{row id: quantity sent}``; default: each row's current
            quantity. A row whose quantity changed since it was read for sending
            stays to push; ``dirty`` is left alone, so a change flagged meanwhile
            is recomputed by the next run.
        """
        sent = sent or {line.id: line.ats for line in self}
        groups = defaultdict(list)
        for line in self:
            groups[(sent[line.id], line.ats == sent[line.id])].append(line.id)
        for (qty, current), ids in groups.items():
            values = {"exported_qty": qty, "exported_at": when}
            if current:
                values.update(to_export=False, pending_since=False)
            else:
                values["to_export"] = True
            self.browse(ids).write(values)
