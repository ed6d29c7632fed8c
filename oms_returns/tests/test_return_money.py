# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import Form, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnMoney(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            [(cls.product_a, 3, 33.33, 10.0), (cls.product_b, 7, 19.99, 12.5)]
        )
        cls.line_a, cls.line_b = cls.order.order_line
        cls.invoice = cls.order.invoice_ids

    def _odoo_reversal_amounts(self, quantities):
        """Amounts of a credit note made by hand with Odoo's reversal wizard."""
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=self.invoice.ids)
            .create({"journal_id": self.invoice.journal_id.id})
        )
        wizard.refund_moves()
        credit_note = wizard.new_move_ids
        with Form(credit_note) as form:
            for index in reversed(range(len(form.invoice_line_ids))):
                with form.invoice_line_ids.edit(index) as line:
                    product = line.product_id
                if product not in quantities:
                    form.invoice_line_ids.remove(index)
                    continue
                with form.invoice_line_ids.edit(index) as line:
                    line.quantity = quantities[product]
        amounts = (
            credit_note.amount_untaxed,
            credit_note.amount_tax,
            credit_note.amount_total,
        )
        credit_note.unlink()
        return amounts

    def _settle(self, ret):
        ret.action_approve()
        ret.action_receive()
        ret.with_user(self.returns_manager).action_settle()
        return ret

    def test_partial_refund_matches_odoo_reversal(self):
        expected = self._odoo_reversal_amounts({self.product_a: 2, self.product_b: 3})
        ret = self._settle(
            self._create_return(
                [
                    (self.line_a, 2, self.reason_wrong),
                    (self.line_b, 3, self.reason_wrong),
                ]
            )
        )
        credit_note = ret.credit_note_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(
            (
                credit_note.amount_untaxed,
                credit_note.amount_tax,
                credit_note.amount_total,
            ),
            expected,
        )
        currency = self.env.company.currency_id
        self.assertAlmostEqual(
            expected[0],
            currency.round(2 * 33.33 * 0.9) + currency.round(3 * 19.99 * 0.875),
        )
        self.assertEqual(self.line_a.qty_invoiced, 1.0)
        self.assertEqual(self.line_b.qty_invoiced, 4.0)
        self.assertEqual(self.line_a.qty_to_invoice, 0.0)
        self.assertEqual(self.line_b.qty_to_invoice, 0.0)
        self.assertEqual(ret.line_ids.credit_line_ids, credit_note.invoice_line_ids)
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(ret.refund_amount, credit_note.amount_untaxed, 2)

    def test_restocking_fee_and_return_shipping(self):
        self.channel.write(
            {"restocking_fee_percent": 10.0, "return_shipping_fee": 4.95}
        )
        ret = self._settle(self._create_return([(self.line_b, 4, self.reason_mind)]))
        currency = self.env.company.currency_id
        value = currency.round(4 * 19.99 * 0.875)
        fee = currency.round(value * 0.10)
        self.assertAlmostEqual(ret.restocking_fee, fee)
        self.assertAlmostEqual(ret.return_shipping_fee, 4.95)
        credit_note = ret.credit_note_ids
        self.assertAlmostEqual(
            credit_note.amount_untaxed, currency.round(value - fee - 4.95)
        )
        fee_lines = credit_note.invoice_line_ids.filtered(
            lambda line: (
                line.product_id
                in self.env.ref("oms_returns.product_restocking_fee")
                | self.env.ref("oms_returns.product_return_shipping")
            )
        )
        self.assertEqual(len(fee_lines), 2)

    def test_defect_pays_no_fee(self):
        self.channel.write(
            {"restocking_fee_percent": 10.0, "return_shipping_fee": 4.95}
        )
        ret = self._settle(
            self._create_return(
                [
                    (self.line_a, 1, self.reason_mind),
                    (self.line_b, 1, self.reason_defect),
                ]
            )
        )
        # Fee only on the customer's line, no shipping since one line is a defect.
        currency = self.env.company.currency_id
        value = currency.round(33.33 * 0.9)
        self.assertAlmostEqual(ret.restocking_fee, currency.round(value * 0.1))
        self.assertEqual(ret.return_shipping_fee, 0.0)

    def test_refund_before_invoicing_adjusts_order(self):
        product_c = self._create_product("Test Cap", 15.0, invoice_policy="order")
        self.env["stock.quant"]._update_available_quantity(
            product_c, self.central.lot_stock_id, 10.0
        )
        order = self._create_order(
            [(self.product_a, 2, 33.33, 0.0), (product_c, 2, 15.0, 0.0)], invoice=False
        )
        line_a, line_c = order.order_line
        ret = self._settle(
            self._create_return(
                [(line_a, 1, self.reason_wrong), (line_c, 1, self.reason_wrong)]
            )
        )
        self.assertFalse(ret.credit_note_ids)
        self.assertEqual(line_a.qty_to_invoice, 1.0)
        self.assertEqual(line_c.product_uom_qty, 1.0)
        self.assertEqual(line_c.qty_to_invoice, 1.0)
        invoice = order._create_invoices()
        self.assertAlmostEqual(invoice.amount_untaxed, 33.33 + 15.0)

    def test_order_adjustment_keeps_the_sold_price(self):
        # Sold below the list price (a channel's own price) with a discount: the
        # units the customer keeps are invoiced at that price, not repriced.
        product_c = self._create_product("Test Gloves", 15.0, invoice_policy="order")
        self.env["stock.quant"]._update_available_quantity(
            product_c, self.central.lot_stock_id, 10.0
        )
        order = self._create_order([(product_c, 3, 12.0, 5.0)], invoice=False)
        self._settle(self._create_return([(order.order_line, 1, self.reason_wrong)]))
        line = order.order_line
        self.assertEqual(
            (line.product_uom_qty, line.price_unit, line.discount), (2.0, 12.0, 5.0)
        )
        invoice = order._create_invoices()
        self.assertAlmostEqual(invoice.amount_untaxed, 2 * 12.0 * 0.95)

        calls = []
        model = type(self.env["oms.return"])
        with patch.object(
            model,
            "_oms_register_channel_refund",
            lambda self, values: calls.append(values),
        ):
            ret = self._create_return(
                [(self.line_a, 1, self.reason_wrong)], resolution="exchange"
            )
            self._settle(ret)
        exchange = ret.exchange_order_id
        self.assertTrue(exchange)
        self.assertEqual(exchange.state, "sale")
        self.assertEqual(exchange.partner_id, self.customer)
        self.assertEqual(exchange.channel_id, self.channel)
        self.assertEqual(exchange.origin, ret.name)
        line = exchange.order_line
        self.assertEqual(
            (line.product_id, line.product_uom_qty, line.price_unit, line.discount),
            (self.product_a, 1.0, 33.33, 10.0),
        )
        self.assertEqual(ret.line_ids.exchange_line_id, line)
        self.assertTrue(exchange.picking_ids)
        # The returned unit is credited; the replacement will be invoiced.
        self.assertAlmostEqual(ret.credit_note_ids.amount_untaxed, line.price_subtotal)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["lines"][0]["quantity"], 1.0)
        self.assertEqual(calls[0]["exchange_order_id"], exchange.id)

    def test_settled_return_is_handed_to_its_channel(self):
        # Connectors refund on the platform through oms.channel._oms_channel_refund
        calls = []
        channel_model = type(self.env["oms.channel"])
        with patch.object(
            channel_model,
            "_oms_channel_refund",
            lambda channel, values: calls.append((channel, values)) or True,
        ):
            ret = self._create_return([(self.line_a, 1, self.reason_wrong)])
            self._settle(ret)
        self.assertEqual(len(calls), 1)
        channel, values = calls[0]
        self.assertEqual(channel, ret.channel_id)
        self.assertEqual(values["return_id"], ret.id)
        self.assertEqual(values["credit_note_ids"], ret.credit_note_ids.ids)
        # Without a connector the channel has nobody to tell.
        self.assertFalse(ret.channel_id._oms_channel_refund(values))

    def test_exchange_for_another_product(self):
        ret = self._create_return(
            [(self.line_a, 1, self.reason_wrong)], resolution="exchange"
        )
        ret.line_ids.exchange_product_id = self.product_b
        self._settle(ret)
        line = ret.exchange_order_id.order_line
        self.assertEqual(line.product_id, self.product_b)
        self.assertAlmostEqual(line.price_unit, 19.99)

    def test_credit_spreads_over_invoices(self):
        order = self._create_order(
            [(self.product_a, 2, 33.33, 0.0)], deliver=False, invoice=False
        )
        picking = order.picking_ids
        picking.move_ids.quantity = 1.0
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=False)._action_done()
        first = order._create_invoices()
        first.action_post()
        self._deliver(order)
        second = order._create_invoices()
        second.action_post()
        ret = self._settle(
            self._create_return([(order.order_line, 2, self.reason_wrong)])
        )
        self.assertEqual(ret.credit_note_ids.reversed_entry_id, first | second)
        self.assertEqual(order.order_line.qty_invoiced, 0.0)
        self.assertEqual(
            sorted(ret.credit_note_ids.invoice_line_ids.mapped("quantity")), [1.0, 1.0]
        )
        deliveries = order.picking_ids.filtered(
            lambda p: p.location_dest_id.usage == "customer"
        )
        self.assertEqual(
            ret.picking_ids.move_ids.origin_returned_move_id, deliveries.move_ids
        )

    def test_credit_note_keeps_other_lines_out(self):
        ret = self._settle(self._create_return([(self.line_a, 1, self.reason_wrong)]))
        products = ret.credit_note_ids.invoice_line_ids.product_id
        self.assertEqual(products, self.product_a)
        self.assertEqual(
            ret.credit_note_ids.invoice_line_ids.sale_line_ids, self.line_a
        )

    def test_fees_spread_over_credit_notes_of_several_orders(self):
        # The first credit note (2.00) cannot hold the fees (3.53 + 4.95): the
        # rest goes on the second one instead of being lost.
        self.channel.write(
            {"restocking_fee_percent": 10.0, "return_shipping_fee": 4.95}
        )
        cheap = self._create_order([(self.product_b, 1, 2.0, 0.0)])
        dear = self._create_order([(self.product_a, 1, 33.33, 0.0)])
        cheap_invoice, dear_invoice = cheap.invoice_ids, dear.invoice_ids
        ret = self._settle(
            self._create_return(
                [
                    (cheap.order_line, 1, self.reason_mind),
                    (dear.order_line, 1, self.reason_mind),
                ]
            )
        )
        credit_notes = ret.credit_note_ids
        self.assertEqual(credit_notes.reversed_entry_id, cheap_invoice | dear_invoice)
        self.assertEqual(len(credit_notes), 2)
        self.assertAlmostEqual(ret.restocking_fee, 3.53)
        self.assertAlmostEqual(ret.return_shipping_fee, 4.95)
        self.assertAlmostEqual(
            sum(credit_notes.mapped("amount_untaxed")), 2.0 + 33.33 - 3.53 - 4.95
        )
        fee_products = self.env.ref(
            "oms_returns.product_restocking_fee"
        ) | self.env.ref("oms_returns.product_return_shipping")
        fee_lines = credit_notes.invoice_line_ids.filtered(
            lambda line: line.product_id in fee_products
        )
        self.assertAlmostEqual(sum(fee_lines.mapped("price_subtotal")), -8.48)
        cheap_note = credit_notes.filtered(
            lambda move: move.reversed_entry_id == cheap_invoice
        )
        self.assertAlmostEqual(cheap_note.amount_untaxed, 0.0)
        for credit_note in credit_notes:
            self.assertEqual(credit_note.state, "posted")
            self.assertGreaterEqual(credit_note.amount_total, 0.0)
