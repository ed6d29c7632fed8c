# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from odoo.addons.oms_multichannel.tests.common_allocation import AllocationCommon


class PickupCommon(AllocationCommon):
    """The allocation fixtures (central warehouse, Shanghai and Beijing stores)
    plus a store pickup carrier, a point of sale per store and their cashiers.
    Shanghai ships nothing: only pickups leave it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shanghai.write(
            {
                "oms_ship_from_store": False,
                "partner_id": cls.env["res.partner"]
                .create({"name": "Test Shanghai Store"})
                .id,
            }
        )
        cls.channel.notify_pickup = True
        cls.pickup_carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Test Pick up in store",
                "product_id": cls.env["product.product"]
                .create({"name": "Test Pickup Fee", "type": "service"})
                .id,
                "delivery_type": "fixed",
                "fixed_price": 0.0,
                "oms_is_pickup": True,
                "oms_pickup_days": 5,
                "oms_pickup_reminder_days": 2,
            }
        )
        cls.customer_beijing.email = "beijing.customer@example.com"
        Config = cls.env["pos.config"]
        cls.config_shanghai = Config.create(
            {
                "name": "Test Shanghai POS",
                "picking_type_id": cls.shanghai.pos_type_id.id,
            }
        )
        cls.config_beijing = Config.create(
            {"name": "Test Beijing POS", "picking_type_id": cls.beijing.pos_type_id.id}
        )
        cls.cashier_shanghai = new_test_user(
            cls.env,
            login="pickup_cashier_sha",
            groups="base.group_user,point_of_sale.group_pos_user",
        )
        cls.cashier_beijing = new_test_user(
            cls.env,
            login="pickup_cashier_bj",
            groups="base.group_user,point_of_sale.group_pos_user",
        )
        for config, cashier in (
            (cls.config_shanghai, cls.cashier_shanghai),
            (cls.config_beijing, cls.cashier_beijing),
        ):
            cls.env["pos.session"].create(
                {"config_id": config.id, "user_id": cashier.id}
            ).state = "opened"
        cls._stock(cls.shanghai, cls.product_a, 5)
        cls._stock(cls.central, cls.product_a, 50)
        cls._stock(cls.beijing, cls.product_b, 5)

    @classmethod
    def _pickup_order(cls, qty=2, store=None, paid=True):
        order = cls._order([(cls.product_a, qty)])
        order.write(
            {
                "carrier_id": cls.pickup_carrier.id,
                "oms_pickup_warehouse_id": (store or cls.shanghai).id,
                "channel_payment_status": "paid" if paid else False,
            }
        )
        return order

    def _pickup(self, order):
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )

    def _rpc(self, user, method, *args):
        return getattr(self.env["stock.picking"].with_user(user), method)(*args)
