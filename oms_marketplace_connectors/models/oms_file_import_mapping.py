# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain import file_import

FIELD_SELECTION = [
    ("order_ref", "Order Number"),
    ("order_date", "Order Date"),
    ("currency", "Currency"),
    ("customer_name", "Customer Name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("company_name", "Company"),
    ("street", "Street"),
    ("street2", "Street 2"),
    ("city", "City"),
    ("state", "State / Province"),
    ("zip", "ZIP"),
    ("country", "Country Code"),
    ("full_address", "Full Address (one cell)"),
    ("shipping_amount", "Shipping Amount"),
    ("shipping_method", "Shipping Method"),
    ("total", "Order Total"),
    ("payment_status", "Payment Status"),
    ("note", "Note"),
    ("sku", "SKU"),
    ("product_name", "Product Name"),
    ("quantity", "Quantity"),
    ("unit_price", "Unit Price"),
    ("line_total", "Line Amount"),
    ("discount", "Line Discount"),
    ("tax_rate", "Tax Rate (%)"),
]


class OmsFileImportMapping(models.Model):
    """Which column of a channel's order export holds what (saved per channel)."""

    _name = "oms.file.import.mapping"
    _description = "Order File Mapping"
    _order = "channel_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    channel_id = fields.Many2one(
        "oms.channel",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    layout = fields.Selection(
        [
            ("line", "One Line per Row (grouped by order number)"),
            ("order", "One Order per Row"),
        ],
        required=True,
        default="line",
    )
    encoding = fields.Selection(
        [
            ("utf-8", "UTF-8"),
            ("gb18030", "Chinese (GB18030 / GBK)"),
            ("big5", "Chinese, traditional (Big5)"),
            ("shift_jis", "Japanese (Shift JIS)"),
            ("cp1252", "Western (Windows-1252)"),
            ("latin-1", "Latin-1"),
        ],
        string="CSV Encoding",
        required=True,
        default="utf-8",
        help="Encoding of CSV files (XLSX files carry their own).",
    )
    delimiter = fields.Char(
        string="CSV Delimiter", size=1, help="Empty: guessed from the header."
    )
    timezone = fields.Char(
        default="UTC",
        required=True,
        help="Time zone of the file's dates, e.g. Asia/Shanghai or UTC+8.",
    )
    column_ids = fields.One2many(
        "oms.file.import.mapping.column", "mapping_id", string="Columns", copy=True
    )

    @api.constrains("timezone")
    def _check_timezone(self):
        for mapping in self:
            try:
                file_import.zone(mapping.timezone)
            except file_import.FileImportError as error:
                raise ValidationError(
                    self.env._("Unknown time zone: %s", mapping.timezone)
                ) from error

    def _oms_file_mapping(self):
        """The mapping as :class:`oms_domain.file_import.FileMapping`."""
        self.ensure_one()
        columns, defaults = {}, {}
        for line in self.column_ids:
            if line.column:
                columns[line.field_name] = line.column.strip()
            if line.default:
                defaults[line.field_name] = line.default.strip()
        return file_import.FileMapping(
            columns=columns,
            defaults=defaults,
            layout=self.layout,
            tz=self.timezone or "UTC",
        )
