# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import menu_visible
from .common_fulfilment import FulfilmentCommon


@tagged("post_install", "-at_install")
class TestFulfilmentWaves(FulfilmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "UTC"
        cls.express = cls._delivery([(cls.mug, 1), (cls.tee, 1)])
        cls.express_2 = cls._delivery([(cls.tee, 2)])
        cls.evening = cls._delivery([(cls.sneaker, 1)], carrier=cls.carrier_late)
        cls.waiting = cls._delivery([(cls._product("Fulfil Rare", qty=0), 1)])
        cls.all = cls.express | cls.express_2 | cls.evening | cls.waiting

    def _wizard(self, pickings, **values):
        wizard = Form(
            self.env["oms.wave.builder"]
            .with_user(self.stock_user)
            .with_context(active_model="stock.picking", active_ids=pickings.ids)
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save()

    @freeze_time("2026-05-04 10:00:00")
    def test_waves_by_carrier_and_cutoff(self):
        (self.all).scheduled_date = "2026-05-04 09:00:00"
        wizard = self._wizard(self.all)
        self.assertEqual(wizard.ready_count, 3)
        self.assertEqual(wizard.skipped_count, 1)
        self.assertIn("Fulfil Express", wizard.preview)
        action = wizard.action_build()
        waves = self.env["stock.picking.batch"].search(action["domain"])
        self.assertEqual(len(waves), 2)
        self.assertTrue(all(waves.mapped("is_wave")))
        self.assertEqual(set(waves.mapped("state")), {"in_progress"})
        express = waves.filtered(lambda w: w.oms_carrier_id == self.carrier)
        self.assertEqual(express.picking_ids, self.express | self.express_2)
        self.assertEqual(str(express.oms_cutoff), "2026-05-04 15:00:00")
        evening = waves - express
        self.assertEqual(evening.picking_ids, self.evening)
        self.assertEqual(str(evening.oms_cutoff), "2026-05-04 19:30:00")
        self.assertFalse(self.waiting.batch_id)
        # Boxes suggested, walk order set: bin A (corridor 1) before bin B.
        self.assertTrue(express.oms_box_ids)
        lines = express.move_line_ids
        in_a = lines.filtered(lambda ml: ml.location_id == self.bin_a)
        in_b = lines.filtered(lambda ml: ml.location_id == self.bin_b)
        self.assertLess(
            max(in_a.mapped("oms_walk_sequence")), min(in_b.mapped("oms_walk_sequence"))
        )
        walk = express.action_oms_pick_walk()
        self.assertEqual(
            self.env["stock.move.line"]
            .search(walk["domain"], order="oms_walk_sequence")[:1]
            .location_id,
            self.bin_a,
        )

    @freeze_time("2026-05-04 16:00:00")
    def test_after_the_cutoff_the_wave_is_tomorrows(self):
        self.express.scheduled_date = "2026-05-04 09:00:00"
        wizard = self._wizard(self.express)
        wave = self.env["stock.picking.batch"].search(wizard.action_build()["domain"])
        self.assertEqual(str(wave.oms_cutoff), "2026-05-05 15:00:00")

    def test_wave_size_limit(self):
        wizard = self._wizard(self.express | self.express_2, max_deliveries=1)
        waves = self.env["stock.picking.batch"].search(wizard.action_build()["domain"])
        self.assertEqual(len(waves), 2)
        self.assertEqual(waves.picking_ids, self.express | self.express_2)

    def test_nothing_ready(self):
        wizard = self._wizard(self.waiting)
        with self.assertRaisesRegex(UserError, "None of these deliveries is ready"):
            wizard.action_build()

    def test_from_the_menu_takes_every_ready_delivery(self):
        defaults = (
            self.env["oms.wave.builder"]
            .with_user(self.stock_user)
            .default_get(["picking_ids"])
        )
        ids = defaults["picking_ids"][0][2]
        self.assertTrue(
            (self.express | self.express_2 | self.evening)
            <= self.env["stock.picking"].browse(ids)
        )
        self.assertNotIn(self.waiting.id, ids)

    def test_fulfilment_menus(self):
        oms_user = new_test_user(
            self.env,
            login="fulfil_oms_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )
        salesman = new_test_user(
            self.env,
            login="fulfil_menu_salesman",
            groups="sales_team.group_sale_salesman",
        )
        for xmlid in (
            "oms_multichannel.menu_oms_fulfilment_to_ship",
            "oms_multichannel.menu_oms_fulfilment_build_waves",
            "oms_multichannel.menu_oms_fulfilment_waves",
        ):
            menu = self.env.ref(xmlid)
            self.assertTrue(menu_visible(menu, oms_user), xmlid)
            self.assertFalse(menu_visible(menu, salesman), xmlid)
