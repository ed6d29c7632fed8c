# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import threading
import time
import uuid

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from oms_domain.settlement import ImportDecision, read_amazon

from .common_settlement import amazon_file

ROWS = [
    ("Order", "111-0000001-0000001", "ItemPrice", "Principal", "100.00"),
    ("Order", "111-0000001-0000001", "ItemFees", "Commission", "-15.00"),
]


@tagged("post_install", "-at_install")
class TestSettlementConcurrency(TransactionCase):
    """Two real database connections import the same settlement at once."""

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].search(
                [("chart_template", "!=", False)], limit=1
            )
            if not company:
                self.skipTest("no company with a chart of accounts")
            self.channel_id = (
                env["oms.channel"]
                .create(
                    {
                        "name": "Settle race %s" % self.token,
                        "code": "SR%s" % self.token,
                        "channel_type": "marketplace",
                        "company_id": company.id,
                    }
                )
                .id
            )
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            settlements = env["oms.settlement"].search(
                [("channel_id", "=", self.channel_id)]
            )
            moves = settlements.move_id
            settlements.attachment_id.unlink()
            settlements.unlink()
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            env["oms.channel"].browse(self.channel_id).unlink()

    def _import(self, env):
        channel = env["oms.channel"].browse(self.channel_id)
        env = env(context=dict(env.context, allowed_company_ids=channel.company_id.ids))
        parsed = read_amazon(
            io.StringIO(
                amazon_file(ROWS, "85.00", settlement_id=self.token).decode(),
                newline="",
            )
        )
        return env["oms.settlement"]._oms_import(channel.with_env(env), parsed)

    def _wait_until_blocked(self, cr, pid):
        for _attempt in range(200):
            cr.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
            )
            row = cr.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
        self.fail("the second import never waited for the first")

    @mute_logger("odoo.sql_db")
    def test_second_import_waits_then_books_nothing(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            cr_b.execute("SELECT pg_backend_pid()")
            pid_b = cr_b.fetchone()[0]
            _settlement, decision = self._import(env_a)
            self.assertEqual(decision, ImportDecision.NEW)
            outcome = {}

            def import_b():
                try:
                    outcome["result"] = self._import(env_b)
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    outcome["error"] = exc

            thread = threading.Thread(target=import_b)
            thread.start()
            with self.registry.cursor() as watcher:
                self._wait_until_blocked(watcher, pid_b)
            cr_a.commit()
            thread.join(timeout=60)
            # the loser is told to try again; trying again, it finds the
            # settlement imported and books nothing
            self.assertIsInstance(outcome.get("error"), UserError, outcome)
            self.assertIn("someone else", str(outcome["error"]))
            cr_b.rollback()
            env_b.invalidate_all()
            _again, decision = self._import(env_b)
            self.assertEqual(decision, ImportDecision.DUPLICATE)
            cr_b.commit()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM oms_settlement WHERE channel_id = %s",
                (self.channel_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1)
            cr.execute(
                "SELECT count(*) FROM account_move WHERE oms_channel_id = %s",
                (self.channel_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1)
