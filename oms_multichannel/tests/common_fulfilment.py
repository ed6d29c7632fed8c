# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class FulfilmentCommon(TransactionCase):
    """A warehouse with two bins, three products with sizes and weights, three
    boxes, a carrier with tracking link and cut-off, a store pickup carrier, a
    webshop channel and customers with full addresses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.env["ir.config_parameter"].sudo().set_param(
            "product.volume_in_cubic_feet", "0"
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Fulfil Warehouse", "code": "FUW"}
        )
        cls.warehouse.partner_id = cls.env["res.partner"].create(
            {
                "name": "Fulfil Warehouse",
                "street": "1 Dock Road",
                "city": "Wuhan",
                "zip": "430000",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        # Waves are built by the tests, not by Odoo's automatic batches.
        cls.warehouse.out_type_id.auto_batch = False
        Location = cls.env["stock.location"]
        cls.bin_a, cls.bin_b = Location.create(
            [
                {
                    "name": name,
                    "location_id": cls.warehouse.lot_stock_id.id,
                    "posx": posx,
                    "posy": 1,
                }
                for name, posx in (("A-01", 1), ("B-01", 2))
            ]
        )
        Product = cls.env["product.product"]
        cls.mug, cls.tee, cls.sneaker = Product.create(
            [
                {
                    "name": name,
                    "default_code": code,
                    "is_storable": True,
                    "type": "consu",
                    "list_price": 10.0,
                    "weight": weight,
                    "product_length": length,
                    "product_width": width,
                    "product_height": height,
                }
                for name, code, weight, length, width, height in (
                    ("Fulfil Mug", "FU-MUG", 0.4, 12, 9, 10),
                    ("Fulfil Tee", "FU-TEE", 0.2, 30, 25, 2),
                    ("Fulfil Sneaker", "FU-SNEAKER", 0.9, 33, 22, 12),
                )
            ]
        )
        PackageType = cls.env["stock.package.type"]
        PackageType.search([]).oms_suggest = False
        # Sizes in millimetres, the database's length unit.
        cls.box_s, cls.box_m, cls.box_l = PackageType.create(
            [
                {
                    "name": name,
                    "packaging_length": length,
                    "width": width,
                    "height": height,
                    "base_weight": base,
                    "max_weight": max_weight,
                }
                for name, length, width, height, base, max_weight in (
                    ("Fulfil S", 250, 200, 100, 0.1, 5),
                    ("Fulfil M", 350, 250, 150, 0.3, 10),
                    ("Fulfil L", 400, 300, 300, 0.5, 20),
                )
            ]
        )
        service = Product.create(
            {"name": "Fulfil Carrier", "type": "service", "list_price": 0}
        )
        Carrier = cls.env["delivery.carrier"]
        cls.carrier = Carrier.create(
            {
                "name": "Fulfil Express",
                "product_id": service.id,
                "delivery_type": "fixed",
                "tracking_url": "https://track.example.com/?n=<shipmenttrackingnumber>",
                "oms_cutoff_time": 15.0,
            }
        )
        cls.carrier_late = Carrier.create(
            {
                "name": "Fulfil Evening",
                "product_id": service.id,
                "delivery_type": "fixed",
                "oms_cutoff_time": 19.5,
            }
        )
        cls.pickup = Carrier.create(
            {
                "name": "Fulfil Pickup",
                "product_id": service.id,
                "delivery_type": "fixed",
                "oms_is_pickup": True,
            }
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Fulfil Webshop",
                "code": "FU-WEB",
                "channel_type": "webshop",
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Grace Buyer",
                "email": "grace@example.com",
                "street": "1 Main Street",
                "city": "Springfield",
                "zip": "12345",
                "country_id": cls.env.ref("base.us").id,
            }
        )
        cls.stock_user = new_test_user(
            cls.env, login="fulfil_stock", groups="stock.group_stock_user"
        )
        for product in (cls.tee, cls.sneaker):
            cls.env["stock.quant"]._update_available_quantity(product, cls.bin_b, 50)
        cls.env["stock.quant"]._update_available_quantity(cls.mug, cls.bin_a, 50)

    @classmethod
    def _product(cls, name, qty=10, **vals):
        """A storable product like the mug, with ``vals`` changed, in stock."""
        values = {
            "name": name,
            "is_storable": True,
            "type": "consu",
            "list_price": 10.0,
            "weight": 0.4,
            "product_length": 12,
            "product_width": 9,
            "product_height": 10,
        }
        values.update(vals)
        product = cls.env["product.product"].create(values)
        if qty:
            cls.env["stock.quant"]._update_available_quantity(product, cls.bin_b, qty)
        return product

    @classmethod
    def _order(cls, lines, carrier=None, partner=None, channel=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "channel_id": (channel or cls.channel).id,
                "warehouse_id": cls.warehouse.id,
                "carrier_id": (carrier or cls.carrier).id
                if carrier is not False
                else False,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def _delivery(cls, lines, **kw):
        order = cls._order(lines, **kw)
        picking = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        picking.action_assign()
        return picking

    @staticmethod
    def _validate(picking):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
