# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, TransactionCase, new_test_user

from oms_domain.sync import StockExporter


class RecordingExporter(StockExporter):
    """Exporter of the tests: keeps what it was given, fails on request."""

    def __init__(self, batch_size=100):
        self.batch_size = batch_size
        self.calls = []
        self.error = None
        # Called during the export, as a sale made while the push is in flight.
        self.meanwhile = None

    def export(self, levels):
        self.calls.append([(level.sku, level.quantity) for level in levels])
        if self.meanwhile:
            self.meanwhile()
        if self.error:
            raise self.error


class ChannelStockCase(TransactionCase):
    """Two channels selling the stock of one warehouse of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The push runs its steps in transactions of their own (new cursors):
        # in these tests they are savepoints of the test's transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "ATS Test Warehouse", "code": "ATSW"}
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer = cls.env["res.partner"].create({"name": "ATS Customer"})
        cls.product = cls._create_product("ATS-A")
        cls.web = cls._create_channel("ATS-WEB")
        cls.market = cls._create_channel("ATS-MKT")
        cls.manager = new_test_user(
            cls.env,
            login="ats_manager",
            groups="oms_multichannel.group_oms_multichannel_manager,"
            "stock.group_stock_manager,sales_team.group_sale_manager",
        )
        cls.oms_user = new_test_user(
            cls.env,
            login="ats_oms_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )

    @classmethod
    def _create_product(cls, code):
        return cls.env["product.product"].create(
            {
                "name": "Product %s" % code,
                "default_code": code,
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
            }
        )

    @classmethod
    def _create_channel(cls, code, **values):
        return cls.env["oms.channel"].create(
            dict(
                {
                    "name": "Channel %s" % code,
                    "code": code,
                    "channel_type": "webshop",
                    "warehouse_ids": [(6, 0, cls.warehouse.ids)],
                },
                **values,
            )
        )

    def setUp(self):
        super().setUp()
        self.exporters = {}
        exporters = self.exporters
        self.patch(
            type(self.env["oms.channel"]),
            "_oms_stock_exporter",
            lambda channel: exporters.get(channel.id),
        )

    def exporter_for(self, channel, batch_size=100):
        self.exporters[channel.id] = RecordingExporter(batch_size)
        return self.exporters[channel.id]

    def add_stock(self, product, qty, location=None):
        self.env["stock.quant"]._update_available_quantity(
            product, location or self.stock_location, qty
        )

    def sell(self, channel, product, qty, confirm=True):
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.customer
            form.channel_id = channel
            with form.order_line.new() as line:
                line.product_id = product
                line.product_uom_qty = qty
        order = form.save()
        if confirm:
            order.action_confirm()
        return order

    def pair(self, channel, product):
        return self.env["oms.channel.stock"].search(
            [("channel_id", "=", channel.id), ("product_id", "=", product.id)]
        )

    def ats(self, channel, product):
        figures = self.env["oms.channel.stock"]._oms_compute(channel, product)
        return figures[(channel.id, product.id)][0].ats
