# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, models
from odoo.exceptions import AccessError

# Context value that lets the return's own actions write workflow fields. An
# object, not a string: no JSON-RPC call can put it in a context.
WORKFLOW = object()


class OmsReturnWorkflowMixin(models.AbstractModel):
    """Fields that only the actions of a return write.

    State, links to receipts and accounting documents, amounts and fees are
    written through :meth:`_oms_workflow_write` by the actions, after their own
    checks. Any other write of them (an RPC ``write``/``create``, a context
    default, a user default), whoever the user, raises an AccessError.
    """

    _name = "oms.return.workflow.mixin"
    _description = "Return Workflow Fields"

    @api.model_create_multi
    def create(self, vals_list):
        self._oms_check_workflow_create(vals_list)
        records = super(
            OmsReturnWorkflowMixin, self._oms_without_workflow_defaults()
        ).create(vals_list)
        records._oms_check_workflow_initial()
        return records.with_env(self.env)

    def write(self, vals):
        self._oms_check_workflow_write(vals)
        return super().write(vals)

    def _oms_workflow_fields(self):
        """Names of the fields only the actions write; extended per capability."""
        return set()

    def _oms_workflow_write(self, vals):
        """Write workflow fields; for the actions of the return only."""
        return self.with_context(oms_return_workflow=WORKFLOW).write(vals)

    def _oms_in_workflow(self):
        return self.env.context.get("oms_return_workflow") is WORKFLOW

    def _oms_check_workflow_write(self, vals):
        if self._oms_in_workflow():
            return
        names = sorted(self._oms_workflow_fields() & set(vals))
        if names:
            raise AccessError(
                self.env._(
                    "%(fields)s change only through the actions of the return "
                    "(approve, receive, inspect, settle, reject, cancel).",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in names
                    ),
                )
            )

    def _oms_check_workflow_create(self, vals_list):
        # Computed fields given on create are recomputed anyway: only the
        # others need a check.
        if self._oms_in_workflow():
            return
        names = {
            name
            for name in self._oms_workflow_fields()
            if not self._fields[name].compute
        }
        for vals in vals_list:
            given = {name: vals[name] for name in names & set(vals)}
            if not all(
                self._oms_is_initial_value(name, value) for name, value in given.items()
            ):
                self._oms_check_workflow_write(given)

    def _oms_check_workflow_initial(self):
        """Created records hold no workflow value, whatever the defaults."""
        if self._oms_in_workflow():
            return
        for name in self._oms_workflow_fields():
            field = self._fields[name]
            if field.compute:
                continue
            for record in self:
                value = field.convert_to_write(record[name], record)
                if not self._oms_is_initial_value(name, value):
                    self._oms_check_workflow_write({name: value})

    def _oms_is_initial_value(self, name, value):
        if name == "state":
            return value in ("draft", False)
        if isinstance(value, list | tuple):
            # x2many commands that leave the field empty
            return all(
                command[0] == Command.CLEAR
                or (command[0] == Command.SET and not command[2])
                for command in value
            )
        return not value

    def _oms_without_workflow_defaults(self):
        """This model without context defaults for workflow fields (a context
        leaking ``default_state`` from another action must not set them)."""
        keys = {f"default_{name}" for name in self._oms_workflow_fields()}
        if keys.isdisjoint(self.env.context):
            return self
        context = {k: v for k, v in self.env.context.items() if k not in keys}
        return self.with_env(self.env(context=context))
