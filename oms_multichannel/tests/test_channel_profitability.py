# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import menu_visible
from .common_accounting import ChannelAccountingCommon

FIGURES = [
    "sales",
    "refunds",
    "revenue",
    "shipping_charged",
    "cogs",
    "fees",
    "shipping_cost",
    "adjustments",
    "margin",
]


@tagged("post_install", "-at_install")
class TestChannelProfitability(ChannelAccountingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Hand-worked example, company currency, untaxed:
        #   invoice: 2 widgets x 10 + 1 gadget x 30 + shipping 5    = 55
        #   credit note (channel refund of one widget)              = 10
        #   cost of goods: 3 units delivered at standard cost 4      = 12
        #   settlement: marketplace fee 3, shipping label 2
        #   revenue 45, margin 45 - 12 - 3 - 2 = 28
        cls.order = cls._order(
            "WEB-3001",
            lines=[
                (cls.product, 2, 10.0),
                (cls.product_b, 1, 30.0),
                (cls.shipping_product, 1, 5.0),
            ],
            status="pending",
        )
        cls._deliver(cls.order)
        cls.env["sale.order"]._oms_channel_accounting_batch(limit=None)
        invoice = cls.order.invoice_ids
        wizard = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id})
        )
        wizard.refund_moves()
        credit_note = wizard.new_move_ids
        credit_note.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id)
                    for line in credit_note.invoice_line_ids
                    if line.product_id != cls.product
                ]
            }
        )
        credit_note.invoice_line_ids.quantity = 1
        credit_note.action_post()
        cls.expense = cls.env["account.account"].create(
            {"name": "Channel fees", "code": "TFEE01", "account_type": "expense"}
        )
        clearing = cls.clearing_journal.default_account_id
        misc = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        settlement = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": misc.id,
                "oms_channel_id": cls.channel.id,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cls.expense.id,
                            "debit": 3.0,
                            "oms_profit_role": "fee",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": cls.expense.id,
                            "debit": 2.0,
                            "oms_profit_role": "shipping",
                        }
                    ),
                    # the clearing side is tagged too: it must not count
                    Command.create(
                        {
                            "account_id": clearing.id,
                            "credit": 5.0,
                            "oms_profit_role": "fee",
                        }
                    ),
                ],
            }
        )
        settlement.action_post()
        cls.env.flush_all()

    def _figures(self, user, channel=None):
        report = self.env["oms.channel.profitability"].with_user(user)
        groups = report.read_group(
            [("channel_id", "=", (channel or self.channel).id)],
            FIGURES,
            ["channel_id"],
        )
        self.assertEqual(len(groups), 1)
        return {name: round(groups[0][name], 2) for name in FIGURES}

    def test_hand_worked_example(self):
        self.assertEqual(
            self._figures(self.billing_user),
            {
                "sales": 55.0,
                "refunds": 10.0,
                "revenue": 45.0,
                "shipping_charged": 5.0,
                "cogs": 12.0,
                "fees": 3.0,
                "shipping_cost": 2.0,
                "adjustments": 0.0,
                "margin": 28.0,
            },
        )

    def test_rows_per_warehouse_and_month(self):
        rows = self.env["oms.channel.profitability"].search(
            [("channel_id", "=", self.channel.id)]
        )
        month = fields.Date.context_today(rows).replace(day=1)
        self.assertEqual(set(rows.mapped("date")), {month})
        # order figures on the order's warehouse, settlement costs on none
        self.assertEqual(rows.warehouse_id, self.order.warehouse_id)
        by_warehouse = {row.warehouse_id: row for row in rows}
        self.assertEqual(by_warehouse[self.order.warehouse_id].cogs, 12.0)
        self.assertEqual(by_warehouse[self.env["stock.warehouse"]].fees, 3.0)
        action = by_warehouse[
            self.env["stock.warehouse"]
        ].action_oms_open_journal_items()
        items = self.env["account.move.line"].search(action["domain"])
        self.assertIn(self.expense, items.account_id)

    def test_access(self):
        oms_manager = new_test_user(
            self.env,
            login="oms_profit_manager",
            groups="oms_multichannel.group_oms_multichannel_manager",
        )
        self.assertEqual(self._figures(oms_manager)["margin"], 28.0)
        with self.assertRaises(AccessError):
            self.env["oms.channel.profitability"].with_user(self.salesman).search([])
        menu = self.env.ref(
            "oms_multichannel.oms_channel_profitability_menu_accounting"
        )
        self.assertTrue(menu_visible(menu, self.billing_user))
        self.assertFalse(menu_visible(menu, self.salesman))

    def test_other_company_sees_nothing(self):
        company_b = self.env["res.company"].create({"name": "OMS Profit B"})
        user_b = new_test_user(
            self.env,
            login="oms_profit_b",
            groups="base.group_user,account.group_account_invoice",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.assertFalse(
            self.env["oms.channel.profitability"].with_user(user_b).search([])
        )
