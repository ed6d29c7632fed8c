# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common_allocation import AllocationCommon


@tagged("post_install", "-at_install")
class TestAllocationKits(AllocationCommon):
    """Kits (phantom BoMs): allocated and counted by their components."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "mrp.bom" not in cls.env:
            return
        # A gift box: 2 tees and 1 mug; sold as one product, stocked as parts.
        cls.kit = cls.env["product.product"].create(
            {"name": "Alloc Gift Box", "type": "consu", "list_price": 30}
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.kit.product_tmpl_id.id,
                "product_id": cls.kit.id,
                "type": "phantom",
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.product_a.id, "product_qty": 2}),
                    (0, 0, {"product_id": cls.product_b.id, "product_qty": 1}),
                ],
            }
        )

    def setUp(self):
        super().setUp()
        if "mrp.bom" not in self.env:
            self.skipTest("Manufacturing (mrp) is not installed: no kits")

    def test_kit_components_flattened(self):
        self.assertEqual(
            self.kit._oms_kit_components(),
            {self.kit.id: ((self.product_a.id, 2.0), (self.product_b.id, 1.0))},
        )
        self.assertEqual(self.product_a._oms_kit_components(), {})
        self.assertEqual(self.product_b._oms_kits_using(), self.kit)

    def test_kit_ships_from_the_location_with_every_component(self):
        # Beijing, the nearest, has plenty of tees but no mug: it cannot serve
        # the box; Shanghai has both.
        self._stock(self.beijing, self.product_a, 10)
        self._stock(self.shanghai, self.product_a, 4)
        self._stock(self.shanghai, self.product_b, 2)
        order = self._confirm(self._order([(self.kit, 2)]))
        # Odoo explodes the kit into its components on the delivery.
        self.assertEqual(
            self._deliveries(order),
            {self.shanghai: {self.product_a: 4, self.product_b: 2}},
        )
        self.assertEqual(order.picking_ids.state, "assigned")
        trace = self._last_trace(order)
        shanghai = self._candidate(trace, self.shanghai)
        self.assertEqual(shanghai.status, "chosen")
        self.assertIn("Alloc Gift Box: 2 available, 2 usable", shanghai.stock_snapshot)
        beijing = self._candidate(trace, self.beijing)
        self.assertEqual(beijing.status, "lost")
        self.assertEqual(beijing.reason, "None of the ordered products is available.")
        self.assertFalse(order.oms_has_backorder)
        # Procured once: launching again plans nothing more.
        order.order_line._action_launch_stock_rule()
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)
        self.assertEqual(
            self._deliveries(order),
            {self.shanghai: {self.product_a: 4, self.product_b: 2}},
        )

    def test_kit_split_and_held_by_whole_kits(self):
        # 3 boxes ordered: Shanghai makes 1 (3 tees, 1 mug), Beijing 1, none left.
        self._stock(self.shanghai, self.product_a, 3)
        self._stock(self.shanghai, self.product_b, 1)
        self._stock(self.beijing, self.product_a, 2)
        self._stock(self.beijing, self.product_b, 5)
        order = self._confirm(self._order([(self.kit, 3)]))
        self.assertEqual(
            self._deliveries(order),
            {
                self.beijing: {self.product_a: 2, self.product_b: 1},
                self.shanghai: {self.product_a: 2, self.product_b: 1},
            },
        )
        self.assertEqual(order.order_line.oms_backorder_qty, 1)

    def test_kit_available_to_sell_by_components(self):
        self._stock(self.shanghai, self.product_a, 11)
        self._stock(self.shanghai, self.product_b, 4)
        self.assertIn(self.kit, self.channel._oms_stock_products())
        stock = self.env["oms.channel.stock"]
        figures, _rate = stock._oms_compute(self.channel, self.kit)[
            (self.channel.id, self.kit.id)
        ]
        # 11 tees make 5 boxes, 4 mugs 4: 4 boxes, as Odoo counts the kit.
        self.assertEqual(figures.ats, 4)
        self.assertEqual(figures.on_hand, self.kit.qty_available)
        self.assertEqual(figures.free, self.kit.free_qty)
        # A confirmed order of 3 boxes promises 3 mugs: 1 box left to sell.
        self._confirm(self._order([(self.kit, 3)]))
        figures, _rate = stock._oms_compute(self.channel, self.kit)[
            (self.channel.id, self.kit.id)
        ]
        self.assertEqual(figures.ats, 1)
        self.env.invalidate_all()
        self.assertEqual(figures.free, self.kit.free_qty)
        # The policy applies to kits too.
        self.channel.ats_buffer = 1
        figures, _rate = stock._oms_compute(self.channel, self.kit)[
            (self.channel.id, self.kit.id)
        ]
        self.assertEqual(figures.ats, 0)

    def test_component_change_marks_the_kit_dirty(self):
        stock = self.env["oms.channel.stock"]
        stock._oms_recompute(self.channel, self.kit)
        row = stock.search(
            [("channel_id", "=", self.channel.id), ("product_id", "=", self.kit.id)]
        )
        self.assertFalse(row.dirty)
        stock._oms_mark_dirty(self.product_b, self.shanghai.lot_stock_id)
        self.assertTrue(row.dirty)


@tagged("post_install", "-at_install")
class TestAllocationDropship(AllocationCommon):
    """What no location has goes to the product's dropship vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.route = cls.env["product.product"]._oms_dropship_route()
        if not cls.route:
            return
        cls.acme, cls.homeco = cls.env["res.partner"].create(
            [
                {"name": "Acme Lamps", "email": "orders@acme.example"},
                {"name": "HomeCo Furniture", "email": "ship@homeco.example"},
            ]
        )
        cls.lamp, cls.sofa = cls.env["product.product"].create(
            [
                {
                    "name": "Alloc Lamp",
                    "is_storable": True,
                    "type": "consu",
                    "list_price": 40,
                    "oms_dropship_fallback": True,
                    "seller_ids": [(0, 0, {"partner_id": cls.acme.id, "price": 20})],
                },
                {
                    "name": "Alloc Sofa",
                    "is_storable": True,
                    "type": "consu",
                    "list_price": 400,
                    "oms_dropship_fallback": True,
                    "seller_ids": [(0, 0, {"partner_id": cls.homeco.id, "price": 200})],
                },
            ]
        )

    def setUp(self):
        super().setUp()
        if not self.route:
            self.skipTest("Dropship (stock_dropshipping) is not installed")

    def _purchases(self, order):
        return order.order_line.sudo().purchase_line_ids.order_id

    def test_missing_quantity_dropshipped_one_po_per_vendor_sent(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.beijing, self.lamp, 1)
        order = self._confirm(
            self._order([(self.product_a, 1), (self.lamp, 3), (self.sofa, 2)])
        )
        # Stock first: Beijing ships the tee and the one lamp it has.
        self.assertEqual(
            self._deliveries(order),
            {self.beijing: {self.product_a: 1, self.lamp: 1}},
        )
        self.assertFalse(order.oms_has_backorder)
        purchases = self._purchases(order)
        self.assertEqual(len(purchases), 2)
        by_vendor = {po.partner_id: po for po in purchases}
        self.assertEqual(set(by_vendor), {self.acme, self.homeco})
        acme, homeco = by_vendor[self.acme], by_vendor[self.homeco]
        # Each vendor gets only its own items, to ship to the customer.
        self.assertEqual(
            [(line.product_id, line.product_qty) for line in acme.order_line],
            [(self.lamp, 2.0)],
        )
        self.assertEqual(
            [(line.product_id, line.product_qty) for line in homeco.order_line],
            [(self.sofa, 2.0)],
        )
        for po in purchases:
            self.assertEqual(po.state, "purchase")
            self.assertEqual(po.dest_address_id, self.customer_beijing)
            self.assertEqual(po.picking_ids.picking_type_id.code, "dropship", po.name)
            # Sent with Odoo's purchase order email.
            sent = po.message_ids.filtered(
                lambda m, po=po: (
                    m.message_type == "comment" and po.partner_id in m.partner_ids
                )
            )
            self.assertTrue(sent, po.name)
            self.assertIn(po.name, sent[0].subject)
        # The trace says so, per vendor, in words.
        trace = self._last_trace(order)
        supplier = trace.candidate_ids.filtered(lambda c: c.supplier_id == self.acme)
        self.assertEqual(supplier.status, "chosen")
        self.assertFalse(supplier.warehouse_id)
        self.assertEqual(
            supplier.reason,
            "No location can ship 2 units: the supplier Acme Lamps ships them to "
            "the customer (dropship).",
        )
        self.assertIn("Acme Lamps (dropship): 2", trace.summary)
        dropshipped = order.oms_allocation_line_ids.filtered(
            lambda a: a.state == "dropship"
        )
        self.assertEqual(
            {(a.product_id, a.supplier_id, a.quantity) for a in dropshipped},
            {(self.lamp, self.acme, 2.0), (self.sofa, self.homeco, 2.0)},
        )
        # Procured exactly once: the stock part and the vendor part both count.
        lamp_line = order.order_line.filtered(lambda line: line.product_id == self.lamp)
        self.assertEqual(lamp_line._oms_qty_procured(), 3.0)
        order.order_line._action_launch_stock_rule()
        self.assertEqual(self._purchases(order), purchases)
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)

    def test_in_stock_nothing_goes_to_the_vendor(self):
        self._stock(self.shanghai, self.lamp, 5)
        order = self._confirm(self._order([(self.lamp, 2)]))
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.lamp: 2}})
        self.assertFalse(self._purchases(order))
        self.assertFalse(self._last_trace(order).candidate_ids.filtered("supplier_id"))

    def test_without_the_flag_or_a_vendor_the_line_is_held(self):
        self.lamp.oms_dropship_fallback = False
        self.sofa.seller_ids = False
        order = self._confirm(self._order([(self.lamp, 1), (self.sofa, 1)]))
        self.assertFalse(self._purchases(order))
        self.assertEqual(order.order_line.mapped("oms_backorder_qty"), [1.0, 1.0])

    def test_whatif_shows_the_vendor(self):
        order = self._order([(self.sofa, 1)])
        html = str(self.env["oms.allocation.planner"]._whatif_html(order, self.rule))
        self.assertIn("HomeCo Furniture (dropship): 1", html)
