# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
import logging
import random
import re
import secrets
import time
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.queue_job.exception import RetryableJobError

from oms_domain import connector as codes
from oms_domain import ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.outbound import OutboundRefused, check_url
from oms_domain.retry import retry_delay

from ..components.shopify_backend import ShopifyBackend
from ..components.woocommerce_backend import WooCommerceBackend

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "oms_marketplace_connectors.group_oms_marketplace_connectors_manager"
LIMITER_TRIES = 5
USER_GROUP = "oms_marketplace_connectors.group_oms_marketplace_connectors_user"


class OmsConnectorAccount(models.Model):
    """One marketplace or shop account feeding one sales channel.

    Connector types bring a backend (``_oms_backend()``; this addon: Shopify);
    the webhook front door, polling, limiter, bindings and events are shared
    by every type.
    """

    _name = "oms.connector.account"
    _description = "Connector Account"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    connector_type = fields.Selection(
        [("shopify", "Shopify"), ("woocommerce", "WooCommerce")],
        string="Type",
        required=True,
        default="shopify",
    )
    channel_id = fields.Many2one(
        "oms.channel",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        help="Sales channel whose orders come from this account.",
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    code = fields.Char(
        required=True,
        help="Technical name: the account's job channel is root.oms.<code>.",
    )
    api_url = fields.Char(
        string="API Base URL",
        groups=MANAGER_GROUP,
        help="e.g. https://my-shop.myshopify.com",
    )
    api_key = fields.Char(
        string="Consumer Key",
        groups=MANAGER_GROUP,
        copy=False,
        help="WooCommerce: the REST API consumer key (the access token field "
        "holds its consumer secret).",
    )
    api_version = fields.Char(string="API Version", default="2025-01", required=True)
    access_token = fields.Char(groups=MANAGER_GROUP, copy=False)
    webhook_secret = fields.Char(
        groups=MANAGER_GROUP,
        copy=False,
        help="Key the platform signs webhook deliveries with (Shopify: the app's "
        "client secret; WooCommerce: the webhook's secret).",
    )
    webhook_token = fields.Char(
        groups=MANAGER_GROUP,
        copy=False,
        readonly=True,
        default=lambda self: secrets.token_urlsafe(24),
        help="Unguessable part of this account's webhook address.",
    )
    webhook_url = fields.Char(compute="_compute_webhook_url", groups=MANAGER_GROUP)
    allow_private = fields.Boolean(
        string="Allow Private Addresses",
        groups=MANAGER_GROUP,
        help="Let the connector call loopback or private network addresses "
        "(sandbox, tests). Leave off for real marketplaces.",
    )
    timeout = fields.Float(string="Timeout (s)", default=10.0)
    replay_window_hours = fields.Integer(
        string="Replay Window (h)",
        default=24,
        help="Webhook deliveries triggered longer ago than this are refused.",
    )
    poll_enabled = fields.Boolean(
        string="Poll Orders",
        default=True,
        help="The scheduled import asks the API for orders updated since the last "
        "run, in case a webhook was missed.",
    )
    poll_overlap_minutes = fields.Integer(
        string="Polling Overlap (min)",
        default=10,
        help="Each run asks again for this many minutes before the last one.",
    )
    poll_state = fields.Text(readonly=True, copy=False, groups=MANAGER_GROUP)
    poll_watermark = fields.Char(
        string="Imported Up To", compute="_compute_poll_watermark"
    )
    event_keep_days = fields.Integer(
        string="Keep Events (days)",
        default=30,
        help="Processed webhook events older than this are deleted.",
    )
    push_fulfillments = fields.Boolean(
        string="Send Shipments",
        default=True,
        help="A done delivery of an order of this account creates the fulfillment "
        "with its tracking number on the platform.",
    )
    push_refunds = fields.Boolean(
        string="Send Refunds",
        default=True,
        help="A settled return of an order of this account creates the refund "
        "on the platform.",
    )
    # Health
    last_success_at = fields.Datetime(readonly=True, copy=False)
    last_error_at = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Char(
        readonly=True, copy=False, help="What went wrong last, in plain words."
    )
    last_error_detail = fields.Text(
        readonly=True, copy=False, groups=MANAGER_GROUP, help="Technical detail."
    )
    health = fields.Selection(
        [("unknown", "Not Used Yet"), ("ok", "Working"), ("error", "Failing")],
        default="unknown",
        readonly=True,
        copy=False,
        help="Result of the last call to the platform.",
    )
    rate_limit_state = fields.Char(
        string="Rate Limit",
        compute="_compute_rate_limit_state",
        help="The API budget as last reported by the platform.",
    )
    # Bindings
    product_binding_ids = fields.One2many("oms.connector.product.binding", "account_id")
    location_binding_ids = fields.One2many(
        "oms.connector.location.binding", "account_id"
    )
    product_binding_count = fields.Integer(compute="_compute_counts")
    order_binding_count = fields.Integer(compute="_compute_counts")
    event_failed_count = fields.Integer(compute="_compute_counts")
    auto_bind_report = fields.Text(readonly=True, copy=False)

    _sql_constraints = [
        ("channel_uniq", "unique(channel_id)", "A channel has one connector account."),
        ("code_uniq", "unique(code)", "The account code must be unique."),
        (
            "webhook_token_uniq",
            "unique(webhook_token)",
            "The webhook token must be unique.",
        ),
    ]

    @api.depends("webhook_token")
    def _compute_webhook_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for account in self:
            account.webhook_url = "%s/oms/webhook/%s" % (base, account.webhook_token)

    def _compute_rate_limit_state(self):
        rows = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT account_id, state FROM oms_connector_throttle "
                "WHERE account_id IN %s",
                (tuple(self.ids),),
            )
            rows = dict(self.env.cr.fetchall())
        for account in self:
            if account.id not in rows:
                account.rate_limit_state = False
                continue
            bucket = ratelimit.Bucket.from_dict(json.loads(rows[account.id] or "{}"))
            account.rate_limit_state = self.env._(
                "%(available)s of %(maximum)s points, %(rate)s points/s",
                available=int(bucket.projected(time.time())),
                maximum=int(bucket.maximum),
                rate=int(bucket.restore_rate),
            )

    def _compute_poll_watermark(self):
        for account in self:
            state = json.loads(account.sudo().poll_state or "{}")
            account.poll_watermark = state.get("watermark") or False

    def _compute_counts(self):
        def count(model, domain):
            groups = self.env[model]._read_group(
                [("account_id", "in", self.ids)] + domain, ["account_id"], ["__count"]
            )
            return {account.id: total for account, total in groups}

        products = count("oms.connector.product.binding", [])
        orders = count("oms.connector.order.binding", [])
        failed = count("oms.connector.event", [("state", "=", "failed")])
        for account in self:
            account.product_binding_count = products.get(account.id, 0)
            account.order_binding_count = orders.get(account.id, 0)
            account.event_failed_count = failed.get(account.id, 0)

    @api.constrains("code")
    def _check_code(self):
        for account in self:
            if not re.fullmatch(r"[a-z0-9_]+", account.code or ""):
                raise ValidationError(
                    self.env._(
                        "Account %s: the code takes lower-case letters, digits and "
                        "underscores only.",
                        account.name,
                    )
                )

    @api.constrains("api_url", "allow_private")
    def _check_api_url(self):
        for account in self.sudo().filtered("api_url"):
            try:
                check_url(account.api_url, allow_private=account.allow_private)
            except OutboundRefused as error:
                raise ValidationError(
                    self.env._(
                        "Account %(account)s: %(reason)s.",
                        account=account.name,
                        reason=account._oms_error_message(
                            ConnectorError(codes.URL_REFUSED, error.code)
                        ),
                    )
                ) from error

    @api.constrains("timeout", "replay_window_hours", "event_keep_days")
    def _check_numbers(self):
        for account in self:
            if account.timeout <= 0 or account.replay_window_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Account %s: timeout and replay window must be positive.",
                        account.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        accounts._oms_ensure_job_channel()
        return accounts

    def write(self, vals):
        res = super().write(vals)
        if "code" in vals:
            self._oms_ensure_job_channel()
        return res

    def unlink(self):
        self.env["oms.connector.throttle"].sudo().search(
            [("account_id", "in", self.ids)]
        ).unlink()
        return super().unlink()

    # Actions -------------------------------------------------------------------

    def _oms_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP) and not self.env.su:
            raise AccessError(
                self.env._("Only connector managers can do this on an account.")
            )

    def action_test_connection(self):
        """Call the API once and say plainly whether it works."""
        self.ensure_one()
        self._oms_check_manager()
        account = self.sudo()
        try:
            name = account._oms_backend().test()
        except ConnectorError as error:
            account._oms_record_error(error)
            return self._oms_notify(
                "danger",
                self.env._("Connection failed: %s", self._oms_error_message(error)),
            )
        account._oms_record_success()
        return self._oms_notify(
            "success", self.env._("Connection works: %s answered.", name)
        )

    def action_regenerate_webhook_token(self):
        self._oms_check_manager()
        for account in self.sudo():
            account.webhook_token = secrets.token_urlsafe(24)
        return True

    def action_import_now(self):
        self.check_access("write")
        for account in self:
            account.sudo()._oms_enqueue_poll()
        return self._oms_notify("info", self.env._("The order import is queued."))

    def action_auto_bind(self):
        """Bind the platform's variants to products by SKU; report the rest."""
        self.ensure_one()
        self._oms_check_manager()
        account = self.sudo()
        try:
            bound, unmatched, ambiguous = account._oms_backend().auto_bind()
        except ConnectorError as error:
            account._oms_record_error(error)
            raise UserError(self._oms_error_message(error)) from error
        report = [self.env._("%s variants bound by SKU.", bound)]
        if unmatched:
            report.append(
                self.env._(
                    "No product with these SKUs (%(count)s): %(skus)s",
                    count=len(unmatched),
                    skus=", ".join(map(str, unmatched[:200])),
                )
            )
        if ambiguous:
            report.append(
                self.env._(
                    "Several products share these SKUs (%(count)s): %(skus)s",
                    count=len(ambiguous),
                    skus=", ".join(map(str, ambiguous[:200])),
                )
            )
        account.auto_bind_report = "\n".join(report)
        account._oms_record_success()
        return self._oms_notify(
            "warning" if unmatched or ambiguous else "success", "\n".join(report)
        )

    def action_fetch_locations(self):
        """Create a binding for each location of the platform not bound yet."""
        self.ensure_one()
        self._oms_check_manager()
        account = self.sudo()
        try:
            created = account._oms_backend().fetch_locations()
        except ConnectorError as error:
            account._oms_record_error(error)
            raise UserError(self._oms_error_message(error)) from error
        account._oms_record_success()
        return self._oms_notify(
            "success", self.env._("%s new locations to map.", created)
        )

    def action_view_product_bindings(self):
        return self._oms_action("oms_connector_product_binding_action")

    def action_view_order_bindings(self):
        return self._oms_action("oms_connector_order_binding_action")

    def action_view_events(self):
        return self._oms_action("oms_connector_event_action")

    def _oms_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_marketplace_connectors.%s" % xmlid
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    def _oms_notify(self, kind, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "message": message, "sticky": kind == "danger"},
        }

    # Health and messages ------------------------------------------------------

    def _oms_error_message(self, error):
        """THE place where connector error codes become sentences."""
        messages = {
            codes.UNREACHABLE: self.env._("the platform cannot be reached"),
            codes.TIMEOUT: self.env._("the platform did not answer in time"),
            codes.THROTTLED: self.env._("the platform's rate limit was reached"),
            codes.SERVER_ERROR: self.env._("the platform had an internal error"),
            codes.AUTH: self.env._("the access token was refused"),
            codes.CLIENT_ERROR: self.env._("the platform refused the request"),
            codes.BAD_RESPONSE: self.env._("the platform's answer was unreadable"),
            codes.API_ERROR: self.env._("the platform reported an error"),
            codes.USER_ERRORS: self.env._("the platform refused the data"),
            codes.URL_REFUSED: self.env._(
                "the API address is not allowed (only public http(s) addresses, "
                "unless private addresses are allowed on the account)"
            ),
            codes.NOT_FOUND: self.env._("the API address was not found"),
        }
        return messages.get(getattr(error, "code", None), str(error))

    def _oms_record_success(self):
        self.sudo().write({"last_success_at": fields.Datetime.now(), "health": "ok"})

    def _oms_record_error(self, error):
        self.sudo().write(
            {
                "last_error_at": fields.Datetime.now(),
                "health": "error",
                "last_error": self._oms_error_message(error),
                "last_error_detail": getattr(error, "detail", "") or str(error),
            }
        )

    # Jobs ----------------------------------------------------------------------

    @api.model
    def _oms_job_channel_name(self, code):
        return "root.oms.%s" % code

    def _oms_ensure_job_channel(self):
        """One queue_job channel per account: its capacity bounds the account's
        concurrent calls (set it in the server's ``[queue_job] channels``)."""
        channel_model = self.env["queue.job.channel"].sudo()
        parent = self.env.ref("oms_marketplace_connectors.queue_job_channel_oms")
        for account in self:
            if not channel_model.search(
                [("complete_name", "=", account._oms_job_channel_name(account.code))]
            ):
                channel_model.create({"name": account.code, "parent_id": parent.id})

    def _oms_delay(self, priority, identity_key, description, eta=None, record=None):
        """``with_delay`` on the account's job channel at ``priority``'s rank."""
        self.ensure_one()
        return (record if record is not None else self).with_delay(
            channel=self._oms_job_channel_name(self.code),
            priority=ratelimit.JOB_PRIORITY[priority],
            identity_key=identity_key,
            description=description,
            eta=eta,
        )

    def _oms_retry_or_raise(self, error):
        """Inside a job: retryable connector errors postpone the job."""
        if isinstance(error, ConnectorError) and error.retryable:
            attempt = self.env.context.get("job_uuid") and self._oms_job_attempt()
            raise RetryableJobError(
                self._oms_error_message(error),
                seconds=retry_delay(attempt or 1, error.retry_after),
                ignore_retry=error.code == codes.THROTTLED,
            ) from error
        self._oms_record_error(error)
        raise UserError(self._oms_error_message(error)) from error

    def _oms_job_attempt(self):
        job = (
            self.env["queue.job"]
            .sudo()
            .search([("uuid", "=", self.env.context.get("job_uuid"))], limit=1)
        )
        return job.retry + 1 if job else 1

    # Connector types -----------------------------------------------------------

    def _oms_backend(self):
        """The object doing the platform's work for this account.

        Connector types register theirs here: extend this method, return your
        backend for your ``connector_type`` and ``super()`` for the others. A
        backend has ``test()``, ``import_page()``, ``handle_event(event)``,
        ``auto_bind()``, ``fetch_locations()``, ``push_fulfillment(picking,
        binding)``, ``push_refund(refund, lines, amount)`` and
        ``stock_exporter()``.
        """
        self.ensure_one()
        if self.connector_type == "shopify":
            return ShopifyBackend(self.sudo())
        if self.connector_type == "woocommerce":
            return WooCommerceBackend(self.sudo())
        raise UserError(
            self.env._("No connector for accounts of type %s.", self.connector_type)
        )

    # Rate limiter shared by every job process ----------------------------------

    def _oms_limiter(self):
        self.ensure_one()
        return _AccountLimiter(self)

    # Polling -------------------------------------------------------------------

    @api.model
    def _cron_oms_poll(self):
        for account in self.search([("poll_enabled", "=", True)]):
            account._oms_enqueue_poll()

    def _oms_enqueue_poll(self):
        self.ensure_one()
        state = json.loads(self.sudo().poll_state or "{}")
        return self._oms_delay(
            ratelimit.PRIORITY_ORDERS,
            "oms_poll:%s:%s" % (self.id, state.get("cursor") or "start"),
            self.env._("Order import page: %s", self.name),
        )._oms_import_page()

    def _oms_import_page(self):
        """Job: import one page of orders updated since the watermark."""
        self.ensure_one()
        account = self.sudo()
        try:
            result = account._oms_backend().import_page()
        except ConnectorError as error:
            account._oms_retry_or_raise(error)
        account._oms_record_success()
        return result

    @api.model
    def _cron_oms_purge_events(self):
        for account in self.with_context(active_test=False).search([]):
            limit = fields.Datetime.now() - timedelta(days=account.event_keep_days)
            self.env["oms.connector.event"].search(
                [
                    ("account_id", "=", account.id),
                    ("state", "in", ("done", "ignored")),
                    ("create_date", "<", limit),
                ]
            ).unlink()

    # Orders of every connector type ------------------------------------------

    def _oms_take_order(self, mapped, raw):
        """Take in one mapped order (webhook or polling) exactly once.

        :param mapped: object with ``external_id``, ``name``, ``normalized``,
            ``updated_at``, ``cancelled_at``, ``financial_status``,
            ``customer_id`` and ``refunds`` (see ``oms_domain.shopify``)
        :param raw: the platform's payload as received (str, bytes or dict)
        :return: ``"done"``, or ``"ignored"`` for a version of the order not
            newer than the one already taken in (context ``oms_replay``: the
            same version is taken in again)
        """
        self.ensure_one()
        binding_model = self.env["oms.connector.order.binding"].sudo()
        binding = binding_model.search(
            [("account_id", "=", self.id), ("external_id", "=", mapped.external_id)]
        )
        # The same version again (webhook and polling, a platform's retry)
        # or an older one (deliveries out of order): nothing to do, unless
        # a person asked to replay it.
        digest = self._oms_order_digest(mapped)
        known = binding.external_updated_at
        if known and mapped.updated_at and not self.env.context.get("oms_replay"):
            if mapped.updated_at < known or (
                mapped.updated_at == known and digest == binding.external_digest
            ):
                return "ignored"
        intake = (
            self.env["oms.order.intake"]
            .sudo()
            .with_company(self.company_id)
            .with_context(oms_connector_account_id=self.id)
            .intake_order(self.channel_id, mapped.normalized, raw)
        )
        vals = {
            "intake_id": intake.id,
            "name": mapped.name,
            "external_updated_at": mapped.updated_at,
            "external_digest": digest,
            "cancelled_at": mapped.cancelled_at,
            "financial_status": mapped.financial_status,
        }
        if binding:
            binding.write(vals)
        else:
            # The intake row lock serializes two takes of this order: no race.
            binding = binding_model.create(
                dict(vals, account_id=self.id, external_id=mapped.external_id)
            )
        self._oms_bind_customer(mapped.customer_id, intake.sale_order_id)
        self._oms_record_platform_refunds(binding, mapped.refunds)
        if mapped.cancelled_at:
            self._oms_cancel_from_platform(binding)
        return "done"

    @api.model
    def _oms_order_digest(self, mapped):
        """Fingerprint of what we take from an order version: two changes in
        the same second (the platform's precision) are still two versions."""
        content = json.dumps(
            [
                mapped.normalized,
                mapped.cancelled_at,
                mapped.financial_status,
                [refund.external_id for refund in mapped.refunds],
            ],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(content.encode()).hexdigest()

    def _oms_bind_customer(self, customer_id, order):
        if not customer_id or not order:
            return
        model = self.env["oms.connector.partner.binding"].sudo()
        if not model.search_count(
            [("account_id", "=", self.id), ("external_id", "=", customer_id)], limit=1
        ):
            model.create(
                {
                    "account_id": self.id,
                    "external_id": customer_id,
                    "partner_id": order.partner_id.id,
                }
            )

    def _oms_record_platform_refunds(self, binding, refunds):
        if not refunds:
            return
        refund_model = self.env["oms.connector.refund"].sudo()
        known = set(
            refund_model.search(
                [("account_id", "=", self.id), ("order_binding_id", "=", binding.id)]
            ).mapped("external_id")
        )
        order = binding.sale_order_id
        for refund in refunds:
            if not refund.external_id or refund.external_id in known:
                continue
            refund_model.create(
                {
                    "account_id": self.id,
                    "external_id": refund.external_id,
                    "order_binding_id": binding.id,
                    "origin": "platform",
                    "amount": refund.amount,
                    "currency": refund.currency,
                    "note": refund.note[:250],
                    "refunded_at": refund.created_at,
                }
            )
            if order:
                order.message_post(
                    body=self.env._(
                        "%(account)s refunded %(amount)s %(currency)s to the "
                        "customer (%(note)s). Check the invoice and the stock.",
                        account=self.name,
                        amount=refund.amount,
                        currency=refund.currency,
                        note=refund.note or "-",
                    )
                )

    def _oms_cancel_from_platform(self, binding):
        """Cancel the sale order the platform cancelled, when nothing left."""
        order = binding.sale_order_id
        if not order or order.state == "cancel":
            return
        shipped = order.picking_ids.filtered(lambda p: p.state == "done")
        reason = False
        if shipped:
            reason = self.env._(
                "Cancelled on %s, but goods already left: handle it by hand.",
                self.name,
            )
        else:
            try:
                with self.env.cr.savepoint():
                    order.with_context(disable_cancel_warning=True)._action_cancel()
            except UserError as error:
                reason = self.env._(
                    "Cancelled on %(account)s, but Odoo refused: %(error)s",
                    account=self.name,
                    error=str(error),
                )
        if reason:
            order.oms_exception = reason
            order.message_post(body=reason)
        else:
            order.message_post(
                body=self.env._("Cancelled on %s: cancelled here too.", self.name)
            )

    def _oms_record_failed_payload(self, topic, key, payload, message):
        """Keep a payload we could not map as a failed event (nothing lost)."""
        event_model = self.env["oms.connector.event"].sudo()
        event = event_model.search(
            [("account_id", "=", self.id), ("delivery_id", "=", key)]
        )
        vals = {
            "state": "failed",
            "error": message,
            "body": json.dumps(payload, sort_keys=True, default=str),
        }
        if event:
            event.write(vals)
            return event
        return event_model.create(
            dict(vals, account_id=self.id, delivery_id=key, topic=topic)
        )

    def _oms_queue_return_refund(self, values):
        """Record and queue the refund of a settled return, per order."""
        self.ensure_one()
        refund_model = self.env["oms.connector.refund"].sudo()
        queued = False
        by_order = {}
        for line in values.get("lines") or []:
            by_order.setdefault(line.get("order_id"), []).append(line)
        for order_id, lines in by_order.items():
            binding = (
                self.env["oms.connector.order.binding"]
                .sudo()
                .search(
                    [("account_id", "=", self.id), ("sale_order_id", "=", order_id)],
                    limit=1,
                )
            )
            if not binding:
                continue
            return_ref = "%s:%s" % (values.get("reference"), order_id)
            if refund_model.search_count(
                [("account_id", "=", self.id), ("return_ref", "=", return_ref)]
            ):
                queued = True
                continue
            items = self._oms_line_items_of(binding, lines)
            refund = refund_model.create(
                {
                    "account_id": self.id,
                    "order_binding_id": binding.id,
                    "origin": "odoo",
                    "state": "pending",
                    "return_ref": return_ref,
                    "currency": values.get("currency"),
                    "note": values.get("reference"),
                    "amount": "%.2f" % sum(line.get("amount") or 0 for line in lines),
                    "lines_json": json.dumps(items),
                }
            )
            self._oms_delay(
                "fulfilments",
                "oms_refund:%s" % refund.id,
                self.env._(
                    "Refund %(ref)s to %(account)s",
                    ref=values.get("reference"),
                    account=self.name,
                ),
                record=refund,
            )._oms_push()
            queued = True
        return queued

    def _oms_line_items_of(self, binding, lines):
        """[(external line id, quantity)] of returned lines, through the SKUs
        of the normalized order the intake kept."""
        normalized = json.loads(binding.intake_id.sudo().normalized or "{}")
        by_sku = {}
        for line in normalized.get("lines") or []:
            if isinstance(line, dict) and line.get("external_line_id"):
                by_sku.setdefault(line.get("sku"), line["external_line_id"])
        items = []
        for line in lines:
            external = by_sku.get(line.get("sku"))
            if external and line.get("quantity"):
                items.append((external, int(line["quantity"])))
        return items


class _AccountLimiter:
    """The account's bucket, read and written in its own short transaction.

    The row is locked only for the read-modify-write of a few bytes, never
    while a call is in flight, and is not a row that sales touch.
    """

    def __init__(self, account):
        self.account_id = account.id
        self.registry = account.env.registry
        self.env = account.env

    def _update(self, change):
        for attempt in range(1, LIMITER_TRIES + 1):
            try:
                return self._update_once(change)
            except psycopg2.errors.SerializationFailure:
                if attempt == LIMITER_TRIES:
                    raise
                time.sleep(random.uniform(0.0, 0.05 * attempt))
        return None

    def _update_once(self, change):
        with self.registry.cursor() as cr:
            if not self.registry.in_test_mode():
                # A counter row: wait for the other process's update and read
                # it, rather than fail to serialize (Odoo's default level).
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute(
                "INSERT INTO oms_connector_throttle (account_id, state) "
                "VALUES (%s, '{}') ON CONFLICT (account_id) DO NOTHING",
                (self.account_id,),
                log_exceptions=False,
            )
            cr.execute(
                "SELECT state FROM oms_connector_throttle WHERE account_id = %s "
                "FOR UPDATE",
                (self.account_id,),
                log_exceptions=False,
            )
            state = json.loads(cr.fetchone()[0] or "{}")
            bucket, result = change(self._bucket_of(state), time.time())
            cr.execute(
                "UPDATE oms_connector_throttle SET state = %s WHERE account_id = %s",
                (json.dumps(self._state_with(state, bucket)), self.account_id),
            )
        return result

    def _bucket_of(self, state):
        """The bucket this limiter works on, from the row's stored state."""
        return ratelimit.Bucket.from_dict(state)

    def _state_with(self, state, bucket):
        """The row's state to store after a change of the bucket."""
        return bucket.to_dict()

    def acquire(self, cost, priority):
        def change(bucket, now):
            decision = ratelimit.acquire(bucket, cost, priority, now)
            return decision.bucket, decision.wait

        return self._update(change)

    def record(self, cost_info, requested):
        self._update(
            lambda bucket, now: (
                ratelimit.record_cost(bucket, cost_info, now, requested),
                None,
            )
        )

    def block(self, seconds):
        self._update(lambda bucket, now: (ratelimit.block(bucket, seconds, now), None))
