# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import models

from oms_domain import IntakeProblem, file_import


class OmsOrderIntake(models.Model):
    """Orders from files carry the problems of their rows (``file_problems``
    of the normalized order): they keep the order in exception until a
    corrected file is imported."""

    _inherit = "oms.order.intake"

    def _build_order(self):
        problems = super()._build_order()
        try:
            data = json.loads(self.normalized or "null")
        except (ValueError, RecursionError):
            return problems
        rows = data.get("file_problems") if isinstance(data, dict) else None
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and row.get("code") == file_import.ROW_PROBLEM:
                params = row.get("params")
                problems.append(
                    IntakeProblem(
                        file_import.ROW_PROBLEM,
                        params if isinstance(params, dict) else {},
                    )
                )
        return problems

    def _intake_problem_message(self, problem):
        if problem.code != file_import.ROW_PROBLEM:
            return super()._intake_problem_message(problem)
        _ = self.env._
        params = problem.params
        reason = params.get("reason")
        values = {
            "row": params.get("row", "?"),
            "column": params.get("column", ""),
            "value": params.get("value", ""),
        }
        if reason == file_import.MISSING_VALUE:
            return _("Row %(row)s: “%(column)s” is empty.", **values)
        if reason == file_import.NOT_A_NUMBER:
            return _("Row %(row)s: “%(column)s” is not a number: %(value)s", **values)
        if reason == file_import.NOT_A_DATE:
            return _("Row %(row)s: “%(column)s” is not a date: %(value)s", **values)
        if reason == file_import.DUPLICATE_ORDER:
            return _(
                "Row %(row)s: order %(value)s appears again in a file of one "
                "order per row; the row was left out.",
                **values,
            )
        return _("Row %(row)s: “%(column)s” cannot be read.", **values)
