# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from pathlib import Path

from odoo.tests import new_test_user

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "settlement"

AMAZON_COLUMNS = (
    "settlement-id settlement-start-date settlement-end-date deposit-date "
    "total-amount currency transaction-type order-id merchant-order-id "
    "adjustment-id shipment-id marketplace-name amount-type amount-description "
    "amount fulfillment-id posted-date posted-date-time order-item-code "
    "merchant-order-item-id merchant-adjustment-item-id sku quantity-purchased "
    "promotion-id"
).split()


def fixture_bytes(name):
    return (FIXTURES / name).read_bytes()


def amazon_file(rows, total, *, settlement_id="900001", currency="USD"):
    """A settlement report flat file V2: summary row, then (transaction type,
    order, amount type, description, amount) rows."""
    out = ["\t".join(AMAZON_COLUMNS)]
    summary = dict.fromkeys(AMAZON_COLUMNS, "")
    summary.update(
        {
            "settlement-id": settlement_id,
            "settlement-start-date": "2026-11-01 00:00:00 UTC",
            "settlement-end-date": "2026-11-15 00:00:00 UTC",
            "deposit-date": "2026-11-17 00:00:00 UTC",
            "total-amount": total,
            "currency": currency,
        }
    )
    out.append("\t".join(summary[c] for c in AMAZON_COLUMNS))
    for ttype, order, atype, desc, amount in rows:
        row = dict.fromkeys(AMAZON_COLUMNS, "")
        row.update(
            {
                "settlement-id": settlement_id,
                "transaction-type": ttype,
                "order-id": order,
                "amount-type": atype,
                "amount-description": desc,
                "amount": amount,
            }
        )
        out.append("\t".join(row[c] for c in AMAZON_COLUMNS))
    return ("\r\n".join(out) + "\r\n").encode()


class SettlementCommon:
    """Company A with a chart of accounts, a channel, a billing user of A; a
    company B with its own billing user; a salesman of A."""

    @classmethod
    def _setup_settlement_data(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls._company_with_chart("Settlement Company A")
        cls.company_b = cls._company_with_chart("Settlement Company B")
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Marketplace A",
                "code": "MKT_A",
                "channel_type": "marketplace",
                "company_id": cls.company_a.id,
            }
        )
        cls.accountant = new_test_user(
            cls.env,
            login="settle_accountant_a",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        cls.accountant_b = new_test_user(
            cls.env,
            login="settle_accountant_b",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="settle_salesman_a",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )

    @classmethod
    def _company_with_chart(cls, name):
        company = cls.env["res.company"].create(
            {"name": name, "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
        return company

    def _import(self, data, file_format, user=None, channel=None, **extra):
        user = user or self.accountant
        wizard = (
            self.env["oms.settlement.import.wizard"]
            .with_user(user)
            .with_company((channel or self.channel).company_id)
            .create(
                dict(
                    {
                        "channel_id": (channel or self.channel).id,
                        "file_format": file_format,
                        "file": base64.b64encode(data),
                        "filename": "settlement.txt",
                    },
                    **extra,
                )
            )
        )
        action = wizard.action_import()
        return self.env["oms.settlement"].browse(action["res_id"])
