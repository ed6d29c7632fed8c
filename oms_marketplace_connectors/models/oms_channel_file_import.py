# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class OmsChannel(models.Model):
    """Channels without a connector take orders in from files."""

    # No field pointing at the mappings: salesmen read channels (all fields,
    # through RPC too), not the import's configuration.
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_import_file_orders(self, items):
        """Take in orders read from a file, each exactly once (the intake's
        idempotency: the same file imported again updates the same orders).

        :param items: [(normalized order with its file rows and problems,
            the rows' raw text)]
        :return: {"done": [order numbers], "exception": [order numbers]}
        """
        self.ensure_one()
        intake_model = self.env["oms.order.intake"].with_company(self.company_id)
        result = {"done": [], "exception": []}
        for payload, raw in items:
            intake = intake_model.intake_order(self, payload, raw.encode("utf-8"))
            key = "done" if intake.state == "done" else "exception"
            result[key].append(payload.get("external_id") or intake.external_id[:20])
        return result
