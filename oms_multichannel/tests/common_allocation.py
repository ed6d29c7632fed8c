# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class AllocationCommon(TransactionCase):
    """A central warehouse and two stores (Shanghai, Beijing), a channel with an
    allocation rule over the three, and a channel without rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        Warehouse = cls.env["stock.warehouse"]
        cls.central = Warehouse.create(
            {
                "name": "Test Central",
                "code": "TCW",
                "oms_fulfilment_priority": 20,
                "oms_latitude": 30.5928,
                "oms_longitude": 114.3055,
            }
        )
        cls.shanghai = Warehouse.create(
            {
                "name": "Test Shanghai",
                "code": "TSH",
                "oms_is_store": True,
                "oms_latitude": 31.2304,
                "oms_longitude": 121.4737,
            }
        )
        cls.beijing = Warehouse.create(
            {
                "name": "Test Beijing",
                "code": "TBJ",
                "oms_is_store": True,
                "oms_latitude": 39.9042,
                "oms_longitude": 116.4074,
            }
        )
        cls.warehouses = cls.central | cls.shanghai | cls.beijing
        cls.product_a, cls.product_b, cls.product_c = cls.env["product.product"].create(
            [
                {"name": name, "is_storable": True, "type": "consu", "list_price": 10}
                for name in ("Alloc Tee", "Alloc Mug", "Alloc Cap")
            ]
        )
        china = cls.env.ref("base.cn")
        cls.customer_beijing, cls.customer_shanghai = cls.env["res.partner"].create(
            [
                {
                    "name": "Beijing Customer",
                    "street": "12 Dongcheng Road",
                    "city": "Beijing",
                    "zip": "100010",
                    "country_id": china.id,
                    "partner_latitude": 39.91,
                    "partner_longitude": 116.40,
                },
                {
                    "name": "Shanghai Customer",
                    "street": "200 Huaihai Road",
                    "city": "Shanghai",
                    "zip": "200021",
                    "country_id": china.id,
                    "partner_latitude": 31.22,
                    "partner_longitude": 121.46,
                },
            ]
        )
        cls.channel, cls.channel_plain = cls.env["oms.channel"].create(
            [
                {
                    "name": "Alloc Webshop",
                    "code": "ALLOC-WEB",
                    "warehouse_ids": [(6, 0, cls.warehouses.ids)],
                },
                {
                    "name": "Alloc Phone",
                    "code": "ALLOC-PHONE",
                    "warehouse_ids": [(6, 0, cls.central.ids)],
                },
            ]
        )
        cls.rule = cls.env["oms.allocation.rule"].create(
            {
                "name": "Nearest store",
                "channel_ids": [(6, 0, cls.channel.ids)],
                "warehouse_ids": [(6, 0, cls.warehouses.ids)],
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="alloc_salesman",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )
        cls.store_user = new_test_user(
            cls.env, login="alloc_store", groups="stock.group_stock_user"
        )
        cls.oms_user = new_test_user(
            cls.env,
            login="alloc_oms_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )

    # Helpers ---

    @classmethod
    def _stock(cls, warehouse, product, qty):
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, qty
        )

    @classmethod
    def _order(cls, lines, partner=None, channel=None):
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer_beijing).id,
                "channel_id": (channel or cls.channel).id,
                "warehouse_id": cls.central.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )

    def _confirm(self, orders, user=None):
        orders.with_user(user or self.salesman).action_confirm()
        return orders

    def _deliveries(self, order):
        """{warehouse: {product: quantity}} of the order's live deliveries."""
        result = {}
        for picking in order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        ):
            moves = result.setdefault(picking.picking_type_id.warehouse_id, {})
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                moves[move.product_id] = (
                    moves.get(move.product_id, 0.0) + move.product_uom_qty
                )
        return result

    def _last_trace(self, order):
        return order.oms_allocation_trace_ids.sorted("id")[-1:]

    def _candidate(self, trace, warehouse):
        return trace.candidate_ids.filtered(lambda c: c.warehouse_id == warehouse)
