# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import time

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain.amazon import ORDERS_2026, ORDERS_V0, bucket_for
from oms_domain.amazon.lwa import TOKEN_URL

from ..components.amazon_backend import AmazonBackend
from .oms_connector_account import MANAGER_GROUP, _AccountLimiter


class OmsConnectorAccount(models.Model):
    """Amazon Selling Partner API accounts (the region's endpoint is the
    account's API Base URL, e.g. https://sellingpartnerapi-eu.amazon.com)."""

    # One file per platform, like the backends.
    _inherit = "oms.connector.account"  # pylint: disable=consider-merging-classes-inherited

    connector_type = fields.Selection(
        selection_add=[("amazon", "Amazon")], ondelete={"amazon": "cascade"}
    )
    amazon_marketplace_ids = fields.Char(
        string="Marketplace IDs",
        help="Comma-separated Amazon marketplace ids whose orders come in and "
        "whose listings get the stock, e.g. ATVPDKIKX0DER.",
    )
    amazon_seller_id = fields.Char(
        string="Seller ID", help="Merchant token of the selling partner."
    )
    amazon_lwa_client_id = fields.Char(
        string="LWA Client ID", groups=MANAGER_GROUP, copy=False
    )
    amazon_lwa_client_secret = fields.Char(
        string="LWA Client Secret", groups=MANAGER_GROUP, copy=False
    )
    amazon_refresh_token = fields.Char(
        string="LWA Refresh Token",
        groups=MANAGER_GROUP,
        copy=False,
        help="Refresh token of the seller's authorisation of the application.",
    )
    amazon_token_url = fields.Char(
        string="LWA Token URL", groups=MANAGER_GROUP, default=TOKEN_URL
    )
    amazon_orders_api = fields.Selection(
        [(ORDERS_2026, "2026-01-01"), (ORDERS_V0, "v0 (fallback)")],
        string="Orders API",
        default=ORDERS_2026,
        help="Orders API version the import uses; v0 reads each order's items "
        "with one more call.",
    )
    amazon_patch_limit = fields.Integer(
        string="Patch Up To (SKUs)",
        default=20,
        help="A stock push of at most this many SKUs patches each listing; more "
        "go in one JSON listings feed.",
    )
    amazon_product_type = fields.Char(
        string="Product Type",
        default="PRODUCT",
        help="Amazon product type sent with quantity patches.",
    )

    @api.constrains("connector_type", "amazon_patch_limit", "amazon_marketplace_ids")
    def _check_amazon(self):
        for account in self.filtered(lambda a: a.connector_type == "amazon"):
            if account.amazon_patch_limit < 0:
                raise ValidationError(
                    self.env._(
                        "Account %s: the patch limit cannot be negative.", account.name
                    )
                )

    def _compute_rate_limit_state(self):
        amazon = self.filtered(lambda a: a.connector_type == "amazon")
        res = super(OmsConnectorAccount, self - amazon)._compute_rate_limit_state()
        rows = {}
        if amazon.ids:
            self.env.cr.execute(
                "SELECT account_id, state FROM oms_connector_throttle "
                "WHERE account_id IN %s",
                (tuple(amazon.ids),),
            )
            rows = dict(self.env.cr.fetchall())
        now = time.time()
        for account in amazon:
            operations = json.loads(rows.get(account.id) or "{}").get("operations")
            account.rate_limit_state = (
                ", ".join(
                    "%s %s/%s"
                    % (
                        name,
                        int(bucket_for(name, state).projected(now)),
                        int(bucket_for(name, state).maximum),
                    )
                    for name, state in sorted(operations.items())
                )
                if isinstance(operations, dict)
                else False
            )
        return res

    def _oms_backend(self):
        if self.connector_type == "amazon":
            self.ensure_one()
            return AmazonBackend(self.sudo())
        return super()._oms_backend()

    def _oms_amazon_marketplaces(self):
        self.ensure_one()
        return [
            part.strip()
            for part in (self.amazon_marketplace_ids or "").split(",")
            if part.strip()
        ]

    def _oms_amazon_limiter(self, operation):
        """The documented bucket of one SP-API operation of this account."""
        self.ensure_one()
        return _OperationLimiter(self, operation)

    def _oms_take_order(self, mapped, raw):
        result = super()._oms_take_order(mapped, raw)
        marketplace = getattr(mapped, "marketplace_id", "")
        if marketplace:
            binding = (
                self.env["oms.connector.order.binding"]
                .sudo()
                .search(
                    [
                        ("account_id", "=", self.id),
                        ("external_id", "=", mapped.external_id),
                    ]
                )
            )
            if binding.amazon_marketplace_id != marketplace:
                binding.amazon_marketplace_id = marketplace
        return result


class _OperationLimiter(_AccountLimiter):
    """One SP-API operation's bucket (rate and burst of its usage plan),
    stored beside the others in the account's throttle row."""

    def __init__(self, account, operation):
        super().__init__(account)
        bucket_for(operation)  # an operation without a documented rate fails now
        self.operation = operation

    def _bucket_of(self, state):
        operations = state.get("operations") if isinstance(state, dict) else None
        return bucket_for(self.operation, (operations or {}).get(self.operation))

    def _state_with(self, state, bucket):
        state = dict(state) if isinstance(state, dict) else {}
        operations = dict(state.get("operations") or {})
        operations[self.operation] = bucket.to_dict()
        state["operations"] = operations
        return state
