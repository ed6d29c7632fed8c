# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from oms_domain.packing import Item, suggest_boxes

from .common_fulfilment import FulfilmentCommon


@tagged("post_install", "-at_install")
class TestFulfilmentBoxes(FulfilmentCommon):
    def test_package_type_size_in_centimetres(self):
        self.assertEqual(self.box_m._oms_size_cm(), (35.0, 25.0, 15.0))
        box = self.box_m._oms_box_type()
        self.assertEqual((box.max_weight, box.base_weight), (10.0, 0.3))

    def test_suggestion_stored_on_the_delivery(self):
        picking = self._delivery([(self.mug, 2), (self.sneaker, 1)])
        picking._oms_suggest_boxes()
        expected = suggest_boxes(
            [
                Item(self.mug.id, 12, 9, 10, 0.4, 2),
                Item(self.sneaker.id, 33, 22, 12, 0.9, 1),
            ],
            [t._oms_box_type() for t in self.box_s | self.box_m | self.box_l],
        )
        self.assertFalse(picking.oms_box_warning)
        # Cheaper in volume than one large box: the shoe box alone, mugs apart.
        self.assertEqual(
            [
                (b.package_type_id.id, b.contents, round(b.weight, 3))
                for b in picking.oms_box_ids
            ],
            [
                (
                    box.box_type.key,
                    {str(k): q for k, q in box.quantities().items()},
                    round(box.weight, 3),
                )
                for box in expected.boxes
            ],
        )
        self.assertEqual(picking.oms_box_ids.package_type_id, self.box_s | self.box_m)
        self.assertAlmostEqual(sum(picking.oms_box_ids.mapped("weight")), 2.1)
        mugs = picking.oms_box_ids.filtered(lambda b: b.package_type_id == self.box_s)
        self.assertEqual(mugs.contents_display, "2 × [FU-MUG] Fulfil Mug")

    def test_several_boxes_by_weight(self):
        heavy = self._product(**{"name": "Fulfil Kettlebell", "weight": 8.0})
        picking = self._delivery([(heavy, 3)])
        picking._oms_suggest_boxes()
        # Two fit the large box by weight, but three medium boxes are smaller.
        self.assertEqual(picking.oms_box_ids.package_type_id, self.box_m)
        self.assertEqual(len(picking.oms_box_ids), 3)
        for box in picking.oms_box_ids:
            self.assertLessEqual(box.weight, box.package_type_id.max_weight)

    def test_missing_dimensions_give_a_warning_not_a_box(self):
        flat = self._product(**{"name": "Fulfil Poster", "product_height": 0})
        nothing = self._product(**{"name": "Fulfil Air", "weight": 0})
        picking = self._delivery([(flat, 1), (nothing, 1), (self.mug, 1)])
        picking._oms_suggest_boxes()
        self.assertFalse(picking.oms_box_ids)
        self.assertIn("Length, width or height missing on: ", picking.oms_box_warning)
        self.assertIn("Fulfil Poster", picking.oms_box_warning)
        self.assertIn("Weight missing on: ", picking.oms_box_warning)
        self.assertIn("Fulfil Air", picking.oms_box_warning)

    def test_item_bigger_than_every_box(self):
        bike = self._product(
            **{"name": "Fulfil Bike", "product_length": 150, "weight": 12}
        )
        picking = self._delivery([(bike, 1)])
        picking._oms_suggest_boxes()
        self.assertFalse(picking.oms_box_ids)
        self.assertEqual(
            picking.oms_box_warning, "Bigger than every package type: Fulfil Bike"
        )

    def test_a_person_overrides_the_box(self):
        picking = self._delivery([(self.mug, 1)])
        picking._oms_suggest_boxes()
        self.assertEqual(picking.oms_box_ids.package_type_id, self.box_s)
        with Form(picking) as form:
            with form.oms_box_ids.edit(0) as line:
                line.package_type_id = self.box_l
        box = picking.oms_box_ids
        self.assertTrue(box.is_manual)
        picking._oms_suggest_boxes()  # a wave or a print: the person wins
        self.assertEqual(picking.oms_box_ids, box)
        self.assertEqual(box.package_type_id, self.box_l)
        picking.action_oms_suggest_boxes()  # asked again: suggested again
        self.assertEqual(picking.oms_box_ids.package_type_id, self.box_s)
        self.assertFalse(picking.oms_box_ids.is_manual)

    def test_pack_as_suggested_fills_packages(self):
        heavy = self._product(**{"name": "Fulfil Dumbbell", "weight": 4.5})
        picking = self._delivery([(heavy, 2), (self.mug, 1)])
        picking._oms_suggest_boxes()
        self.assertEqual(len(picking.oms_box_ids), 2)
        picking.action_oms_pack_suggested()
        packages = picking.move_line_ids.result_package_id
        self.assertEqual(len(packages), 2)
        for box in picking.oms_box_ids:
            package = box.package_id
            self.assertEqual(package.package_type_id, box.package_type_id)
            self.assertAlmostEqual(package.shipping_weight, box.weight)
            self.assertEqual(
                (package.oms_length, package.oms_width, package.oms_height),
                box.package_type_id._oms_size_cm(),
            )
            lines = picking.move_line_ids.filtered(
                lambda ml, p=package: ml.result_package_id == p
            )
            packed = {}
            for line in lines:
                packed[str(line.product_id.id)] = (
                    packed.get(str(line.product_id.id), 0) + line.quantity
                )
            self.assertEqual(packed, box.contents)
        with self.assertRaises(UserError):
            picking.oms_box_ids[0].package_type_id = self.box_l
        with self.assertRaisesRegex(UserError, "no suggested box left"):
            picking.action_oms_pack_suggested()
        self._validate(picking)
        self.assertEqual(picking.state, "done")

    def test_batch_lists_the_boxes_of_its_deliveries(self):
        first = self._delivery([(self.mug, 1)])
        second = self._delivery([(self.tee, 2)])
        batch = self.env["stock.picking.batch"].create(
            {"picking_ids": [(6, 0, (first | second).ids)]}
        )
        batch.action_oms_suggest_boxes()
        self.assertEqual(batch.oms_box_ids, first.oms_box_ids | second.oms_box_ids)
        self.assertEqual(len(batch.oms_box_ids), 2)

    def test_boxes_rights(self):
        picking = self._delivery([(self.mug, 1)])
        picking._oms_suggest_boxes()
        box = picking.oms_box_ids
        box.with_user(self.stock_user).package_type_id = self.box_m
        salesman = new_test_user(
            self.env, login="fulfil_salesman", groups="sales_team.group_sale_salesman"
        )
        self.assertEqual(box.with_user(salesman).package_type_id, self.box_m)
        with self.assertRaises(AccessError):
            box.with_user(salesman).package_type_id = self.box_l
        portal = new_test_user(
            self.env, login="fulfil_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            box.with_user(portal).read(["weight"])

    def test_boxes_of_another_company_are_hidden(self):
        picking = self._delivery([(self.mug, 1)])
        picking._oms_suggest_boxes()
        other = self.env["res.company"].create({"name": "Fulfil Other Co"})
        outsider = new_test_user(
            self.env,
            login="fulfil_outsider",
            groups="stock.group_stock_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        boxes = (
            self.env["oms.picking.box"]
            .with_user(outsider)
            .search([("picking_id", "=", picking.id)])
        )
        self.assertFalse(boxes)
