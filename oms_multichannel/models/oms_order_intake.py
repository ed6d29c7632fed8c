# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from oms_domain import DomainError, parse_order, totals_match

_logger = logging.getLogger(__name__)


class OmsOrderIntake(models.Model):
    """One channel order as received, kept until it became a sale order.

    The row exists once per (channel, external id): it is the idempotency key of
    intake and keeps the raw payload whatever happens to the order.
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
    )
    payload = fields.Text(
        "Raw Payload", readonly=True, help="The channel's payload exactly as received."
    )
    normalized = fields.Text(
        "Normalized Order",
        help="The order as the channel mapper normalized it (JSON). Fix it here "
        "and retry when the channel sent something wrong.",
    )
    exception_reason = fields.Text(readonly=True)
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

    # Intake service ---------------------------------------------------------

    @api.model
    def intake_order(self, channel, data, raw_payload=None):
        """Take in one normalized order (see ``oms_domain.intake``) exactly once.

        Submitting the same external order again updates what it created. Bad
        data never raises: the intake (and the order when one could be built)
        ends in the ``exception`` state with the reason. Concurrent submissions
        of the same order serialize on the intake row; the loser gets a
        PostgreSQL serialization failure, which Odoo's request and queue_job
        runners retry.

        :param channel: ``oms.channel`` record
        :param data: normalized order dict
        :param raw_payload: the channel's payload as received (str, bytes or dict)
        :return: ``oms.order.intake`` record
        """
        channel.ensure_one()
        # The upsert below is raw SQL: check the ORM rights it bypasses.
        self.check_access("create")
        channel.check_access("read")
        raw = self._raw_payload_text(raw_payload if raw_payload is not None else data)
        external_id = self._external_id_of(data, raw)
        intake = self._upsert(channel, external_id, raw, data)
        intake._process()
        return intake

    @api.model
    def intake_order_by_code(self, channel_code, data, raw_payload=None):
        """RPC-friendly :meth:`intake_order`: find the channel by its code.

        :return: id of the ``oms.order.intake`` record
        """
        channel = self.env["oms.channel"].search(
            [("code", "=", channel_code), ("company_id", "in", self.env.companies.ids)],
            limit=1,
        )
        if not channel:
            raise UserError(self.env._("No sales channel with code %s.", channel_code))
        return self.intake_order(channel, data, raw_payload).id

    @api.model
    def _raw_payload_text(self, raw_payload):
        if isinstance(raw_payload, bytes):
            return raw_payload.decode("utf-8", errors="replace")
        if isinstance(raw_payload, str):
            return raw_payload
        return json.dumps(raw_payload, indent=2, sort_keys=True, default=str)

    @api.model
    def _external_id_of(self, data, raw):
        external_id = isinstance(data, dict) and str(data.get("external_id") or "")
        # Without an id the payload itself is the identity: resending it dedupes.
        return (
            external_id.strip()
            or "sha256:%s" % hashlib.sha256(raw.encode()).hexdigest()
        )

    @api.model
    def _upsert(self, channel, external_id, raw, data):
        normalized = json.dumps(data, indent=2, sort_keys=True, default=str)
        # INSERT .. ON CONFLICT takes the row lock the ORM cannot: a concurrent
        # transaction inserting the same key waits, then fails to serialize.
        self.env.cr.execute(
            """
            INSERT INTO oms_order_intake (
                channel_id, company_id, external_id, state, payload, normalized,
                attempt_count, create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, 'pending', %s, %s, 0, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (channel_id, external_id) DO UPDATE
               SET payload = EXCLUDED.payload,
                   normalized = EXCLUDED.normalized,
                   write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
            RETURNING id
            """,
            (
                channel.id,
                channel.company_id.id,
                external_id,
                raw,
                normalized,
                self.env.uid,
                self.env.uid,
            ),
            # A serialization failure here is a lost race, retried by the
            # caller's runner, not a bad query worth an ERROR line.
            log_exceptions=False,
        )
        intake = self.browse(self.env.cr.fetchone()[0])
        intake.invalidate_recordset()
        return intake

    def _process(self):
        """(Re)build the sale order of each intake from its normalized order."""
        for intake in self:
            intake.write(
                {
                    "attempt_count": intake.attempt_count + 1,
                    "last_attempt_date": fields.Datetime.now(),
                }
            )
            try:
                with self.env.cr.savepoint():
                    problems = intake._build_order()
            except (DomainError, UserError, ValidationError, ValueError) as exc:
                problems = [str(exc)]
            intake._set_result(problems)

    def _build_order(self):
        self.ensure_one()
        parsed = parse_order(json.loads(self.normalized or "null"))
        problems = [problem.message for problem in parsed.problems]
        channel = self.channel_id.with_company(self.company_id)
        currency = self._resolve_currency(parsed.currency, problems)
        pricelist = self._resolve_pricelist(channel, currency, problems)
        partner, shipping = self._resolve_partner(channel, parsed, problems)
        if not currency or pricelist is None or not partner:
            # Without currency or customer there is no order to show.
            return problems
        products = self._resolve_products(parsed.lines, problems)
        taxes = self._resolve_taxes(parsed, problems)
        order_vals = self._prepare_intake_order_vals(
            parsed, partner, shipping, pricelist
        )
        line_vals = [
            self._prepare_intake_line_vals(
                line, products[line.sku], taxes.get(line.tax_rates)
            )
            for line in parsed.lines
            if line.sku in products
        ]
        unknown = [line for line in parsed.lines if line.sku not in products]
        line_vals += [self._prepare_unknown_line_vals(line) for line in unknown]
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
                self.env._(
                    "The channel total %(channel)s differs from Odoo's total %(odoo)s.",
                    channel=parsed.total,
                    odoo=order.amount_total,
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
                problems.append(
                    self.env._(
                        "The channel changed the order after it was confirmed; "
                        "check the lines by hand."
                    )
                )
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
        reason = "\n".join(problems) or False
        self.write(
            {"state": "exception" if problems else "done", "exception_reason": reason}
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
        except UserError as exc:
            reason = str(exc)
            self.write({"state": "exception", "exception_reason": reason})
            order.oms_exception = reason

    # Resolution of channel data to records -----------------------------------

    def _resolve_currency(self, code, problems):
        if not code:
            return self.env["res.currency"]
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
        )
        if not currency:
            problems.append(self.env._("Unknown currency %s.", code))
        elif not currency.active:
            problems.append(self.env._("Currency %s is not active.", code))
            return self.env["res.currency"]
        return currency

    def _resolve_pricelist(self, channel, currency, problems):
        """Channel pricelist in the order's currency; None when there is none."""
        if not currency:
            return None
        if channel.pricelist_id.currency_id == currency:
            return channel.pricelist_id
        pricelist = self.env["product.pricelist"].search(
            [
                ("currency_id", "=", currency.id),
                ("company_id", "in", (False, self.company_id.id)),
            ],
            limit=1,
        )
        if pricelist:
            return pricelist
        if currency == self.company_id.currency_id:
            return self.env["product.pricelist"]
        problems.append(
            self.env._("No pricelist in currency %s for this company.", currency.name)
        )
        return None

    def _resolve_partner(self, channel, parsed, problems):
        customer = parsed.customer
        ship_to = parsed.shipping_address or customer
        partner_model = self.env["res.partner"]
        if channel.customer_policy == "generic":
            partner = channel.generic_partner_id
            if not partner:
                problems.append(
                    self.env._(
                        "Channel %s takes orders for a generic customer but has "
                        "none set.",
                        channel.name,
                    )
                )
                return partner_model, partner_model
        else:
            partner = self._match_partner(customer)
            if not partner and (customer.name or customer.email):
                partner = partner_model.create(self._prepare_partner_vals(customer))
            if not partner:
                problems.append(self.env._("The order has no customer name or email."))
                return partner_model, partner_model
        shipping = self._delivery_contact(partner, ship_to)
        return partner, shipping

    def _match_partner(self, customer):
        partner_model = self.env["res.partner"]
        company_domain = [("company_id", "in", (False, self.company_id.id))]
        if customer.email:
            partner = partner_model.search(
                [("email", "=ilike", customer.email)] + company_domain, limit=1
            )
            if partner:
                return partner
        if customer.phone:
            return partner_model.search(
                ["|", ("phone", "=", customer.phone), ("mobile", "=", customer.phone)]
                + company_domain,
                limit=1,
            )
        return partner_model

    def _delivery_contact(self, partner, address):
        if not address.is_shippable():
            return partner
        vals = self._prepare_partner_vals(address)
        if all(
            (partner[key].id if key in ("country_id", "state_id") else partner[key])
            == (value or False)
            for key, value in vals.items()
            if key in ("street", "city", "zip", "country_id")
        ):
            return partner
        existing = partner.child_ids.filtered(
            lambda child: (
                child.type == "delivery"
                and child.street == vals["street"]
                and child.zip == (vals["zip"] or False)
                and child.country_id.id == vals["country_id"]
            )
        )[:1]
        return existing or self.env["res.partner"].create(
            dict(vals, parent_id=partner.id, type="delivery")
        )

    def _prepare_partner_vals(self, address):
        country = self.env["res.country"].search(
            [("code", "=", address.country_code)], limit=1
        )
        state = self.env["res.country.state"]
        if country and address.state_code:
            state = state.search(
                [("country_id", "=", country.id), ("code", "=", address.state_code)],
                limit=1,
            )
        return {
            "name": address.name or address.company_name or address.email,
            "email": address.email or False,
            "phone": address.phone or False,
            "street": address.street or False,
            "street2": address.street2 or False,
            "city": address.city or False,
            "zip": address.zip or False,
            "country_id": country.id or False,
            "state_id": state.id or False,
        }

    def _resolve_products(self, lines, problems):
        skus = {line.sku for line in lines}
        products = self.env["product.product"].search(
            [
                ("default_code", "in", list(skus)),
                ("sale_ok", "=", True),
                ("company_id", "in", (False, self.company_id.id)),
            ]
        )
        by_sku = {product.default_code: product for product in products}
        for sku in sorted(skus - set(by_sku)):
            problems.append(self.env._("Unknown SKU %s.", sku))
        return by_sku

    def _resolve_taxes(self, parsed, problems):
        """Map each distinct tuple of tax rates of the order to sales taxes.

        Rate tuples left empty by the channel are absent: the product's own
        taxes apply to those lines.
        """
        include = parsed.prices_include_tax
        groups = {line.tax_rates for line in parsed.lines} | {parsed.shipping_tax_rates}
        rates = {float(rate) for group in groups for rate in group}
        if not rates:
            return {}
        found = self.env["account.tax"].search(
            [
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "in", list(rates)),
                ("price_include", "=", include),
                ("company_id", "=", self.company_id.id),
            ]
        )
        by_rate = {}
        for tax in found.sorted("sequence", reverse=True):
            by_rate[tax.amount] = tax
        for rate in sorted(rates - set(by_rate)):
            problems.append(
                self.env._(
                    "No sales tax of %(rate)s%% (%(kind)s) in this company.",
                    rate=rate,
                    kind=self.env._("included in price")
                    if include
                    else self.env._("excluded from price"),
                )
            )
        return {
            group: self.env["account.tax"].union(
                *(by_rate.get(float(rate), self.env["account.tax"]) for rate in group)
            )
            for group in groups
            if group
        }

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
                "Unknown SKU %(sku)s: %(qty)s × %(price)s %(name)s",
                sku=line.sku,
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
        """Re-run intake from the (possibly corrected) normalized order."""
        self._process()
        return True

    def action_view_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }
