# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import MissingError


class OmsIntakeResolver(models.AbstractModel):
    """Orders of a connector account resolve through its bindings first:
    variant ids to products, customer ids to contacts; SKU and email after."""

    _inherit = "oms.intake.resolver"

    @api.model
    def _oms_account_of(self, intake):
        # The account taking the order in says so (context key
        # oms_connector_account_id): no search for each order.
        account_model = self.env["oms.connector.account"].sudo()
        account = account_model.browse(
            self.env.context.get("oms_connector_account_id") or ()
        )
        try:
            given = bool(account) and account.channel_id == intake.channel_id
        except MissingError:
            given = False
        if given:
            return account
        return account_model.search(
            [("channel_id", "=", intake.channel_id.id)], limit=1
        )

    @api.model
    def _resolve_products(self, intake, lines, problems):
        account = self._oms_account_of(intake)
        todo = dict(lines) if isinstance(lines, dict) else dict(enumerate(lines))
        variants = {line.external_variant_id for line in todo.values()} - {""}
        if not account or not variants:
            return super()._resolve_products(intake, todo, problems)
        bindings = (
            self.env["oms.connector.product.binding"]
            .sudo()
            .search(
                [("account_id", "=", account.id), ("external_id", "in", list(variants))]
            )
        )
        by_variant = {binding.external_id: binding.product_id for binding in bindings}
        found = {
            index: by_variant[line.external_variant_id]
            for index, line in todo.items()
            if line.external_variant_id in by_variant
        }
        rest = {index: line for index, line in todo.items() if index not in found}
        if rest:
            found.update(super()._resolve_products(intake, rest, problems))
        return found

    @api.model
    def _resolve_partner(self, intake, parsed, problems):
        binding = self.env["oms.connector.partner.binding"].sudo()
        customer_id = parsed.customer_external_id
        if customer_id and intake.channel_id.customer_policy != "generic":
            account = self._oms_account_of(intake)
            if account:
                binding = binding.search(
                    [
                        ("account_id", "=", account.id),
                        ("external_id", "=", customer_id),
                    ],
                    limit=1,
                )
        if not binding:
            return super()._resolve_partner(intake, parsed, problems)
        partner = binding.partner_id
        shipping = self._delivery_contact(
            intake, partner, parsed.shipping_address or parsed.customer
        )
        return partner, shipping
