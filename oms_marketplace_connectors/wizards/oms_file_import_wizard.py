# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from oms_domain import IntakeProblem, file_import

PREVIEW_ORDERS = 20
# Files with more orders than this are taken in by jobs of this many orders.
IMPORT_CHUNK = 200


class OmsFileImportWizard(models.TransientModel):
    """Upload an order export, preview what it gives, take it in."""

    _name = "oms.file.import.wizard"
    _description = "Import Orders from a File"

    channel_id = fields.Many2one("oms.channel", required=True)
    mapping_id = fields.Many2one(
        "oms.file.import.mapping",
        string="Column Mapping",
        required=True,
        domain="[('channel_id', '=', channel_id)]",
    )
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")],
        default="upload",
        required=True,
    )
    order_count = fields.Integer(readonly=True)
    row_count = fields.Integer(readonly=True)
    problem_count = fields.Integer(string="Rows with Problems", readonly=True)
    preview_html = fields.Html(readonly=True, sanitize=False)
    result = fields.Text(readonly=True)

    @api.onchange("channel_id")
    def _onchange_channel_id(self):
        if self.mapping_id.channel_id != self.channel_id:
            self.mapping_id = self.env["oms.file.import.mapping"].search(
                [("channel_id", "=", self.channel_id.id)], limit=1
            )

    # Actions -----------------------------------------------------------------------

    def action_preview(self):
        self.ensure_one()
        header, orders = self._oms_read()
        problems = [problem for order in orders for problem in order.problems]
        self.write(
            {
                "state": "preview",
                "order_count": len(orders),
                "row_count": sum(len(order.rows) for order in orders),
                "problem_count": len({p["params"].get("row") for p in problems}),
                "preview_html": self._oms_preview_html(header, orders),
            }
        )
        return self._oms_reopen()

    def action_import(self):
        """Take the file's orders in: now when small, else by jobs."""
        self.ensure_one()
        self.env["oms.order.intake"].check_access("create")
        header, orders = self._oms_read()
        items = [(order.payload(), order.raw(header).decode()) for order in orders]
        channel = self.channel_id
        if len(items) <= IMPORT_CHUNK:
            outcome = channel._oms_import_file_orders(items)
            message = self.env._(
                "%(done)s orders taken in, %(exceptions)s in exception%(refs)s.",
                done=len(outcome["done"]),
                exceptions=len(outcome["exception"]),
                refs=(": " + ", ".join(outcome["exception"][:50]))
                if outcome["exception"]
                else "",
            )
        else:
            name = self.filename or self.mapping_id.name
            for start in range(0, len(items), IMPORT_CHUNK):
                chunk = items[start : start + IMPORT_CHUNK]
                channel.with_delay(
                    description=self.env._(
                        "File %(file)s: orders %(first)s to %(last)s",
                        file=name,
                        first=start + 1,
                        last=start + len(chunk),
                    ),
                )._oms_import_file_orders(chunk)
            message = self.env._(
                "%(orders)s orders queued in %(jobs)s jobs: they appear in the "
                "channel's orders (or its exceptions) as the jobs run.",
                orders=len(items),
                jobs=-(-len(items) // IMPORT_CHUNK),
            )
        self.write({"state": "done", "result": message})
        return self._oms_reopen()

    def action_back(self):
        self.write({"state": "upload", "preview_html": False, "result": False})
        return self._oms_reopen()

    # Helpers -----------------------------------------------------------------------

    def _oms_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _oms_read(self):
        """(header, orders) of the file, or a UserError saying what is wrong."""
        self.ensure_one()
        mapping = self.mapping_id
        if mapping.channel_id != self.channel_id:
            raise UserError(
                self.env._("The mapping %s belongs to another channel.", mapping.name)
            )
        data = base64.b64decode(self.file or b"")
        try:
            header, rows = file_import.read_file(
                data, self.filename or "", mapping.encoding, mapping.delimiter or ""
            )
            return header, file_import.build_orders(
                header, rows, mapping._oms_file_mapping()
            )
        except file_import.FileImportError as error:
            raise UserError(self._oms_file_error_message(error)) from error

    def _oms_file_error_message(self, error):
        """THE place where file error codes become sentences."""
        _ = self.env._
        p = dict(error.params)
        messages = {
            file_import.BAD_ENCODING: lambda: _(
                "The file is not %(encoding)s text (line %(row)s): choose the "
                "encoding of the export on the mapping, or save it as UTF-8.",
                encoding=p.get("encoding"),
                row=p.get("row"),
            ),
            file_import.EMPTY_FILE: lambda: _("The file is empty."),
            file_import.MISSING_COLUMNS: lambda: _(
                "Columns of the mapping are not in the file: %s. Check the "
                "mapping or the export.",
                p.get("columns"),
            ),
            file_import.NO_MAPPING: lambda: _(
                "The mapping says no column (nor default) for: %s.", p.get("fields")
            ),
            file_import.BAD_FORMAT: lambda: _(
                "The file cannot be read as CSV or XLSX (%s).",
                p.get("error") or p.get("layout") or "-",
            ),
            file_import.TOO_MANY_ROWS: lambda: _(
                "The file has more than %s rows: split it.", p.get("limit")
            ),
            file_import.XLSX_UNAVAILABLE: lambda: _(
                "XLSX files need the Python library openpyxl: save the file as CSV."
            ),
            file_import.BAD_TIMEZONE: lambda: _("Unknown time zone: %s", p.get("tz")),
        }
        return messages.get(error.code, lambda: str(error))()

    def _oms_preview_html(self, header, orders):
        intake = self.env["oms.order.intake"]
        head = Markup("").join(
            Markup("<th>%s</th>") % label
            for label in (
                self.env._("Order"),
                self.env._("Rows"),
                self.env._("Lines"),
                self.env._("Total"),
                self.env._("Problems"),
            )
        )
        body = []
        for order in orders[:PREVIEW_ORDERS]:
            problems = Markup("<br/>").join(
                escape(
                    intake._intake_problem_message(
                        IntakeProblem(problem["code"], problem["params"])
                    )
                )
                for problem in order.problems[:5]
            )
            body.append(
                Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                )
                % (
                    order.external_id or "-",
                    ", ".join(map(str, order.rows[:10])),
                    len(order.normalized["lines"]),
                    order.normalized.get("total", ""),
                    problems,
                )
            )
        more = ""
        if len(orders) > PREVIEW_ORDERS:
            more = Markup("<p>%s</p>") % self.env._(
                "… and %s more orders.", len(orders) - PREVIEW_ORDERS
            )
        columns = Markup("<p><b>%s</b> %s</p>") % (
            self.env._("Columns:"),
            ", ".join(header),
        )
        return (
            columns
            + Markup('<table class="table table-sm"><thead><tr>%s</tr></thead>') % head
            + Markup("<tbody>%s</tbody></table>") % Markup("").join(body)
            + more
        )
