# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from oms_domain import IntakeCode, parse_order


class OmsIntakeFixWizard(models.TransientModel):
    """Guided fix of an intake exception: what the order did not say enough
    about is chosen from lists, remembered where it recurs, then retried."""

    _name = "oms.intake.fix.wizard"
    _description = "Fix an Order Intake Exception"

    intake_id = fields.Many2one("oms.order.intake", required=True, ondelete="cascade")
    channel_id = fields.Many2one(related="intake_id.channel_id")
    company_id = fields.Many2one(related="intake_id.company_id")
    exception_reason = fields.Text(related="intake_id.exception_reason")
    line_ids = fields.One2many(
        "oms.intake.fix.wizard.line", "wizard_id", string="Unknown Products"
    )
    need_currency = fields.Boolean(readonly=True)
    currency_code = fields.Char(string="Currency Sent", readonly=True)
    inactive_currency_id = fields.Many2one("res.currency", readonly=True)
    activate_currency = fields.Boolean(
        help="Activate the currency the channel sent, for this and later orders."
    )
    currency_id = fields.Many2one(
        "res.currency",
        string="Use Currency",
        domain="[('active', '=', True)]",
        help="Take the order in this currency instead.",
    )
    need_tax = fields.Boolean(readonly=True)
    tax_rates = fields.Char(string="Tax Rates Sent", readonly=True)
    tax_id = fields.Many2one(
        "account.tax",
        string="Use Tax",
        domain="[('type_tax_use', '=', 'sale'), ('company_id', '=', company_id)]",
    )
    need_customer = fields.Boolean(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        # Its own context key: default_intake_id would also reach the sale
        # orders and payloads that the retry creates.
        intake_id = values.get("intake_id") or self.env.context.get("oms_fix_intake_id")
        if intake_id:
            intake = self.env["oms.order.intake"].browse(intake_id)
            values["intake_id"] = intake.id
            values.update(self._prepare_fix_values(intake))
        return values

    @api.model
    def _prepare_fix_values(self, intake):
        """What the wizard asks for, found by resolving the order again (reads
        only: nothing is created)."""
        intake.ensure_one()
        try:
            data = json.loads(intake.normalized or "null")
        except (ValueError, RecursionError):
            return {}
        parsed = parse_order(data)
        resolver = self.env["oms.intake.resolver"]
        problems = []
        values = {}
        if not intake.fix_currency_id and parsed.currency:
            resolver._resolve_currency(intake, parsed.currency, problems)
        if parsed.lines:
            resolver._resolve_products(intake, parsed.lines, problems)
            resolver._resolve_taxes(intake, parsed, problems)
        codes = {problem.code for problem in problems}
        if codes & {IntakeCode.UNKNOWN_CURRENCY, IntakeCode.INACTIVE_CURRENCY}:
            values["need_currency"] = True
            values["currency_code"] = parsed.currency
            if IntakeCode.INACTIVE_CURRENCY in codes:
                values["inactive_currency_id"] = (
                    self.env["res.currency"]
                    .with_context(active_test=False)
                    .search([("name", "=", parsed.currency)], limit=1)
                    .id
                )
        if IntakeCode.UNKNOWN_TAX in codes:
            values["need_tax"] = True
            values["tax_rates"] = ", ".join(
                "%s %%" % problem.params["rate"]
                for problem in problems
                if problem.code == IntakeCode.UNKNOWN_TAX
            )
        unknown = [
            problem.params
            for problem in problems
            if problem.code == IntakeCode.UNKNOWN_PRODUCT
        ]
        by_sku = {line.sku: line for line in parsed.lines}
        values["line_ids"] = [
            Command.create(
                {
                    "sku": params["sku"],
                    "name": by_sku[params["sku"]].name if params["sku"] else False,
                    "quantity": float(by_sku[params["sku"]].quantity)
                    if params["sku"]
                    else 0.0,
                }
            )
            for params in unknown
            if params.get("sku")
        ]
        values["need_customer"] = self._needs_customer(intake, parsed)
        return values

    @api.model
    def _needs_customer(self, intake, parsed):
        if intake.fix_partner_id:
            return False
        channel = intake.channel_id
        if channel.customer_policy == "generic":
            return not channel.generic_partner_id
        customer = parsed.customer
        if customer.name or customer.email:
            return False
        return not self.env["oms.intake.resolver"]._match_partner(intake, customer)

    def action_apply(self):
        """Remember the mappings, record the choices, retry the order."""
        self.ensure_one()
        intake = self.intake_id
        intake._check_intake_user()
        intake.check_access("write")
        for line in self.line_ids.filtered("product_id"):
            self.env["oms.channel.sku.map"]._oms_remember(
                intake.channel_id, line.sku, line.product_id
            )
        vals = {}
        if self.activate_currency and self.inactive_currency_id:
            self.inactive_currency_id.active = True
        elif self.currency_id:
            vals["fix_currency_id"] = self.currency_id.id
        if self.tax_id:
            vals["fix_tax_id"] = self.tax_id.id
        if self.partner_id:
            vals["fix_partner_id"] = self.partner_id.id
        if not vals and not self.line_ids.product_id and not self.activate_currency:
            raise UserError(self.env._("Choose at least one fix, or close."))
        if vals:
            intake.write(vals)
        return intake.action_retry()


class OmsIntakeFixWizardLine(models.TransientModel):
    _name = "oms.intake.fix.wizard.line"
    _description = "Unknown Product of an Order Intake"

    wizard_id = fields.Many2one(
        "oms.intake.fix.wizard", required=True, ondelete="cascade"
    )
    sku = fields.Char(string="Channel SKU", readonly=True)
    name = fields.Char(string="Description", readonly=True)
    quantity = fields.Float(readonly=True)
    product_id = fields.Many2one(
        "product.product",
        string="Map to Product",
        domain="[('sale_ok', '=', True)]",
        help="Remembered for the channel: its next orders with this SKU resolve.",
    )
