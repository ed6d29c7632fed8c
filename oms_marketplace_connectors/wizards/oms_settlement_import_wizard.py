# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import json
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from oms_domain.settlement import (
    ImportDecision,
    Problem,
    ProblemCode,
    SettlementError,
    open_text,
    read_amazon,
    read_shopify,
    read_stripe,
)

from ..models.oms_settlement_problem import problem_text

FORMATS = [
    ("amazon_v2", "Amazon settlement report (flat file V2)"),
    ("stripe_balance", "Stripe balance report (WooCommerce payouts)"),
    ("shopify_payout", "Shopify payout (JSON)"),
]


class OmsSettlementImportWizard(models.TransientModel):
    """Upload a settlement or payout file of a channel and book it."""

    _name = "oms.settlement.import.wizard"
    _description = "Import a Marketplace Settlement"

    channel_id = fields.Many2one("oms.channel", required=True)
    connector_account_id = fields.Many2one(
        "oms.connector.account",
        domain="[('channel_id', '=', channel_id)]",
        help="Account of the channel the file comes from, when it has several.",
    )
    file_format = fields.Selection(FORMATS, string="Format", required=True)
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    payout_amount = fields.Float(
        digits=(16, 2),
        help="Stripe reports without a payout row: the amount paid out, to "
        "check the report against.",
    )

    @api.onchange("channel_id")
    def _onchange_channel_id(self):
        if self.connector_account_id.channel_id != self.channel_id:
            self.connector_account_id = False

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        if not data:
            raise UserError(self.env._("The file is empty."))
        parsed = self._oms_parse(data)
        settlement, decision = self.env["oms.settlement"]._oms_import(
            self.channel_id,
            parsed,
            connector_account=self.connector_account_id or None,
            filename=self.filename,
            data=data,
        )
        if decision is ImportDecision.DUPLICATE:
            raise UserError(
                self.env._(
                    "Settlement %(name)s has already been imported (%(date)s): "
                    "nothing was changed.",
                    name=settlement.name,
                    date=settlement.create_date,
                )
            )
        if decision is ImportDecision.CONFLICT:
            raise UserError(
                self.env._(
                    "Settlement %(name)s was imported before with other amounts: "
                    "nothing was changed. Ask the marketplace which file is right; "
                    "to book the new one, reverse and delete the old settlement.",
                    name=settlement.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.settlement",
            "res_id": settlement.id,
            "view_mode": "form",
        }

    def _oms_parse(self, data):
        account = (self.connector_account_id or self.channel_id).code or ""
        try:
            if self.file_format == "amazon_v2":
                return read_amazon(open_text(io.BytesIO(data)), account=account)
            if self.file_format == "stripe_balance":
                return read_stripe(
                    open_text(io.BytesIO(data)),
                    account=account,
                    payout_amount=_decimal(self.payout_amount),
                )
            return self._oms_parse_shopify(data, account)
        except SettlementError as error:
            raise UserError(
                self.env._(
                    "This file cannot be read as the format chosen: %(reason)s",
                    reason=problem_text(
                        self.env, Problem(ProblemCode(error.code), error.params)
                    ),
                )
            ) from error

    def _oms_parse_shopify(self, data, account):
        """A JSON file of one payout with its balance transactions:
        ``{"payout": {...}, "transactions": [...]}`` (REST), or GraphQL's
        ``{"payout": {...}, "data": {...}}``."""
        try:
            document = json.loads(data)
        except ValueError as error:
            raise UserError(
                self.env._("This file is not JSON: %(error)s", error=error)
            ) from error
        if not isinstance(document, dict) or not isinstance(
            document.get("payout"), dict
        ):
            raise UserError(
                self.env._(
                    "A Shopify payout file holds an object with the payout under "
                    '"payout" and its balance transactions under "transactions".'
                )
            )
        payout = document.pop("payout")
        return read_shopify(document, payout=payout, account=account)


def _decimal(value):
    return Decimal(format(value, ".2f")) if value else None
