# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .oms_file_import_mapping import FIELD_SELECTION


class OmsFileImportMappingColumn(models.Model):
    _name = "oms.file.import.mapping.column"
    _description = "Order File Mapping Column"
    _order = "mapping_id, sequence, id"

    mapping_id = fields.Many2one(
        "oms.file.import.mapping", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    field_name = fields.Selection(FIELD_SELECTION, string="Field", required=True)
    column = fields.Char(help="Header of the column in the file.")
    default = fields.Char(help="Value used when the column is absent or empty.")

    _sql_constraints = [
        (
            "mapping_field_uniq",
            "unique(mapping_id, field_name)",
            "Each field is read from one column.",
        )
    ]
