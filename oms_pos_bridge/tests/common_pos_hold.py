# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from odoo import fields
from odoo.api import call_kw
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, new_test_user


class PosHoldCommon(TransactionCase):
    """Two stores with a point of sale each (store A has a second terminal),
    a storable product with 3 units in A and 1 in B, a cashier of store A
    and a store channel on A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        Warehouse = cls.env["stock.warehouse"]
        cls.store_a = Warehouse.create(
            {"name": "Hold Store A", "code": "HSA", "oms_is_store": True}
        )
        cls.store_b = Warehouse.create(
            {"name": "Hold Store B", "code": "HSB", "oms_is_store": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Hold Lamp",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 10.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Hold Gift Wrap", "type": "service", "available_in_pos": True}
        )
        cls._stock(cls.store_a, cls.product, 3)
        cls._stock(cls.store_b, cls.product, 1)
        cls.config_a = cls._config("Hold Shop A", cls.store_a)
        cls.config_a2 = cls._config("Hold Shop A2", cls.store_a)
        cls.config_b = cls._config("Hold Shop B", cls.store_b)
        cls.cashier = new_test_user(
            cls.env, login="oms_hold_cashier", groups="point_of_sale.group_pos_user"
        )
        cls.cashier.property_warehouse_id = cls.store_a
        cls.pos_manager = new_test_user(
            cls.env,
            login="oms_hold_manager",
            groups="point_of_sale.group_pos_manager",
        )
        cls.session_a = cls._session(cls.config_a)
        cls.session_a2 = cls._session(cls.config_a2)
        cls.session_b = cls._session(cls.config_b)
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Hold Store A Channel",
                "code": "HOLD-A",
                "channel_type": "store",
                "warehouse_ids": [(6, 0, cls.store_a.ids)],
            }
        )

    @classmethod
    def _stock(cls, warehouse, product, qty):
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, qty
        )

    @classmethod
    def _config(cls, name, warehouse):
        # A cash method (and journal) per point of sale, as Odoo requires.
        journal = cls.env["account.journal"].create(
            {
                "name": "Cash %s" % name,
                "type": "cash",
                "code": warehouse.code + name[-1],
            }
        )
        cash = cls.env["pos.payment.method"].create(
            {"name": "Cash %s" % name, "is_cash_count": True, "journal_id": journal.id}
        )
        return cls.env["pos.config"].create(
            {
                "name": name,
                "picking_type_id": warehouse.pos_type_id.id,
                "payment_method_ids": [(6, 0, cash.ids)],
            }
        )

    @classmethod
    def _session(cls, config):
        session = cls.env["pos.session"].create(
            {"config_id": config.id, "user_id": cls.env.uid}
        )
        session.set_opening_control(0, None)
        return session

    def rpc(self, user, method, *args, **kwargs):
        """Call ``oms.pos.hold.method`` as ``user`` the way the POS does
        (``/web/dataset/call_kw`` with an empty context)."""
        records = self.env(user=user, context={}, su=False)["oms.pos.hold"]
        get_public_method(records, method)
        result = call_kw(records, method, list(args), kwargs)
        self.env.invalidate_all()
        return result

    def hold(self, session, line, qty, order="order-1", product=None, user=None):
        return self.rpc(
            user or self.cashier,
            "pos_set_hold",
            session.id,
            line,
            order,
            (product or self.product).id,
            qty,
        )

    def holds(self, **domain):
        return self.env["oms.pos.hold"].search(
            [(key, "=", value) for key, value in domain.items()]
        )

    def ats(self, product=None):
        product = product or self.product
        computed = self.env["oms.channel.stock"]._oms_compute(self.channel, product)
        return computed[(self.channel.id, product.id)][0]

    def ui_order(self, session, lines, order_uuid=None, state="paid"):
        """An order as the POS sends it through ``sync_from_ui``: ``lines`` are
        ``(line uuid, product, qty)``."""
        order_uuid = order_uuid or str(uuid.uuid4())
        order_lines = [
            (
                0,
                0,
                {
                    "uuid": line_uuid,
                    "product_id": product.id,
                    "qty": qty,
                    "price_unit": product.lst_price,
                    "price_subtotal": product.lst_price * qty,
                    "price_subtotal_incl": product.lst_price * qty,
                    "discount": 0.0,
                    "tax_ids": [(6, 0, [])],
                    "pack_lot_ids": [],
                },
            )
            for line_uuid, product, qty in lines
        ]
        total = sum(line[2]["price_subtotal_incl"] for line in order_lines)
        payments = (
            [
                (
                    0,
                    0,
                    {
                        "amount": total,
                        "name": fields.Datetime.now(),
                        "payment_method_id": session.config_id.payment_method_ids[
                            :1
                        ].id,
                    },
                )
            ]
            if state == "paid"
            else []
        )
        return {
            "amount_paid": total if state == "paid" else 0.0,
            "amount_return": 0,
            "amount_tax": 0.0,
            "amount_total": total,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "fiscal_position_id": False,
            "pricelist_id": session.config_id.pricelist_id.id,
            "name": "Order %s" % order_uuid,
            "last_order_preparation_change": "{}",
            "lines": order_lines,
            "partner_id": False,
            "session_id": session.id,
            "sequence_number": 2,
            "payment_ids": payments,
            "uuid": order_uuid,
            "user_id": self.env.uid,
            "to_invoice": False,
            "state": state,
        }
