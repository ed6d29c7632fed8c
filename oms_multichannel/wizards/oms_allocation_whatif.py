# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OmsAllocationWhatif(models.TransientModel):
    _name = "oms.allocation.whatif"
    _description = "Allocation What-if"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    company_id = fields.Many2one(related="order_id.company_id")
    rule_id = fields.Many2one(
        "oms.allocation.rule",
        compute="_compute_rule_id",
        compute_sudo=False,
        store=True,
        readonly=False,
        check_company=True,
        help="Rule to try; by default the one that applies to the order's channel.",
    )
    result = fields.Html(readonly=True, sanitize_style=True)

    @api.depends("order_id")
    def _compute_rule_id(self):
        rules = self.env["oms.allocation.rule"]._rules_for_orders(self.order_id)
        for wizard in self:
            rule = rules.get(wizard.order_id.id)
            # Only a rule the user may read is offered.
            wizard.rule_id = rule and self.env["oms.allocation.rule"].search(
                [("id", "=", rule.id)]
            )

    def action_run(self):
        """Plan the order again with today's stock; nothing on the order changes."""
        self.ensure_one()
        # The plan reads stock of every eligible location as superuser.
        self.order_id._oms_check_allocation_user()
        self.order_id.check_access("read")
        self.result = self.env["oms.allocation.planner"]._whatif_html(
            self.order_id, self.rule_id
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("What if we allocated it now?"),
        }
