# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import tagged

from oms_domain import IntakeCode, parse_order

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestIntakeResolver(OmsCommon):
    """The resolution service connectors extend (``oms.intake.resolver``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resolver = cls.env["oms.intake.resolver"]
        cls.intake = cls.env["oms.order.intake"].intake_order(
            cls.channel, {"external_id": "RESOLVER-1"}
        )

    def test_each_method_reports_problems_with_codes(self):
        problems = []
        self.assertFalse(self.resolver._resolve_currency(self.intake, "XTS", problems))
        self.assertEqual(
            [(p.code, p.params) for p in problems],
            [(IntakeCode.UNKNOWN_CURRENCY, {"code": "XTS"})],
        )
        problems = []
        currency = self.resolver._resolve_currency(
            self.intake, self.company.currency_id.name, problems
        )
        self.assertEqual(currency, self.company.currency_id)
        self.assertIsNotNone(
            self.resolver._resolve_pricelist(self.intake, currency, problems)
        )
        parsed = parse_order(
            self._order_data(
                lines=[
                    {"sku": "OMS-T-GADGET", "quantity": 1, "tax_rates": [13.37]},
                    {"sku": "NOPE", "quantity": 1},
                    {"sku": "OMS-T-WIDGET", "quantity": 1},
                ]
            )
        )
        partner, shipping = self.resolver._resolve_partner(
            self.intake, parsed, problems
        )
        self.assertEqual(partner.email, "grace@example.com")
        self.assertEqual(shipping, partner)
        products = self.resolver._resolve_products(self.intake, parsed.lines, problems)
        self.assertEqual(products, {0: self.product_b, 2: self.product})
        taxes = self.resolver._resolve_taxes(self.intake, parsed, problems)
        self.assertFalse(taxes[parsed.lines[0].tax_rates])
        self.assertEqual(
            [(p.code, p.params) for p in problems],
            [
                (
                    IntakeCode.UNKNOWN_PRODUCT,
                    {"sku": "NOPE", "variant": "", "product": ""},
                ),
                (IntakeCode.UNKNOWN_TAX, {"rate": 13.37, "included": 0}),
            ],
        )

    def test_an_override_resolves_by_binding_then_by_sku(self):
        resolver_class = type(self.resolver)
        by_sku = resolver_class._resolve_products
        bindings = {"V-1": self.product_b}

        def resolve_products(resolver, intake, lines, problems):
            todo = dict(enumerate(lines))
            found = {
                index: bindings[line.external_variant_id]
                for index, line in todo.items()
                if line.external_variant_id in bindings
            }
            rest = {index: line for index, line in todo.items() if index not in found}
            return {**found, **by_sku(resolver, intake, rest, problems)}

        data = self._order_data(
            "RESOLVER-2",
            lines=[
                {"external_variant_id": "V-1", "quantity": 1, "unit_price": 30},
                {"sku": "OMS-T-WIDGET", "quantity": 2, "unit_price": 10},
                {"external_variant_id": "V-2", "quantity": 1, "unit_price": 1},
            ],
        )
        with patch.object(resolver_class, "_resolve_products", resolve_products):
            intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertEqual(
            intake.exception_reason,
            "No product for SKU “”, variant id “V-2”, product id “”.",
        )
        lines = intake.sale_order_id.order_line
        self.assertEqual(
            [
                (line.product_id, line.product_uom_qty)
                for line in lines
                if line.product_id
            ],
            [(self.product_b, 1.0), (self.product, 2.0)],
        )
        self.assertIn("V-2", lines.filtered("display_type").name)
