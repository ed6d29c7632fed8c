# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged, users

from oms_domain.sync import StockExportError

from .common_stock import ChannelStockCase


@tagged("post_install", "-at_install")
class TestChannelStock(ChannelStockCase):
    def test_stock_change_flags_pairs_of_covering_channels_only(self):
        elsewhere = self._create_channel(
            "ATS-ELSE", warehouse_ids=[(6, 0, self.env.ref("stock.warehouse0").ids)]
        )
        self.add_stock(self.product, 5)
        self.assertTrue(self.pair(self.web, self.product).dirty)
        self.assertTrue(self.pair(self.market, self.product).dirty)
        self.assertFalse(self.pair(elsewhere, self.product))

    def test_promised_quantities_lower_every_channel(self):
        self.add_stock(self.product, 10)
        self.sell(self.web, self.product, 3)
        draft = self.sell(self.web, self.product, 4, confirm=False)
        self.assertEqual(draft.state, "draft")
        figures = self.env["oms.channel.stock"]._oms_compute(
            self.web | self.market, self.product
        )
        for channel in self.web | self.market:
            values = figures[(channel.id, self.product.id)][0]
            self.assertEqual(values.on_hand, 10)
            self.assertEqual(values.promised, 3)
            self.assertEqual(values.ats, 7)

    def test_holds_hook_is_subtracted_in_scope_only(self):
        self.add_stock(self.product, 10)
        outside = self.env.ref("stock.warehouse0").lot_stock_id
        holds = {
            (self.product.id, self.stock_location.id): 2.0,
            (self.product.id, outside.id): 50.0,
        }
        self.patch(
            type(self.env["oms.channel"]),
            "_oms_held_quantities",
            lambda model, products, locations: dict(holds),
        )
        figures = self.env["oms.channel.stock"]._oms_compute(self.web, self.product)
        values = figures[(self.web.id, self.product.id)][0]
        self.assertEqual((values.held, values.ats), (2, 8))

    def test_last_unit_sold_on_one_channel_zeroes_the_others_next_run(self):
        web_out = self.exporter_for(self.web)
        market_out = self.exporter_for(self.market)
        self.add_stock(self.product, 1)
        self.web._oms_sync_stock()
        self.market._oms_sync_stock()
        self.assertEqual(market_out.calls, [[("ATS-A", 1)]])
        self.assertEqual(web_out.calls, [[("ATS-A", 1)]])

        self.sell(self.web, self.product, 1)
        pair = self.pair(self.market, self.product)
        self.assertTrue(pair.dirty)
        summary = self.market._oms_sync_stock()
        self.assertEqual(summary["calls"], 1)
        self.assertEqual(market_out.calls[-1], [("ATS-A", 0)])
        self.assertEqual((pair.ats, pair.exported_qty), (0, 0))
        self.assertFalse(pair.dirty or pair.to_export)
        self.assertTrue(pair.exported_at)
        self.web._oms_sync_stock()
        self.assertEqual(web_out.calls[-1], [("ATS-A", 0)])

    def test_no_export_call_when_nothing_changed(self):
        exporter = self.exporter_for(self.market)
        self.add_stock(self.product, 4)
        self.market._oms_sync_stock()
        self.assertEqual(len(exporter.calls), 1)
        # Nothing flagged: nothing recomputed, nothing pushed.
        summary = self.market._oms_sync_stock()
        self.assertEqual((summary["recomputed"], summary["calls"]), (0, 0))
        # Flagged but the same quantity: recomputed, still not pushed.
        self.env["oms.channel.stock"]._oms_mark_dirty(self.product)
        summary = self.market._oms_sync_stock()
        self.assertEqual((summary["recomputed"], summary["calls"]), (1, 0))
        # Stock moving in and out again comes back to the exported figure.
        self.add_stock(self.product, 2)
        self.add_stock(self.product, -2)
        self.assertEqual(self.market._oms_sync_stock()["calls"], 0)
        self.assertEqual(len(exporter.calls), 1)

    def test_calls_follow_batches_not_changes(self):
        exporter = self.exporter_for(self.market, batch_size=3)
        products = self.product | self.env["product.product"].concat(
            *[self._create_product("ATS-B%s" % n) for n in range(6)]
        )
        for _round in range(5):
            for product in products:
                self.add_stock(product, 1)
        summary = self.market._oms_sync_stock()
        self.assertEqual((summary["pushed"], summary["calls"]), (7, 3))
        self.assertEqual([len(call) for call in exporter.calls], [3, 3, 1])
        self.assertEqual({qty for call in exporter.calls for _sku, qty in call}, {5})

    def test_recompute_constant_queries_and_no_write_of_unchanged_pairs(self):
        products = self.product | self._create_product("ATS-Q1")
        products |= self._create_product("ATS-Q2")
        for product in products:
            self.add_stock(product, 4)
        self.sell(self.web, products[1], 1)
        self.market.ats_buffer_mode = "auto"
        channels = self.web | self.market
        third = self._create_channel("ATS-THIRD")
        stock_model = self.env["oms.channel.stock"]
        stock_model._oms_recompute(channels | third, products)
        self.env.flush_all()
        writes = []
        model_class = type(stock_model)
        write = model_class.write

        def counting_write(records, vals):
            writes.append(records.ids)
            return write(records, vals)

        self.patch(model_class, "write", counting_write)

        def count(channels, products):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            stock_model._oms_recompute(channels, products)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        # Neither more products nor more channels (of each kind) cost queries.
        sold = products[1]
        self.assertEqual(count(channels, sold), count(channels, products))
        self.assertEqual(count(self.web, sold), count(self.web | third, products))
        self.assertEqual(writes, [])
        self.assertEqual(self.pair(self.web, sold).ats, 3)
        # A change is written, and only there.
        self.add_stock(products[2], 1)
        stock_model._oms_recompute(channels, products)
        self.assertEqual(
            sorted(id_ for ids in writes for id_ in ids),
            sorted(self.pair(channel, products[2]).id for channel in channels),
        )

    def test_share_buffer_cap_and_threshold(self):
        self.add_stock(self.product, 20)
        self.market.write(
            {
                "ats_share_percent": 50,
                "ats_buffer": 2,
                "ats_max_qty": 5,
                "ats_zero_below": 3,
            }
        )
        self.assertEqual(self.ats(self.web, self.product), 20)
        self.assertEqual(self.ats(self.market, self.product), 5)  # 9 capped at 5
        self.add_stock(self.product, -13)  # (7 - 2) * 50% = 2 < 3
        self.assertEqual(self.ats(self.market, self.product), 0)
        self.add_stock(self.product, 1)  # (8 - 2) * 50% = 3
        self.assertEqual(self.ats(self.market, self.product), 3)
        with self.assertRaises(ValidationError):
            self.market.ats_share_percent = 120

    def test_product_override_replaces_channel_policy(self):
        self.add_stock(self.product, 20)
        self.market.write({"ats_share_percent": 50, "ats_buffer": 2})
        override = self.env["oms.channel.stock.override"].create(
            {"channel_id": self.market.id, "product_id": self.product.id}
        )
        self.assertEqual((override.share_percent, override.buffer), (50, 2))
        self.assertTrue(self.pair(self.market, self.product).dirty)
        override.write({"share_percent": 100, "buffer": 0, "max_qty": 12})
        self.assertEqual(self.ats(self.market, self.product), 12)
        override.excluded = True
        self.assertEqual(self.ats(self.market, self.product), 0)
        override.unlink()
        self.assertEqual(self.ats(self.market, self.product), 9)

    def test_policy_change_flags_every_pair_of_the_channel(self):
        self.exporter_for(self.market)
        self.add_stock(self.product, 8)
        self.market._oms_sync_stock()
        self.assertFalse(self.pair(self.market, self.product).dirty)
        self.market.ats_buffer = 3
        self.assertTrue(self.pair(self.market, self.product).dirty)
        self.market._oms_sync_stock()
        self.assertEqual(self.pair(self.market, self.product).exported_qty, 5)

    def test_self_tuning_buffer(self):
        self.add_stock(self.product, 500)
        self.sell(self.web, self.product, 168)  # 24 a day over 7 days: 1 an hour
        self.market.write(
            {
                "ats_buffer_mode": "auto",
                "ats_sales_window_days": 7,
                "ats_buffer_min": 1,
                "ats_buffer_max": 10,
                "stock_sync_latency": 7200,
            }
        )
        self.env["oms.channel.stock"]._oms_recompute(self.market, self.product)
        pair = self.pair(self.market, self.product)
        self.assertAlmostEqual(pair.sales_rate, 24)
        self.assertEqual(pair.buffer, 2)
        self.assertEqual(pair.ats, 500 - 168 - 2)
        self.assertIn("168", pair.buffer_explanation)
        self.assertIn("2 h", pair.buffer_explanation)

    def test_failed_push_is_visible_and_retried_next_run(self):
        exporter = self.exporter_for(self.market)
        exporter.error = StockExportError(
            "HTTP 503",
            retryable=True,
            retry_after=30,
            status=503,
            detail="HTTP 503 Service Unavailable\n<h1>db01.lan is down</h1>",
        )
        with freeze_time("2026-01-05 10:00:00"):
            self.add_stock(self.product, 3)
        summary = self.market._oms_sync_stock()
        self.assertEqual(summary["error"], "the channel answered HTTP 503")
        self.assertEqual(self.market.stock_sync_failed_count, 1)
        self.assertEqual(
            self.market.stock_sync_last_error, "the channel answered HTTP 503"
        )
        message = self.market.message_ids[0].body
        self.assertIn("Stock push failed", message)
        self.assertIn("HTTP 503", message)
        # What the channel answered is for managers only, never in the chatter.
        self.assertNotIn("db01", message)
        self.assertIn("db01.lan", self.market.stock_sync_last_error_detail)
        with self.assertRaises(AccessError):
            self.market.with_user(self.oms_user).read(["stock_sync_last_error_detail"])
        self.assertNotIn(
            "stock_sync_last_error_detail",
            self.market.with_user(self.oms_user).fields_get(),
        )
        pair = self.pair(self.market, self.product)
        self.assertTrue(pair.to_export)
        self.assertFalse(pair.exported_at)

        exporter.error = None
        with freeze_time("2026-01-05 10:02:00"):
            summary = self.market._oms_sync_stock()
        self.assertEqual(summary["calls"], 1)
        self.assertEqual(exporter.calls[-1], [("ATS-A", 3)])
        self.assertEqual(self.market.stock_sync_failed_count, 0)
        self.assertFalse(pair.to_export)
        self.assertEqual(self.market.stock_sync_latency, 120)

    def test_change_during_push_stays_pending(self):
        exporter = self.exporter_for(self.market)
        self.add_stock(self.product, 5)
        pair = self.pair(self.market, self.product)
        # A sale confirmed while the quantities are on their way.
        exporter.meanwhile = lambda: self.sell(self.web, self.product, 2)
        summary = self.market._oms_sync_stock()
        exporter.meanwhile = None
        self.assertEqual(exporter.calls, [[("ATS-A", 5)]])
        self.assertEqual(summary["pushed"], 1)
        # The channel got 5; the sale since then is still to recompute.
        self.assertEqual((pair.exported_qty, pair.dirty), (5, True))
        self.market._oms_sync_stock()
        self.assertEqual(exporter.calls[-1], [("ATS-A", 3)])
        self.assertEqual(
            (pair.exported_qty, pair.dirty, pair.to_export), (3, False, False)
        )

    def test_quantity_recomputed_during_push_stays_to_push(self):
        exporter = self.exporter_for(self.market)
        self.add_stock(self.product, 5)
        pair = self.pair(self.market, self.product)

        def recompute_meanwhile():
            # Another run recomputed the pair after this one read it.
            self.add_stock(self.product, 1)
            self.env["oms.channel.stock"]._oms_recompute(self.market, self.product)

        exporter.meanwhile = recompute_meanwhile
        self.market._oms_sync_stock()
        exporter.meanwhile = None
        self.assertEqual(exporter.calls, [[("ATS-A", 5)]])
        self.assertEqual((pair.ats, pair.exported_qty), (6, 5))
        self.assertTrue(pair.to_export)
        self.assertTrue(pair.pending_since)
        self.market._oms_sync_stock()
        self.assertEqual(exporter.calls[-1], [("ATS-A", 6)])
        self.assertFalse(pair.to_export)

    def test_full_reconciliation_pushes_and_records_drift(self):
        exporter = self.exporter_for(self.market)
        self.add_stock(self.product, 6)
        self.market._oms_sync_stock()
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.product.id)], limit=1
        )
        # A change that bypasses the ORM, as a script would.
        self.env.cr.execute(
            "UPDATE stock_quant SET quantity = quantity + 4 WHERE id = %s", [quant.id]
        )
        self.env.invalidate_all()
        self.assertEqual(self.market._oms_sync_stock()["calls"], 0)
        summary = self.market._oms_sync_stock(mode="full")
        self.assertEqual((summary["drift"], summary["calls"]), (1, 1))
        # Products never pushed before go out too, with their quantity (0).
        self.assertIn(("ATS-A", 10), exporter.calls[-1])
        drift = self.env["oms.channel.stock.drift"].search(
            [("channel_id", "=", self.market.id)]
        )
        self.assertEqual((drift.exported_qty, drift.ats, drift.difference), (6, 10, 4))
        self.assertEqual(self.market.stock_drift_count, 1)

    def test_push_now_pushes_everything(self):
        exporter = self.exporter_for(self.market)
        self.add_stock(self.product, 2)
        self.market._oms_sync_stock()
        self.market.with_user(self.manager).action_oms_push_stock()
        self.assertEqual(exporter.calls[0], [("ATS-A", 2)])
        self.assertIn(("ATS-A", 2), exporter.calls[1])
        self.assertFalse(self.market.stock_line_ids.filtered("to_export"))

    def test_push_now_is_for_managers(self):
        user = new_test_user(
            self.env,
            login="ats_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )
        exporter = self.exporter_for(self.market)
        with self.assertRaises(AccessError):
            self.market.with_user(user).action_oms_push_stock()
        self.assertFalse(exporter.calls)

    def test_oversell_refused_when_channel_asks(self):
        self.market.stock_block_oversell = True
        self.add_stock(self.product, 1)
        with self.assertRaisesRegex(UserError, "Not enough available to sell"):
            self.sell(self.market, self.product, 2)
        order = self.sell(self.market, self.product, 1)
        self.assertEqual(order.state, "sale")
        with self.assertRaisesRegex(UserError, "Not enough available to sell"):
            self.sell(self.market, self.product, 1)
        # Channels that do not refuse still take the order (backorder).
        self.assertEqual(self.sell(self.web, self.product, 1).state, "sale")

    def test_oversell_check_uses_free_stock_not_the_advertised_quantity(self):
        self.market.write(
            {"stock_block_oversell": True, "ats_buffer": 2, "ats_max_qty": 1}
        )
        self.add_stock(self.product, 3)
        self.assertEqual(self.ats(self.market, self.product), 1)
        # Orders placed before the channel had the new figure: the buffer
        # serves them, the cap only limits what is shown.
        self.assertEqual(self.sell(self.market, self.product, 2).state, "sale")
        self.assertEqual(self.ats(self.market, self.product), 0)
        self.assertEqual(self.sell(self.market, self.product, 1).state, "sale")
        with self.assertRaisesRegex(UserError, "1.0 ordered, 0.0 available"):
            self.sell(self.market, self.product, 1)

    def test_oversell_check_counts_earlier_orders_of_the_same_call(self):
        # Mass confirm from the list: two channels sell the last unit of one
        # warehouse; checked alone, each order would find it free.
        self.market.stock_block_oversell = True
        other_market = self._create_channel("ATS-MKT3", stock_block_oversell=True)
        self.add_stock(self.product, 1)
        first = self.sell(self.market, self.product, 1, confirm=False)
        second = self.sell(other_market, self.product, 1, confirm=False)
        with self.assertRaises(UserError) as refused:
            (first | second).action_confirm()
        self.assertIn(
            "%s: [ATS-A] Product ATS-A on Channel ATS-MKT3: 1.0 ordered, 0.0 available"
            % second.name,
            str(refused.exception),
        )
        self.assertNotIn(first.name, str(refused.exception))
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])
        # An earlier order of a channel that does not refuse takes its unit too.
        web_order = self.sell(self.web, self.product, 1, confirm=False)
        with self.assertRaises(UserError) as refused:
            (web_order | first).action_confirm()
        self.assertIn("%s: " % first.name, str(refused.exception))
        # Enough for both: the call goes through.
        self.add_stock(self.product, 1)
        (first | second).action_confirm()
        self.assertEqual((first | second).mapped("state"), ["sale", "sale"])

    def test_oversell_check_ignores_orders_of_other_stock(self):
        self.market.stock_block_oversell = True
        elsewhere = self.env["stock.warehouse"].create(
            {"name": "ATS Other Warehouse", "code": "ATSO"}
        )
        other = self._create_channel(
            "ATS-OTH",
            warehouse_ids=[(6, 0, elsewhere.ids)],
            default_warehouse_id=elsewhere.id,
        )
        self.add_stock(self.product, 1)
        self.add_stock(self.product, 1, elsewhere.lot_stock_id)
        orders = self.sell(other, self.product, 1, confirm=False) | self.sell(
            self.market, self.product, 1, confirm=False
        )
        orders.action_confirm()
        self.assertEqual(orders.mapped("state"), ["sale", "sale"])

    def test_marketplaces_refuse_overselling_by_default(self):
        marketplace = self._create_channel("ATS-MKT2", channel_type="marketplace")
        self.assertTrue(marketplace.stock_block_oversell)
        self.assertFalse(self.web.stock_block_oversell)
        marketplace.stock_block_oversell = False
        marketplace.name = "Renamed Marketplace"
        self.assertFalse(marketplace.stock_block_oversell)
        self.web.channel_type = "marketplace"
        self.assertTrue(self.web.stock_block_oversell)

    def test_moves_done_and_cancelled_flag_pairs(self):
        self.add_stock(self.product, 5)
        self.env["oms.channel.stock"]._oms_recompute(self.web, self.product)
        pair = self.pair(self.web, self.product)
        order = self.sell(self.market, self.product, 2)
        self.assertTrue(pair.dirty)
        self.env["oms.channel.stock"]._oms_recompute(self.web, self.product)
        self.assertEqual(pair.ats, 3)
        order._action_cancel()
        self.assertTrue(pair.dirty)
        self.env["oms.channel.stock"]._oms_recompute(self.web, self.product)
        self.assertEqual(pair.ats, 5)
        order = self.sell(self.market, self.product, 2)
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        self.env["oms.channel.stock"]._oms_recompute(self.web, self.product)
        picking._action_done()
        self.assertTrue(pair.dirty)
        self.env["oms.channel.stock"]._oms_recompute(self.web, self.product)
        self.assertEqual((pair.on_hand, pair.promised, pair.ats), (3, 0, 3))

    @users("ats_manager")
    def test_channel_availability_screens(self):
        self.add_stock(self.product, 7)
        template = self.product.product_tmpl_id.with_user(self.env.user)
        action = template.action_oms_channel_availability()
        lines = self.env["oms.channel.stock"].search(action["domain"])
        self.assertIn(self.web, lines.channel_id)
        self.assertEqual(
            lines.filtered(lambda line: line.channel_id == self.web).ats, 7
        )
        channel = self.market.with_user(self.env.user)
        action = channel.action_view_channel_stock()
        self.assertEqual(
            self.env["oms.channel.stock"].search(action["domain"]).product_id,
            self.product,
        )
        self.assertEqual(channel.stock_line_count, 1)
