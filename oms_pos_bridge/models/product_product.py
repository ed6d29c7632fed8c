# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _load_pos_data(self, data):
        res = super()._load_pos_data(data)
        config = self.env["pos.config"].browse(data["pos.config"]["data"][0]["id"])
        session_ids = [row["id"] for row in data.get("pos.session", {}).get("data", [])]
        free = self.env["oms.pos.hold"]._oms_pos_load_free(
            config, [row["id"] for row in res["data"]], session_ids
        )
        for row in res["data"]:
            row["oms_free_qty"] = free.get(row["id"], 0.0)
        if "oms_free_qty" not in res["fields"]:
            res["fields"].append("oms_free_qty")
        return res
