# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

import psycopg2
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import float_round

from oms_domain import (
    IntakeCode,
    IntakeProblem,
    json_text,
    order_key,
    parse_order,
    storable_text,
    totals_match,
)
from oms_domain import raw_payload as to_raw_payload
from oms_domain.payload import safe_repr

_logger = logging.getLogger(__name__)


# Fields an RPC client may not write: they change through the intake service.
_PROCESS_FIELDS = frozenset(
    {
        "channel_id",
        "company_id",
        "external_id",
        "state",
        "exception_reason",
        "sale_order_id",
        "attempt_count",
        "last_attempt_date",
    }
)
# Reasons longer than this many problems end with a count of the others.
_MAX_LISTED_PROBLEMS = 50


class _Params(dict):
    """Message parameters: a missing one reads as an empty string."""

    def __missing__(self, key):
        return ""


class OmsOrderIntake(models.Model):
    """One channel order as received, kept until it became a sale order.

    The row exists once per (channel, external id): it is the idempotency key of
    intake. Every payload received for it is kept in ``payload_ids``, whatever
    happens to the order.
    """

    _name = "oms.order.intake"
    _inherit = ["mail.thread"]
    _description = "Channel Order Intake"
    _order = "id desc"
    _rec_name = "external_id"

    channel_id = fields.Many2one(
        "oms.channel", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    external_id = fields.Char(
        "External Order Id", required=True, readonly=True, index=True
    )
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("exception", "Exception")],
        required=True,
        default="pending",
        index=True,
        tracking=True,
        readonly=True,
    )
    payload = fields.Text(
        "Raw Payload",
        compute="_compute_payload",
        help="The latest payload received, as text; every version the channel "
        "sent is under Received Payloads.",
    )
    payload_ids = fields.One2many(
        "oms.order.intake.payload",
        "intake_id",
        string="Received Payloads",
        readonly=True,
    )
    payload_count = fields.Integer("Versions Received", compute="_compute_payload")
    normalized = fields.Text(
        "Normalized Order",
        help="The order as the channel mapper normalized it (JSON). Fix it here "
        "and retry when the channel sent something wrong.",
    )
    exception_reason = fields.Text(readonly=True)
    # Guided fixes: what staff chose where the order did not say enough.
    fix_currency_id = fields.Many2one(
        "res.currency",
        string="Currency (Chosen)",
        help="Used instead of the currency the channel sent.",
    )
    fix_partner_id = fields.Many2one(
        "res.partner",
        string="Customer (Chosen)",
        check_company=True,
        help="Invoiced customer used instead of the channel's customer policy.",
    )
    fix_tax_id = fields.Many2one(
        "account.tax",
        string="Tax (Chosen)",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
        help="Tax applied to the lines whose tax rate matched no tax.",
    )
    sale_order_id = fields.Many2one("sale.order", readonly=True, index=True)
    attempt_count = fields.Integer(readonly=True)
    last_attempt_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "channel_external_uniq",
            "unique(channel_id, external_id)",
            "This channel order was already received.",
        ),
    ]

    @api.depends("payload_ids")
    def _compute_payload(self):
        for intake in self:
            # Latest first (the payload model's order).
            intake.payload = intake.payload_ids[:1].payload
            intake.payload_count = len(intake.payload_ids)

    def write(self, vals):
        if (
            _PROCESS_FIELDS.intersection(vals)
            and not self.env.su
            and not self.env.context.get("oms_intake_processing")
        ):
            raise AccessError(
                self.env._(
                    "The status, result and identity of an order intake change "
                    "only through Retry or the intake service."
                )
            )
        return super().write(vals)

    # Intake service ---------------------------------------------------------

    @api.model
    def intake_order(self, channel, data, raw_payload=None):
        """Take in one normalized order (see ``oms_domain.intake``) exactly once.

        Nothing a channel sends is lost: whatever ``data`` and ``raw_payload``
        hold (any JSON value, wrong types, non-finite numbers, huge strings,
        bytes that are not UTF-8), the intake is stored with the payload and
        ends ``done`` or in ``exception`` with a readable reason. This raises
        only when the user may not take orders in (``AccessError``) or
        ``channel`` is not one existing channel the user can read.
        Submitting the same external order again updates what it created and
        keeps the new payload beside the earlier ones. Concurrent submissions
        of the same order serialize on the intake row; the loser gets a
        PostgreSQL serialization failure, which Odoo's request and queue_job
        runners retry.

        :param channel: ``oms.channel`` record (or its id)
        :param data: normalized order dict
        :param raw_payload: the channel's payload as received (bytes, str or
            any JSON value); ``data`` when not given
        :return: ``oms.order.intake`` record
        """
        channel = self._intake_channel(channel)
        # The upsert below is raw SQL: check the ORM rights it bypasses.
        self.check_access("create")
        channel.check_access("read")
        raw = to_raw_payload(raw_payload if raw_payload is not None else data)
        intake, created = self._upsert(channel, order_key(data, raw.data), data)
        self.env["oms.order.intake.payload"].sudo()._record_received(
            intake, raw, data, first=created
        )
        intake._process()
        return intake

    @api.model
    def intake_order_by_code(self, channel_code, data, raw_payload=None):
        """RPC-friendly :meth:`intake_order`: find the channel by its code.

        The code is looked up in the companies of the request (the
        ``allowed_company_ids`` context key, else all the user's companies);
        a code that several of them use is refused: narrow the companies.

        :return: id of the ``oms.order.intake`` record
        """
        code = channel_code.strip() if isinstance(channel_code, str) else ""
        channels = self.env["oms.channel"]
        if code:
            channels = channels.search(
                [("code", "=", code), ("company_id", "in", self.env.companies.ids)]
            )
        if not channels:
            raise UserError(
                self.env._(
                    "No sales channel with code %(code)s in your companies "
                    "(%(companies)s).",
                    code=storable_text(str(channel_code))[:100],
                    companies=", ".join(self.env.companies.mapped("name")),
                )
            )
        if len(channels) > 1:
            raise UserError(
                self.env._(
                    "Channel code %(code)s is used by several of your companies: "
                    "%(companies)s. Take the order in for one company only (set "
                    "allowed_company_ids in the context).",
                    code=code,
                    companies=", ".join(channels.company_id.mapped("name")),
                )
            )
        return self.intake_order(channels, data, raw_payload).id

    @api.model
    def _intake_channel(self, channel):
        """``oms.channel`` record of ``channel`` (a record or an id)."""
        if isinstance(channel, int) and not isinstance(channel, bool):
            channel = self.env["oms.channel"].browse(channel)
        if (
            not isinstance(channel, models.BaseModel)
            or channel._name != "oms.channel"
            or len(channel) != 1
        ):
            raise UserError(self.env._("Give one sales channel to take an order in."))
        try:
            # Read now (the intake needs its company): no query of its own to
            # know it exists.
            channel.sudo().company_id  # noqa: B018
        except MissingError:
            raise UserError(self.env._("This sales channel does not exist.")) from None
        return channel

    @api.model
    def _upsert(self, channel, external_id, data):
        # INSERT .. ON CONFLICT takes the row lock the ORM cannot: a concurrent
        # transaction inserting the same key waits, then fails to serialize.
        self.env.cr.execute(
            """
            INSERT INTO oms_order_intake (
                channel_id, company_id, external_id, state, normalized,
                attempt_count, create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, 'pending', %s, 0, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (channel_id, external_id) DO UPDATE
               SET normalized = EXCLUDED.normalized,
                   write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
            RETURNING id, xmax = 0
            """,
            (
                channel.id,
                channel.company_id.id,
                external_id,
                json_text(data),
                self.env.uid,
                self.env.uid,
            ),
            # A serialization failure here is a lost race, retried by the
            # caller's runner, not a bad query worth an ERROR line.
            log_exceptions=False,
        )
        intake_id, created = self.env.cr.fetchone()
        intake = self.browse(intake_id)
        intake.invalidate_recordset()
        # xmax = 0: the row was inserted, not updated (no earlier payload).
        return intake, created

    def _process(self):
        """(Re)build the sale order of each intake from its normalized order.

        Never raises on bad data: any error while building becomes a problem
        of the intake. Only concurrency errors, which the caller's runner
        retries, go through.
        """
        processing = self.with_context(oms_intake_processing=True)
        for intake in processing:
            try:
                with self.env.cr.savepoint():
                    problems = intake._build_order()
            except Exception as exc:  # noqa: BLE001 - the payload must survive
                if self._is_retryable_error(exc):
                    raise
                problems = [intake._problem_of_error(exc, IntakeCode.REFUSED)]
            intake._set_result(problems)

    @api.model
    def _is_retryable_error(self, exc):
        """Errors the caller's runner retries in a new transaction."""
        return isinstance(
            exc,
            PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
            + (pg_errors.QueryCanceled, psycopg2.InterfaceError),
        ) or (isinstance(exc, psycopg2.OperationalError) and not exc.pgcode)

    def _problem_of_error(self, exc, code):
        """Problem telling what refused the order; unexpected errors are logged."""
        if isinstance(exc, UserError):
            error = exc.args[0] if exc.args else ""
        else:
            # Not a message meant for users: a bug or a database refusal.
            _logger.warning(
                "Order intake %s (%s): unexpected error",
                self.id,
                self.external_id,
                exc_info=True,
            )
            code = IntakeCode.INTERNAL_ERROR
            error = "%s: %s" % (type(exc).__name__, safe_repr(exc, limit=300))
        return IntakeProblem(code, {"error": storable_text(str(error))[:2000]})

    def _build_order(self):
        """Build or update the sale order; return the problems found."""
        self.ensure_one()
        try:
            data = json.loads(self.normalized or "null")
        except (ValueError, RecursionError):
            return [IntakeProblem(IntakeCode.NORMALIZED_NOT_JSON)]
        parsed = parse_order(data)
        problems = list(parsed.problems)
        resolver = self.env["oms.intake.resolver"]
        currency = resolver._resolve_currency(self, parsed.currency, problems)
        pricelist = resolver._resolve_pricelist(self, currency, problems)
        partner, shipping = resolver._resolve_partner(self, parsed, problems)
        if not currency or pricelist is None or not partner:
            # Without currency or customer there is no order to show.
            return problems
        products = resolver._resolve_products(self, parsed.lines, problems)
        taxes = resolver._resolve_taxes(self, parsed, problems)
        order_vals = self._prepare_intake_order_vals(
            parsed, partner, shipping, pricelist
        )
        line_vals = [
            self._prepare_intake_line_vals(
                line, products[index], taxes.get(line.tax_rates)
            )
            for index, line in enumerate(parsed.lines)
            if products.get(index)
        ]
        line_vals += [
            self._prepare_unknown_line_vals(line)
            for index, line in enumerate(parsed.lines)
            if not products.get(index)
        ]
        if parsed.shipping_amount:
            line_vals.append(
                self._prepare_intake_shipping_vals(
                    parsed, taxes.get(parsed.shipping_tax_rates)
                )
            )
        order = self._write_order(order_vals, line_vals, problems)
        if parsed.total is not None and not totals_match(
            parsed.total,
            order.amount_total,
            order.currency_id.rounding,
            len(line_vals),
        ):
            problems.append(
                IntakeProblem(
                    IntakeCode.TOTALS_DIFFER,
                    {"channel": str(parsed.total), "odoo": order.amount_total},
                )
            )
        return problems

    def _write_order(self, order_vals, line_vals, problems):
        order = self.sale_order_id
        if not order:
            order_vals["order_line"] = [(0, 0, vals) for vals in line_vals]
            order = self.env["sale.order"].create(order_vals)
            self.sale_order_id = order
        elif order.state in ("draft", "sent"):
            order_vals["order_line"] = [(5, 0, 0)] + [
                (0, 0, vals) for vals in line_vals
            ]
            order.write(order_vals)
        else:
            # A confirmed order is not rebuilt behind the warehouse's back.
            order.channel_payment_status = order_vals["channel_payment_status"]
            if self._line_signature(order_vals, line_vals) != self._line_signature(
                None, order.order_line
            ):
                problems.append(IntakeProblem(IntakeCode.CHANGED_AFTER_CONFIRMATION))
        return order

    @api.model
    def _line_signature(self, order_vals, lines):
        if order_vals is None:
            return sorted(
                (line.product_id.id, line.product_uom_qty)
                for line in lines
                if line.product_id
            )
        return sorted(
            (vals["product_id"], vals["product_uom_qty"])
            for vals in lines
            if vals.get("product_id")
        )

    def _set_result(self, problems):
        self.ensure_one()
        reason = self._intake_problems_text(problems) or False
        # The attempt is counted here, with the result, in one UPDATE: a
        # retryable error rolls the whole transaction back anyway.
        self.write(
            {
                "state": "exception" if problems else "done",
                "exception_reason": reason,
                "attempt_count": self.attempt_count + 1,
                "last_attempt_date": fields.Datetime.now(),
            }
        )
        order = self.sale_order_id
        if not order:
            return
        if (order.oms_exception or False) != reason:
            order.oms_exception = reason
        if (
            not problems
            and self.channel_id.auto_confirm
            and order.state in ("draft", "sent")
        ):
            self._auto_confirm(order)

    def _auto_confirm(self, order):
        """Confirm the order; when confirmation is refused (e.g. not enough
        available to sell) the order waits in exception instead.

        The channel already sold it: raising would roll the intake back and
        lose the order.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                order.action_confirm()
        except Exception as exc:  # noqa: BLE001 - the payload must survive
            if self._is_retryable_error(exc):
                raise
            problem = self._problem_of_error(exc, IntakeCode.CONFIRMATION_REFUSED)
            reason = self._intake_problems_text([problem])
            self.write({"state": "exception", "exception_reason": reason})
            order.oms_exception = reason

    # Problems to messages -----------------------------------------------------

    def _intake_problems_text(self, problems):
        """The problems as lines of text, in the language of the user."""
        lang = self.env.lang or self.env.user.lang
        intake = self.with_context(lang=lang) if lang else self
        messages = []
        for problem in problems:
            message = intake._intake_problem_message(problem)
            if message not in messages:
                messages.append(message)
        if len(messages) > _MAX_LISTED_PROBLEMS:
            more = len(messages) - _MAX_LISTED_PROBLEMS
            messages = messages[:_MAX_LISTED_PROBLEMS] + [
                intake.env._("… and %s more problems.", more)
            ]
        return storable_text("\n".join(messages))

    def _intake_problem_message(self, problem):
        """Translated sentence of one :class:`oms_domain.IntakeProblem`.

        The one place where intake problem codes become words; a connector
        adding its own codes extends it and calls ``super()`` for the others.
        """
        _ = self.env._
        p = _Params(problem.params)
        field_name = p["field"]
        kind = self._intake_type_label(p["type"])
        messages = {
            IntakeCode.NOT_AN_OBJECT: lambda: _(
                "The normalized order must be a JSON object, not: %(type)s.",
                type=kind,
            ),
            IntakeCode.NO_EXTERNAL_ID: lambda: _("The order has no external id."),
            IntakeCode.EXTERNAL_ID_TOO_LONG: lambda: _(
                "The external id has %(length)s characters, more than %(limit)s: "
                "the order is kept under a hash of it.",
                length=p["length"],
                limit=p["limit"],
            ),
            IntakeCode.NOT_A_LIST: lambda: _(
                "“%(field)s” must be a list, not: %(type)s.",
                field=field_name,
                type=kind,
            ),
            IntakeCode.LINE_NOT_AN_OBJECT: lambda: _(
                "the line must be a JSON object, not: %(type)s.", type=kind
            ),
            IntakeCode.ADDRESS_NOT_AN_OBJECT: lambda: _(
                "“%(field)s” must be an address (JSON object), not: %(type)s.",
                field=field_name,
                type=kind,
            ),
            IntakeCode.NOT_TEXT: lambda: _(
                "“%(field)s” must be text, not: %(type)s.", field=field_name, type=kind
            ),
            IntakeCode.TEXT_TOO_LONG: lambda: _(
                "“%(field)s” has %(length)s characters; only the first %(limit)s "
                "were kept.",
                field=field_name,
                length=p["length"],
                limit=p["limit"],
            ),
            IntakeCode.NOT_A_NUMBER: lambda: _(
                "“%(field)s” is not a number: %(value)s.",
                field=field_name,
                value=p["value"],
            ),
            IntakeCode.NOT_FINITE: lambda: _(
                "“%(field)s” is not a finite number: %(value)s.",
                field=field_name,
                value=p["value"],
            ),
            IntakeCode.OUT_OF_RANGE: lambda: _(
                "“%(field)s” is out of range: %(value)s (the limit is %(limit)s).",
                field=field_name,
                value=p["value"],
                limit=p["limit"],
            ),
            IntakeCode.NOT_A_FLAG: lambda: _(
                "“%(field)s” must be true or false, not %(value)s.",
                field=field_name,
                value=p["value"],
            ),
            IntakeCode.BAD_LINE: lambda: _(
                "the line has no SKU nor product id, or a quantity that is not "
                "positive."
            ),
            IntakeCode.NO_CURRENCY: lambda: _("The order has no currency."),
            IntakeCode.NO_LINES: lambda: _("The order has no product lines."),
            IntakeCode.MISSING_ADDRESS: lambda: _(
                "The order has no complete shipping address (name, street, city, "
                "country)."
            ),
            IntakeCode.NORMALIZED_NOT_JSON: lambda: _(
                "The normalized order is not valid JSON: correct it, then retry."
            ),
            IntakeCode.UNKNOWN_CURRENCY: lambda: _(
                "Unknown currency %(code)s.", code=p["code"]
            ),
            IntakeCode.INACTIVE_CURRENCY: lambda: _(
                "Currency %(code)s is not active.", code=p["code"]
            ),
            IntakeCode.NO_PRICELIST: lambda: _(
                "No pricelist in currency %(currency)s for this company.",
                currency=p["currency"],
            ),
            IntakeCode.NO_GENERIC_CUSTOMER: lambda: _(
                "Channel %(channel)s takes orders for a generic customer but has "
                "none set.",
                channel=p["channel"],
            ),
            IntakeCode.NO_CUSTOMER: lambda: _(
                "The order has no customer name or email."
            ),
            IntakeCode.UNKNOWN_PRODUCT: lambda: (
                _("Unknown SKU %(sku)s.", sku=p["sku"])
                if not (p["variant"] or p["product"])
                else _(
                    "No product for SKU “%(sku)s”, variant id “%(variant)s”, "
                    "product id “%(product)s”.",
                    sku=p["sku"],
                    variant=p["variant"],
                    product=p["product"],
                )
            ),
            IntakeCode.UNKNOWN_TAX: lambda: (
                _(
                    "No sales tax of %(rate)s%% (included in price) in this company.",
                    rate=p["rate"],
                )
                if p["included"]
                else _(
                    "No sales tax of %(rate)s%% (excluded from price) in this company.",
                    rate=p["rate"],
                )
            ),
            IntakeCode.TOTALS_DIFFER: lambda: _(
                "The channel total %(channel)s differs from Odoo's total %(odoo)s.",
                channel=p["channel"],
                odoo=p["odoo"],
            ),
            IntakeCode.CHANGED_AFTER_CONFIRMATION: lambda: _(
                "The channel changed the order after it was confirmed; check the "
                "lines by hand."
            ),
            IntakeCode.REFUSED: lambda: _(
                "Odoo refused the order: %(error)s", error=p["error"]
            ),
            IntakeCode.CONFIRMATION_REFUSED: lambda: _(
                "The order could not be confirmed: %(error)s", error=p["error"]
            ),
            IntakeCode.INTERNAL_ERROR: lambda: _(
                "Unexpected error while taking the order in (%(error)s). The "
                "payload is kept: retry, or report the error.",
                error=p["error"],
            ),
        }
        message = messages.get(problem.code)
        if message is None:
            return _(
                "Problem “%(code)s”: %(params)s",
                code=problem.code,
                params=safe_repr(dict(problem.params), limit=300),
            )
        text = message()
        if p["line"] != "":
            text = _("Line %(line)s: %(problem)s", line=p["line"], problem=text)
        return text

    def _intake_type_label(self, json_type):
        _ = self.env._
        labels = {
            "null": lambda: _("null"),
            "boolean": lambda: _("true/false"),
            "number": lambda: _("a number"),
            "non-finite number": lambda: _("a non-finite number"),
            "string": lambda: _("text"),
            "object": lambda: _("an object"),
            "array": lambda: _("a list"),
        }
        label = labels.get(json_type)
        return label() if label else json_type

    # Values builders (extension points) --------------------------------------

    def _prepare_intake_order_vals(self, parsed, partner, shipping, pricelist):
        channel = self.channel_id
        vals = {
            "partner_id": partner.id,
            "partner_invoice_id": partner.id,
            "partner_shipping_id": shipping.id,
            "company_id": self.company_id.id,
            "channel_id": channel.id,
            "channel_order_ref": self.external_id,
            "channel_payment_status": parsed.payment_status,
            "intake_id": self.id,
            "client_order_ref": parsed.external_id,
            "note": parsed.note or False,
        }
        if channel.team_id:
            vals["team_id"] = channel.team_id.id
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        if parsed.order_date:
            try:
                vals["date_order"] = fields.Datetime.to_datetime(
                    parsed.order_date[:19].replace("T", " ")
                )
            except ValueError:
                _logger.info("Ignoring unreadable order date %s", parsed.order_date)
        return vals

    def _prepare_intake_line_vals(self, line, product, taxes):
        vals = {
            "product_id": product.id,
            "product_uom_qty": float(line.quantity),
            "price_unit": float(line.unit_price),
            "discount": float_round(float(line.discount_percent), precision_digits=6),
        }
        if line.name:
            vals["name"] = line.name
        if taxes is not None:
            vals["tax_id"] = [(6, 0, taxes.ids)]
        return vals

    def _prepare_unknown_line_vals(self, line):
        # Keep what the customer ordered visible on the order for whoever fixes it.
        return {
            "display_type": "line_note",
            "name": self.env._(
                "Unknown product %(ref)s: %(qty)s × %(price)s %(name)s",
                ref=line.sku or line.external_variant_id or line.external_product_id,
                qty=line.quantity,
                price=line.unit_price,
                name=line.name,
            ),
        }

    def _prepare_intake_shipping_vals(self, parsed, taxes):
        product = self.channel_id.shipping_product_id
        if not product:
            raise UserError(
                self.env._(
                    "Channel %s has no shipping product for the shipping amount.",
                    self.channel_id.name,
                )
            )
        vals = {
            "product_id": product.id,
            "product_uom_qty": 1.0,
            "price_unit": float(parsed.shipping_amount),
            "name": parsed.shipping_method or product.name,
        }
        if taxes is not None:
            vals["tax_id"] = [(6, 0, taxes.ids)]
        return vals

    # Actions ------------------------------------------------------------------

    def action_retry(self):
        """Re-run intake from the (possibly corrected) normalized order and
        say how it went."""
        self._check_intake_user()
        self.check_access("write")
        self._process()
        return self._oms_retry_notification()

    def action_open_fix_wizard(self):
        """Guided fix of an intake exception (map SKUs, choose currency,
        customer or tax), then retry."""
        self.ensure_one()
        self._check_intake_user()
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.intake.fix.wizard",
            "name": self.env._("Fix Order %s", self.external_id),
            "view_mode": "form",
            "target": "new",
            "context": {"oms_fix_intake_id": self.id},
        }

    def _oms_retry_notification(self):
        done = self.filtered(lambda intake: intake.state == "done")
        failed = self - done
        if failed:
            message = self.env._(
                "Still in exception: %(reason)s",
                reason="\n".join(failed.mapped(lambda i: i.exception_reason or "")),
            )
            kind = "warning"
        else:
            message = self.env._(
                "Taken in: %(orders)s.",
                orders=", ".join(done.sale_order_id.mapped("name")) or "-",
            )
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "message": message,
                "sticky": bool(failed),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_intake_user(self):
        # Public methods: the view's button group is not a check.
        if not self.env.su and not self.env.user.has_group(
            "oms_multichannel.group_oms_multichannel_user"
        ):
            raise AccessError(
                self.env._("Only Order Management users may take orders in again.")
            )

    def action_view_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }
