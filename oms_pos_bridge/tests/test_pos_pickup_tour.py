# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestPosPickupTour(TestPointOfSaleHttpCommon):
    """A click & collect order collected and paid at the till, in a real
    browser (headless Chromium)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # pos_sale's settlement reads any sale order: cashiers see all orders.
        cls.pos_user.groups_id += cls.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        cls.main_pos_config.write(
            {"payment_method_ids": [(4, cls.bank_payment_method.id)]}
        )
        cls.store = cls.main_pos_config.picking_type_id.warehouse_id
        # The test user is an accountant: the OMS data is set up as superuser.
        env = cls.env(su=True)
        cls.channel = env["oms.channel"].create(
            {
                "name": "Pickup Tour Webshop",
                "code": "PICKUP-TOUR",
                "warehouse_ids": [(6, 0, cls.store.ids)],
            }
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "Pickup Tour Carrier",
                "product_id": env["product.product"]
                .create({"name": "Pickup Tour Fee", "type": "service"})
                .id,
                "oms_is_pickup": True,
            }
        )
        cls.lamp = env["product.product"].create(
            {
                "name": "Pickup Tour Lamp",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 15.0,
                "taxes_id": False,
            }
        )
        env["stock.quant"]._update_available_quantity(
            cls.lamp, cls.store.lot_stock_id, 5
        )
        customer = cls.env["res.partner"].create({"name": "Pickup Tour Customer"})
        cls.order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "channel_id": cls.channel.id,
                "channel_order_ref": "PICKUP-TOUR-1",
                "carrier_id": cls.carrier.id,
                "oms_pickup_warehouse_id": cls.store.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.lamp.id,
                            "product_uom_qty": 2,
                            "price_unit": 15.0,
                            "tax_id": False,
                        },
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls.picking = cls.order.picking_ids
        cls.picking._oms_pickup_prepare()
        cls.picking._oms_pickup_ready()

    def test_pickup_collected_and_paid(self):
        self.assertEqual(self.picking.oms_pickup_state, "ready")
        self.start_pos_tour("OmsPosPickupCollectedPaid", login="pos_user")
        pos_order = self.order.order_line.pos_order_line_ids.order_id
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(pos_order.amount_total, 30.0)
        self.assertEqual(self.order.amount_unpaid, 0.0)
        # pos_sale delivered through the POS order and cancelled the delivery.
        self.assertEqual(self.picking.state, "cancel")
        self.assertEqual(self.picking.oms_pickup_state, "collected")
        self.assertTrue(self.order.oms_delivered_date)
