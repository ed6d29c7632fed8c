# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from oms_domain import ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.settlement import read_shopify

from ..components.shopify_payments import ShopifyPaymentsAdapter

ACCOUNTING_GROUP = "account.group_account_invoice"


class OmsConnectorAccount(models.Model):
    """Shopify Payments payouts booked as settlements of the account's channel."""

    _inherit = "oms.connector.account"

    import_payouts = fields.Boolean(
        help="The scheduled job books the account's paid Shopify Payments payouts "
        "(with their balance transactions) as settlements.",
    )
    payouts_since = fields.Date(
        help="Payouts paid before this day are not imported.",
    )
    settlement_count = fields.Integer(
        compute="_compute_settlement_count", groups=ACCOUNTING_GROUP
    )

    def _compute_settlement_count(self):
        groups = self.env["oms.settlement"]._read_group(
            [("connector_account_id", "in", self.ids)],
            ["connector_account_id"],
            ["__count"],
        )
        counts = {account.id: count for account, count in groups}
        for account in self:
            account.settlement_count = counts.get(account.id, 0)

    # Actions -----------------------------------------------------------------------

    def action_import_payouts(self):
        self._oms_check_settlement_rights()
        for account in self:
            account._oms_enqueue_payouts()
        return self._oms_notify("info", self.env._("The payout import is queued."))

    def action_view_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_marketplace_connectors.oms_settlement_action"
        )
        action["domain"] = [("connector_account_id", "=", self.id)]
        return action

    # Jobs ----------------------------------------------------------------------------

    @api.model
    def _cron_oms_import_payouts(self):
        for account in self.search(
            [("import_payouts", "=", True), ("connector_type", "=", "shopify")]
        ):
            account._oms_enqueue_payouts()

    def _oms_enqueue_payouts(self):
        self.ensure_one()
        return self._oms_delay(
            ratelimit.PRIORITY_CATALOGUE,
            "oms_payouts:%s" % self.id,
            self.env._("Payout import: %s", self.name),
        )._oms_import_payouts()

    def _oms_import_payouts(self):
        """Job: book the paid payouts not imported yet; returns how many."""
        self.ensure_one()
        self._oms_check_settlement_rights()
        if self.connector_type != "shopify":
            return 0
        account = self.sudo()
        adapter = account._oms_payments_adapter()
        settlements = self.env["oms.settlement"]
        channel = self.channel_id
        count = 0
        try:
            for payout in adapter.payouts(
                account.payouts_since and account.payouts_since.isoformat()
            ):
                key = "shopify:%s:%s" % (account.code, payout.get("id"))
                if settlements.sudo().search_count(
                    [
                        ("company_id", "=", channel.company_id.id),
                        ("idempotency_key", "=", key),
                    ]
                ):
                    continue
                parsed = read_shopify(
                    adapter.balance_transactions(payout.get("id")),
                    payout=payout,
                    account=account.code,
                )
                settlements._oms_import(channel, parsed, connector_account=self)
                count += 1
        except ConnectorError as error:
            account._oms_retry_or_raise(error)
        account._oms_record_success()
        return count

    def _oms_payments_adapter(self):
        account = self.sudo()
        return ShopifyPaymentsAdapter(
            account.api_url,
            account.api_version,
            account.access_token,
            timeout=account.timeout,
            allow_private=account.allow_private,
            limiter=account._oms_limiter(),
        )

    def _oms_check_settlement_rights(self):
        if not self.env.su and not self.env.user.has_group(ACCOUNTING_GROUP):
            raise AccessError(
                self.env._("Only accounting users can import settlements and payouts.")
            )
