# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses

from odoo import api, models, tools

from oms_domain import IntakeCode, IntakeProblem


class OmsIntakeResolver(models.AbstractModel):
    """Finds the records a normalized order refers to.

    ``oms.order.intake`` asks this service for the currency, pricelist, customer,
    products and taxes of an order. Connectors inherit it to resolve through
    their bindings first (a marketplace's variant id, customer id, tax class)
    and call ``super()`` for the rest. Every method receives the
    ``oms.order.intake`` record (its channel and company) and a ``problems``
    list: what cannot be resolved is appended to it as an
    :class:`oms_domain.IntakeProblem` (a code and its parameters; the intake
    words it) and keeps the order in exception. No method raises on bad data.
    """

    _name = "oms.intake.resolver"
    _description = "Order Intake Resolution"

    @api.model
    def _resolve_currency(self, intake, code, problems):
        """Active ``res.currency`` of ISO ``code``; empty when none.

        The currency staff chose on the intake (guided fix) wins.
        """
        currency_model = self.env["res.currency"]
        if intake.fix_currency_id:
            return intake.fix_currency_id
        if not code:
            return currency_model
        currency = currency_model.browse(self._oms_currency_id(code))
        if not currency:
            problems.append(IntakeProblem(IntakeCode.UNKNOWN_CURRENCY, {"code": code}))
        elif not currency.active:
            problems.append(IntakeProblem(IntakeCode.INACTIVE_CURRENCY, {"code": code}))
            return currency_model
        return currency

    @api.model
    @tools.ormcache("code")
    def _oms_currency_id(self, code):
        """Id of the currency of ISO ``code``, active or not (``False`` when
        none). Cached: Odoo clears it when a currency is created or deleted,
        this addon when one is renamed."""
        return (
            self.env["res.currency"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
            .id
        )

    @api.model
    def _resolve_pricelist(self, intake, currency, problems):
        """Pricelist of the order in ``currency``.

        The channel's pricelist when it is in that currency, else any pricelist
        of the company in it; an empty recordset when the company's currency
        has no pricelist (the order then has none); ``None`` when no pricelist
        can price the order.
        """
        if not currency:
            return None
        channel = intake.channel_id
        if channel.pricelist_id.currency_id == currency:
            return channel.pricelist_id
        pricelist = self.env["product.pricelist"].search(
            [
                ("currency_id", "=", currency.id),
                ("company_id", "in", (False, intake.company_id.id)),
            ],
            limit=1,
        )
        if pricelist:
            return pricelist
        if currency == intake.company_id.currency_id:
            return self.env["product.pricelist"]
        problems.append(
            IntakeProblem(IntakeCode.NO_PRICELIST, {"currency": currency.name})
        )
        return None

    @api.model
    def _resolve_partner(self, intake, parsed, problems):
        """``(customer, delivery contact)`` of the order; empty ones when none.

        Follows the channel's customer policy: one generic customer, or a match
        by email then phone, created when missing.
        """
        channel = intake.channel_id
        customer = parsed.customer
        partner_model = self.env["res.partner"]
        if intake.fix_partner_id:
            partner = intake.fix_partner_id
        elif channel.customer_policy == "generic":
            partner = channel.generic_partner_id
            if not partner:
                problems.append(
                    IntakeProblem(
                        IntakeCode.NO_GENERIC_CUSTOMER, {"channel": channel.name}
                    )
                )
                return partner_model, partner_model
        else:
            partner = self._match_partner(intake, customer)
            if not partner and (customer.name or customer.email):
                partner = partner_model.create(
                    self._prepare_partner_vals(intake, self._customer_address(parsed))
                )
            if not partner:
                problems.append(IntakeProblem(IntakeCode.NO_CUSTOMER))
                return partner_model, partner_model
        shipping = self._delivery_contact(
            intake, partner, parsed.shipping_address or customer
        )
        return partner, shipping

    @api.model
    def _customer_address(self, parsed):
        """The customer at the address they are billed at (or shipped to when
        the channel sends no billing address): a new customer is created
        there, so that its orders to that address need no delivery contact."""
        customer = parsed.customer
        if customer.street:
            return customer
        address = next(
            (
                address
                for address in (parsed.billing_address, parsed.shipping_address)
                if address and address.is_shippable()
            ),
            None,
        )
        if address is None:
            return customer
        return dataclasses.replace(
            address,
            name=customer.name or address.name,
            email=customer.email or address.email,
            phone=customer.phone or address.phone,
            company_name=customer.company_name or address.company_name,
        )

    @api.model
    def _match_partner(self, intake, customer):
        partner_model = self.env["res.partner"]
        company_domain = [("company_id", "in", (False, intake.company_id.id))]
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

    @api.model
    def _delivery_contact(self, intake, partner, address):
        """``partner`` when it lives at ``address``, else its delivery contact
        there (created when missing)."""
        if not address.is_shippable():
            return partner
        vals = self._prepare_partner_vals(intake, address)
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

    @api.model
    def _prepare_partner_vals(self, intake, address):
        country_id, state_id = self._oms_country_state_ids(
            address.country_code, address.state_code
        )
        return {
            "name": address.name or address.company_name or address.email,
            "email": address.email or False,
            "phone": address.phone or False,
            "street": address.street or False,
            "street2": address.street2 or False,
            "city": address.city or False,
            "zip": address.zip or False,
            "country_id": country_id,
            "state_id": state_id,
        }

    @api.model
    @tools.ormcache("country_code", "state_code")
    def _oms_country_state_ids(self, country_code, state_code):
        """``(country id, state id)`` of ISO codes, ``False`` when unknown.

        Cached (every order looks its addresses up): creating, renaming or
        deleting a country or a state clears it.
        """
        country = (
            self.env["res.country"]
            .sudo()
            .search([("code", "=", country_code)], limit=1)
        )
        state = self.env["res.country.state"]
        if country and state_code:
            state = state.sudo().search(
                [("country_id", "=", country.id), ("code", "=", state_code)],
                limit=1,
            )
        return country.id or False, state.id or False

    @api.model
    def _resolve_products(self, intake, lines, problems):
        """``{line index: product.product}`` of the lines whose product is known.

        ``lines`` is ``parsed.lines`` (indexed by position) or a ``{line index:
        line}`` dict of the lines still to resolve: an override resolves what
        its bindings know and passes the rest on to ``super()``. This default
        matches the SKU with the internal reference of a saleable product of
        the company, after the SKUs staff mapped for the channel
        (``oms.channel.sku.map``); each line left without a product adds a
        problem.
        """
        todo = dict(lines) if isinstance(lines, dict) else dict(enumerate(lines))
        skus = {line.sku for line in todo.values() if line.sku}
        products = self.env["product.product"].search(
            [
                ("default_code", "in", list(skus)),
                ("sale_ok", "=", True),
                ("company_id", "in", (False, intake.company_id.id)),
            ]
        )
        by_sku = {product.default_code: product for product in products}
        by_sku.update(
            self.env["oms.channel.sku.map"]._oms_products(intake.channel_id, skus)
        )
        found = {}
        missing = {}
        for index, line in todo.items():
            if line.sku in by_sku:
                found[index] = by_sku[line.sku]
            else:
                key = (line.sku, line.external_variant_id, line.external_product_id)
                missing.setdefault(key, line)
        for line in missing.values():
            problems.append(
                IntakeProblem(
                    IntakeCode.UNKNOWN_PRODUCT,
                    {
                        "sku": line.sku,
                        "variant": line.external_variant_id,
                        "product": line.external_product_id,
                    },
                )
            )
        return found

    @api.model
    def _resolve_taxes(self, intake, parsed, problems):
        """``{tax rates tuple: account.tax}`` for each distinct tuple of rates
        of the order's lines and shipping.

        Tuples the channel left empty are absent: the product's own taxes apply
        to those lines.
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
                ("company_id", "=", intake.company_id.id),
            ]
        )
        by_rate = {}
        for tax in found.sorted("sequence", reverse=True):
            by_rate[tax.amount] = tax
        if intake.fix_tax_id:
            # Staff chose the tax of the rates nothing matched.
            for rate in rates - set(by_rate):
                by_rate[rate] = intake.fix_tax_id
        for rate in sorted(rates - set(by_rate)):
            problems.append(
                IntakeProblem(
                    IntakeCode.UNKNOWN_TAX,
                    {"rate": rate, "included": int(bool(include))},
                )
            )
        return {
            group: self.env["account.tax"].union(
                *(by_rate.get(float(rate), self.env["account.tax"]) for rate in group)
            )
            for group in groups
            if group
        }
