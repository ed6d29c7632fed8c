# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from decimal import Decimal

from odoo import api, models
from odoo.tools import float_compare, float_round

from oms_domain.allocation import (
    Destination,
    Incoming,
    LineRequest,
    Location,
    OrderRequest,
    plan_allocations,
    to_qty,
)


class OmsAllocationPlanner(models.AbstractModel):
    """Adapter between sale order lines and the allocation engine.

    Reads what the engine needs for a whole batch of lines with a constant number
    of queries, runs ``oms_domain.allocation.plan_allocations`` and records the
    plan (trace, candidates, allocation lines). Sale order lines then launch one
    procurement per planned (line, warehouse).
    """

    _name = "oms.allocation.planner"
    _description = "Allocation Planner"

    # Planning ---------------------------------------------------------------------

    @api.model
    def _lines_to_plan(self, lines):
        """Lines allocation handles now, with the quantity still to procure.

        Returns ``(lines, {line id: quantity in the product's unit}, {order id:
        rule})``. Lines of orders without a rule, services, consumables without
        stock (kits, which are stocked through their components, excepted), lines
        with their own route or made to order, and quantity decreases are left to
        Odoo's standard flow.
        """
        rules = self.env["oms.allocation.rule"]._rules_for_orders(lines.order_id)
        kits = lines.product_id._oms_kit_components()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        quantities = {}
        released = self.env["sale.order.line"]
        for line in lines:
            order = line.order_id
            if line.state != "sale" or order.locked:
                continue
            if (
                order.id not in rules
                or line.product_id.type != "consu"
                or not (line.product_id.is_storable or line.product_id.id in kits)
                or line.route_id
                or line.is_mto
            ):
                # Odoo's standard flow procures it now (e.g. its rule was archived
                # while it waited): nothing stays held.
                if line.sudo().oms_backorder_qty:
                    released |= line
                continue
            missing = line.product_uom_qty - line._oms_qty_procured()
            if float_compare(missing, 0.0, precision_digits=precision) <= 0:
                if line.sudo().oms_backorder_qty:
                    # Lowered to what is already on its way: nothing is held.
                    released |= line
                continue
            quantities[line.id] = line.product_uom._compute_quantity(
                missing, line.product_id.uom_id, rounding_method="HALF-UP"
            )
        if released:
            self._release_held(released)
        todo = lines.filtered(lambda line: line.id in quantities)
        return todo, quantities, rules

    @api.model
    def _release_held(self, lines):
        """Nothing of ``lines`` waits for allocation any more."""
        lines = lines.sudo()
        lines.oms_allocation_line_ids.filtered(
            lambda a: a.state == "backorder"
        ).state = "replaced"
        lines.oms_backorder_qty = 0.0

    @api.model
    def _compute_plans(self, lines, quantities, rules, extra_stock=None):
        """Run the engine for ``lines``; reads only, in a constant number of queries.

        :param quantities: ``{line id: quantity to allocate}`` (product unit)
        :param rules: ``{order id: oms.allocation.rule}``
        :param extra_stock: ``{(warehouse id, product id): quantity}`` added to what
            is available (the what-if wizard gives an order its own reservations
            back)
        :return: ``(plans, warehouses)``: the engine's OrderPlan tuple and the
            warehouses it considered
        """
        orders = lines.order_id.sorted(lambda o: (o.date_order, o.id))
        eligible = {
            order.id: rules[order.id]._eligible_warehouses(order) for order in orders
        }
        warehouses = self.env["stock.warehouse"].union(*eligible.values())
        kits = lines.product_id._oms_kit_components()
        products = lines.product_id | lines.product_id.browse(
            {component for parts in kits.values() for component, _qty in parts}
        )
        stock = warehouses._oms_available_by_location(products)
        sellers = {}
        for company in orders.company_id:
            some = lines.filtered(lambda line, c=company: line.company_id == c)
            for product_id, seller in some.product_id._oms_dropship_sellers(
                company
            ).items():
                if product_id not in kits:
                    sellers[(company.id, product_id)] = seller
        for key, qty in (extra_stock or {}).items():
            stock[key] = stock.get(key, 0.0) + qty
        incoming = {}
        if any(rule.backorder_policy == "incoming" for rule in rules.values()):
            incoming = {
                key: Incoming(date, to_qty(qty))
                for key, (date, qty) in warehouses._oms_incoming_by_location(
                    products
                ).items()
            }
        used = warehouses._oms_capacity_used()
        locations = [
            self._engine_location(warehouse, used.get(warehouse.id, 0))
            for warehouse in warehouses
        ]
        lines_by_order = defaultdict(list)
        for line in lines.sorted(lambda line: (line.sequence, line.id)):
            lines_by_order[line.order_id.id].append(line)
        engine_rules = {}
        requests = []
        for order in orders:
            rule = rules[order.id]
            key = (rule.id, tuple(eligible[order.id].ids))
            if key not in engine_rules:
                engine_rules[key] = rule._to_engine_rule(eligible[order.id])
            requests.append(
                OrderRequest(
                    key=order.id,
                    lines=tuple(
                        self._engine_line(
                            line,
                            quantities[line.id],
                            sellers.get((order.company_id.id, line.product_id.id)),
                        )
                        for line in lines_by_order[order.id]
                    ),
                    rule=engine_rules[key],
                    destination=self._engine_destination(order.partner_shipping_id),
                )
            )
        plans = plan_allocations(
            requests,
            locations,
            {k: to_qty(v) for k, v in stock.items()},
            incoming,
            kits={
                kit: tuple((component, to_qty(qty)) for component, qty in parts)
                for kit, parts in kits.items()
            },
        )
        return plans, warehouses

    @api.model
    def _plan_and_record(self, lines, trigger=None):
        """Plan ``lines`` and record the result; returns ``(planned lines, the
        allocation lines to launch procurements for)``."""
        todo, quantities, rules = self._lines_to_plan(lines)
        allocations = self.env["oms.allocation.line"]
        if not todo:
            return todo, allocations
        plans, _warehouses = self._compute_plans(todo, quantities, rules)
        to_record = todo
        if trigger == "cron":
            # Orders still waiting for stock keep their trace: no new one per run.
            plans = tuple(
                plan
                for plan in plans
                if any(line_plan.allocations for line_plan in plan.lines)
            )
            orders = {plan.order for plan in plans}
            to_record = todo.filtered(lambda line: line.order_id.id in orders)
        if plans:
            allocations = self._record_plans(plans, to_record, rules, trigger)
        return todo, allocations.filtered(
            lambda a: a.state in ("allocated", "incoming", "dropship")
        )

    # Recording --------------------------------------------------------------------

    @api.model
    def _record_plans(self, plans, lines, rules, trigger=None):
        traced = set()
        if not trigger:
            # Lines added to or changed on an order already allocated.
            traced = set(lines.order_id.sudo().oms_allocation_trace_ids.order_id.ids)
        Trace = self.env["oms.allocation.trace"].sudo()
        trace_vals = []
        for plan in plans:
            trace_vals.append(
                {
                    "order_id": plan.order,
                    "rule_id": plan.rule,
                    "trigger": trigger
                    or ("change" if plan.order in traced else "confirm"),
                    "summary": self._summary(plan),
                }
            )
        traces = Trace.create(trace_vals)
        line_by_id = {line.id: line for line in lines}
        candidate_vals, allocation_vals = [], []
        for trace, plan in zip(traces, plans, strict=True):
            candidate_vals += self._prepare_candidate_vals(trace, plan, line_by_id)
            allocation_vals += self._prepare_allocation_vals(trace, plan, line_by_id)
        self.env["oms.allocation.candidate"].sudo().create(candidate_vals)
        # Earlier held quantities of these lines are planned again now.
        lines.sudo().oms_allocation_line_ids.filtered(
            lambda a: a.state == "backorder"
        ).state = "replaced"
        allocations = self.env["oms.allocation.line"].sudo().create(allocation_vals)
        held = defaultdict(float)
        for plan in plans:
            for line_plan in plan.lines:
                if line_plan.backordered:
                    held[line_plan.line] += float(line_plan.backordered)
        lines = lines.sudo()
        lines.filtered(
            lambda line: line.oms_backorder_qty and line.id not in held
        ).oms_backorder_qty = 0.0
        for line in lines.filtered(lambda line: line.id in held):
            line.oms_backorder_qty = held[line.id]
        return allocations.sudo(False)

    @api.model
    def _prepare_candidate_vals(self, trace, plan, line_by_id):
        products = {line.product_id.id: line.product_id for line in line_by_id.values()}
        vals_list = []
        for sequence, candidate in enumerate(plan.candidates):
            points = {name: self._fmt(value) for name, value in candidate.points}
            vals_list.append(
                {
                    "trace_id": trace.id,
                    "sequence": sequence,
                    "warehouse_id": candidate.location or False,
                    "supplier_id": candidate.supplier or False,
                    "status": candidate.status,
                    "score": candidate.score,
                    "score_detail": points
                    and self.env._(
                        "stock %(stock)s + zone %(zone)s + distance %(distance)s "
                        "+ priority %(priority)s",
                        **points,
                    ),
                    "distance_km": candidate.distance_km or 0.0,
                    "zone": candidate.zone,
                    "stock_snapshot": "\n".join(
                        self.env._(
                            "%(product)s: %(available)s available, %(usable)s usable",
                            product=products[snap.product].display_name,
                            available=self._fmt(snap.available),
                            usable=self._fmt(snap.usable),
                        )
                        for snap in candidate.stock
                    ),
                    "reason": self._reason_text(candidate),
                }
            )
        return vals_list

    @api.model
    def _prepare_allocation_vals(self, trace, plan, line_by_id):
        vals_list = []
        for line_plan in plan.lines:
            line = line_by_id[line_plan.line]
            base = {
                "trace_id": trace.id,
                "order_id": plan.order,
                "sale_line_id": line.id,
                "product_id": line.product_id.id,
            }
            for allocation in line_plan.allocations:
                vals_list.append(
                    dict(
                        base,
                        warehouse_id=allocation.location,
                        quantity=float(allocation.quantity),
                        state="incoming" if allocation.incoming else "allocated",
                        expected_date=allocation.expected_date,
                    )
                )
            if line_plan.dropshipped:
                vals_list.append(
                    dict(
                        base,
                        supplier_id=line_plan.supplier,
                        quantity=float(line_plan.dropshipped),
                        state="dropship",
                    )
                )
            if line_plan.backordered:
                vals_list.append(
                    dict(base, quantity=float(line_plan.backordered), state="backorder")
                )
        return vals_list

    @api.model
    def _summary(self, plan):
        shipped = defaultdict(Decimal)
        names = {c.location: c.name for c in plan.candidates}
        for line_plan in plan.lines:
            for allocation in line_plan.allocations:
                shipped[allocation.location] += allocation.quantity
        parts = [
            self.env._("%(location)s: %(qty)s", location=names[key], qty=self._fmt(qty))
            for key, qty in shipped.items()
        ]
        suppliers = {c.supplier: c.name for c in plan.candidates if c.supplier}
        parts += [
            self.env._(
                "%(supplier)s (dropship): %(qty)s",
                supplier=suppliers.get(key, ""),
                qty=self._fmt(qty),
            )
            for key, qty in plan.dropshipped.items()
        ]
        if plan.backordered:
            parts.append(self.env._("held: %(qty)s", qty=self._fmt(plan.backordered)))
        return ", ".join(parts) or self.env._("Nothing to allocate")

    @api.model
    def _reason_text(self, candidate):
        """Translated sentence of the engine's reason for ``candidate``."""
        return self.env["oms.domain.message"]._oms_message(
            candidate.reason, candidate.reason_args
        )

    # Engine input -----------------------------------------------------------------

    @api.model
    def _engine_location(self, warehouse, capacity_used):
        has_coordinates = bool(warehouse.oms_latitude or warehouse.oms_longitude)
        return Location(
            key=warehouse.id,
            name=warehouse.name,
            priority=warehouse.oms_fulfilment_priority,
            latitude=warehouse.oms_latitude if has_coordinates else None,
            longitude=warehouse.oms_longitude if has_coordinates else None,
            ships=not warehouse.oms_is_store or warehouse.oms_ship_from_store,
            is_store=warehouse.oms_is_store,
            safety_stock=to_qty(warehouse.oms_safety_stock),
            daily_capacity=warehouse.oms_daily_capacity,
            capacity_used=capacity_used,
        )

    @api.model
    def _engine_line(self, line, quantity, seller=None):
        excluded = frozenset(
            allocation.warehouse_id.id
            for allocation in line.sudo().oms_allocation_line_ids
            if allocation.state == "failed"
        )
        rounding = line.product_id.uom_id.rounding
        return LineRequest(
            key=line.id,
            product=line.product_id.id,
            quantity=to_qty(float_round(quantity, precision_rounding=rounding)),
            excluded_locations=excluded,
            supplier=seller.partner_id.id if seller else None,
            supplier_name=seller.partner_id.display_name if seller else "",
        )

    @api.model
    def _engine_destination(self, partner):
        has_coordinates = bool(partner.partner_latitude or partner.partner_longitude)
        return Destination(
            country=partner.country_id.id or None,
            state=partner.state_id.id or None,
            zip=partner.zip or "",
            latitude=partner.partner_latitude if has_coordinates else None,
            longitude=partner.partner_longitude if has_coordinates else None,
        )

    @api.model
    def _fmt(self, value):
        """Short text of a quantity or score: no trailing zeros."""
        return self.env["oms.domain.message"]._oms_format_number(value)

    # What-if ----------------------------------------------------------------------

    @api.model
    def _whatif_current(self, order):
        """``{sale line id: "Location: qty, ..."}`` of the order's current plan,
        worded like the what-if's."""
        current = defaultdict(list)
        held = defaultdict(float)
        for line in order.sudo().oms_allocation_line_ids.sorted("id"):
            if line.state in ("allocated", "incoming"):
                current[line.sale_line_id.id].append(
                    "%s: %s" % (line.warehouse_id.name, self._fmt(line.quantity))
                )
            elif line.state == "dropship":
                current[line.sale_line_id.id].append(
                    self.env._(
                        "%(supplier)s (dropship): %(qty)s",
                        supplier=line.supplier_id.name,
                        qty=self._fmt(line.quantity),
                    )
                )
            elif line.state == "backorder":
                held[line.sale_line_id.id] += line.quantity
        result = {}
        for line_id in set(current) | set(held):
            parts = list(current.get(line_id, []))
            if held.get(line_id):
                parts.append(
                    self.env._("%s waiting for stock", self._fmt(held[line_id]))
                )
            result[line_id] = ", ".join(parts)
        return result

    @api.model
    def _simulate(self, order, rule):
        """Plan ``order`` as if it came in now under ``rule``; writes nothing.

        The order's own open deliveries count as available to it, so it does not
        compete with itself. Returns the engine's OrderPlan, or None when the order
        has nothing to allocate.
        """
        rule.check_access("read")
        kits = order.order_line.product_id._oms_kit_components()
        lines = order.order_line.filtered(
            lambda line: (
                line.product_id.type == "consu"
                and (line.product_id.is_storable or line.product_id.id in kits)
                and line.product_uom_qty > 0
            )
        )
        if not lines:
            return None
        quantities = {
            line.id: line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, rounding_method="HALF-UP"
            )
            for line in lines
        }
        own = defaultdict(float)
        for move in order.order_line.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel") and m.location_id.usage == "internal"
            )
        ):
            key = (move.location_id.warehouse_id.id, move.product_id.id)
            own[key] += move.product_qty
        plans, _warehouses = self._compute_plans(
            lines, quantities, {order.id: rule.sudo()}, extra_stock=own
        )
        return plans[0]

    @api.model
    def _whatif_html(self, order, rule):
        if not rule:
            return self.env["ir.qweb"]._render(
                "oms_multichannel.oms_allocation_whatif_result",
                {"message": self.env._("No allocation rule applies to this order.")},
            )
        plan = self._simulate(order, rule)
        if plan is None:
            return self.env["ir.qweb"]._render(
                "oms_multichannel.oms_allocation_whatif_result",
                {"message": self.env._("The order has no stocked product to ship.")},
            )
        lines = {line.id: line for line in order.order_line}
        names = {c.location: c.name for c in plan.candidates if c.location}
        suppliers = {c.supplier: c.name for c in plan.candidates if c.supplier}
        statuses = dict(
            self.env["oms.allocation.candidate"]
            ._fields["status"]
            ._description_selection(self.env)
        )
        current = self._whatif_current(order)
        rows = []
        for lp in plan.lines:
            now = ", ".join(
                "%s: %s" % (names[a.location], self._fmt(a.quantity))
                for a in lp.allocations
            )
            if lp.dropshipped:
                dropship = self.env._(
                    "%(supplier)s (dropship): %(qty)s",
                    supplier=suppliers.get(lp.supplier, ""),
                    qty=self._fmt(lp.dropshipped),
                )
                now = ", ".join(part for part in (now, dropship) if part)
            if lp.backordered:
                held = self.env._("%s waiting for stock", self._fmt(lp.backordered))
                now = ", ".join(part for part in (now, held) if part)
            before = current.get(lp.line, "")
            rows.append(
                {
                    "product": lines[lp.line].product_id.display_name,
                    "quantity": self._fmt(lp.quantity),
                    "current": before or self.env._("Not allocated"),
                    "allocations": now,
                    "changed": bool(before) and before != now,
                }
            )
        values = {
            "message": False,
            "summary": self._summary(plan),
            "has_current": bool(current),
            "lines": rows,
            "candidates": [
                {
                    "name": c.name,
                    "status": statuses.get(c.status, c.status),
                    "chosen": c.status == "chosen",
                    "score": self._fmt(c.score),
                    "distance": self._fmt(c.distance_km)
                    if c.distance_km is not None
                    else "",
                    "zone": c.zone or "",
                    "reason": self._reason_text(c),
                }
                for c in plan.candidates
            ],
        }
        values["show_distance"] = any(c["distance"] for c in values["candidates"])
        values["show_zone"] = any(c["zone"] for c in values["candidates"])
        return self.env["ir.qweb"]._render(
            "oms_multichannel.oms_allocation_whatif_result", values
        )
