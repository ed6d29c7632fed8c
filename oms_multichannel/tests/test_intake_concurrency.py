# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
import uuid

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestIntakeConcurrency(TransactionCase):
    """Two real database connections submit the same channel order at once.

    The data both transactions see is committed, so it is created and removed
    through cursors of their own, never through the test's cursor.
    """

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:8].upper()
        # Threads must not touch the test cursor: read what they need now.
        self.currency = self.env.company.currency_id.name
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.channel_id = (
                env["oms.channel"]
                .create({"name": "Race %s" % self.token, "code": "R%s" % self.token})
                .id
            )
            env["product.product"].create(
                {"name": "Race item", "default_code": "RACE-%s" % self.token}
            )
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            intakes = env["oms.order.intake"].search(
                [("channel_id", "=", self.channel_id)]
            )
            orders = env["sale.order"].search([("channel_id", "=", self.channel_id)])
            partners = orders.partner_id | orders.partner_shipping_id
            intakes.unlink()
            orders.unlink()
            partners.unlink()
            env["product.product"].search(
                [("default_code", "=", "RACE-%s" % self.token)]
            ).unlink()
            env["oms.channel"].browse(self.channel_id).unlink()

    def _data(self):
        return {
            "external_id": "RACE-ORDER-%s" % self.token,
            "currency": self.currency,
            "customer": {
                "name": "Racer",
                "email": "racer-%s@example.com" % self.token.lower(),
                "street": "1 Track",
                "city": "Monza",
                "country_code": "IT",
            },
            "lines": [{"sku": "RACE-%s" % self.token, "quantity": 1, "unit_price": 5}],
        }

    def _intake(self, env):
        intake = env["oms.order.intake"].intake_order(
            env["oms.channel"].browse(self.channel_id), self._data()
        )
        return intake.id, intake.sale_order_id.id

    def _count_orders(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM sale_order WHERE channel_id = %s",
                (self.channel_id,),
            )
            return cr.fetchone()[0]

    def _wait_until_blocked(self, cr, pid):
        for _attempt in range(100):
            cr.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
            )
            row = cr.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
        self.fail("the second transaction never waited for the first")

    @mute_logger("odoo.sql_db")
    def test_second_transaction_waits_then_finds_the_first_order(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            cr_b.execute("SELECT pg_backend_pid()")
            pid_b = cr_b.fetchone()[0]
            intake_a, order_a = self._intake(env_a)
            outcome = {}

            def submit_b():
                try:
                    outcome["result"] = self._intake(env_b)
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    outcome["error"] = exc

            thread = threading.Thread(target=submit_b)
            thread.start()
            with self.registry.cursor() as watcher:
                self._wait_until_blocked(watcher, pid_b)
            cr_a.commit()
            thread.join(timeout=30)
            self.assertIsInstance(outcome.get("error"), errors.SerializationFailure)
            # Odoo's request runner and queue_job retry a serialization failure
            # in a new transaction; so does this test.
            cr_b.rollback()
            env_b.invalidate_all()
            self.assertEqual(self._intake(env_b), (intake_a, order_a))
            cr_b.commit()
        self.assertEqual(self._count_orders(), 1)
