# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from oms_domain.errors import DomainError
from oms_domain.returns import check_return_lines

STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("received", "Received"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# Returns in these states do not hold any quantity of their order lines.
INACTIVE_STATES = ("rejected", "cancel")
RETURNS_USER = "oms_returns.group_oms_returns_user"
RETURNS_MANAGER = "oms_returns.group_oms_returns_manager"


class OmsReturn(models.Model):
    """The return document: customer, lines, policy and state.

    Receipt (``oms_return_receipt.py``), settlement
    (``oms_return_settlement.py``) and fees (``oms_return_fees.py``) extend it.
    Fields in ``_oms_workflow_fields()`` change only through the actions
    (``oms.return.workflow.mixin``).
    """

    _name = "oms.return"
    _description = "Return Order"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "oms.return.workflow.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default="/",
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    channel_id = fields.Many2one(
        "oms.channel",
        string="Sales Channel",
        compute="_compute_channel_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        groups=RETURNS_USER,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Receiving Warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        check_company=True,
        help="Warehouse or store taking the goods back; customers may return "
        "anywhere, whatever shipped the order.",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, copy=False, tracking=True, index=True
    )
    resolution = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange")],
        required=True,
        default="refund",
        tracking=True,
        help="Refund: credit note for invoiced goods, order adjusted for the "
        "rest. Exchange: the same, plus a new order for the replacement.",
    )
    origin = fields.Selection(
        [
            ("backoffice", "Back Office"),
            ("portal", "Customer Portal"),
            ("channel", "Sales Channel"),
        ],
        string="Requested Through",
        required=True,
        default="backoffice",
    )
    request_date = fields.Date(
        required=True, default=fields.Date.context_today, copy=False
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        groups=RETURNS_USER,
    )
    customer_comment = fields.Text(help="The customer's own words about the return.")
    note = fields.Html(string="Internal Notes", groups=RETURNS_USER)
    policy_override = fields.Boolean(
        string="Policy Exception",
        copy=False,
        tracking=True,
        groups=RETURNS_USER,
        help="Accept this return outside the return window or for final-sale "
        "products (goodwill). Quantities are still checked.",
    )
    line_ids = fields.One2many(
        "oms.return.line", "return_id", string="Lines", copy=True
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    order_ids = fields.Many2many(
        "sale.order",
        string="Orders",
        compute="_compute_order_ids",
        search="_search_order_ids",
    )
    order_count = fields.Integer(compute="_compute_order_ids")

    @api.model
    def default_get(self, fields_list):
        # A return started from orders (sale.order.action_oms_create_return):
        # its own context key, since the buttons of the return keep the
        # action's context, where default_line_ids would fill credit notes.
        values = super().default_get(fields_list)
        started = self.env.context.get("oms_return_from_orders")
        if started:
            values.update(
                {name: value for name, value in started.items() if name in fields_list}
            )
        return values

    # computes

    @api.depends("line_ids.order_id")
    def _compute_channel_id(self):
        for ret in self:
            if not ret.channel_id:
                ret.channel_id = ret.line_ids.order_id.channel_id[:1]

    @api.depends("channel_id", "line_ids.order_id", "company_id")
    def _compute_warehouse_id(self):
        for ret in self:
            if ret.warehouse_id:
                continue
            ret.warehouse_id = (
                ret.channel_id.default_warehouse_id
                or ret.line_ids.order_id.warehouse_id[:1]
                or self.env["stock.warehouse"].search(
                    [("company_id", "=", ret.company_id.id)], limit=1
                )
            )

    @api.depends("line_ids.order_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for ret in self:
            ret.currency_id = (
                ret.line_ids.order_id.currency_id[:1] or ret.company_id.currency_id
            )

    @api.depends("line_ids.order_id")
    def _compute_order_ids(self):
        for ret in self:
            ret.order_ids = ret.line_ids.order_id
            ret.order_count = len(ret.order_ids)

    def _search_order_ids(self, operator, value):
        return [("line_ids.order_id", operator, value)]

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ret in self:
            ret.access_url = f"/my/returns/{ret.id}"
        return res

    # constraints

    @api.constrains("partner_id", "line_ids")
    def _check_lines_customer(self):
        for ret in self:
            orders = ret.line_ids.order_id
            strangers = orders.filtered(
                lambda o, r=ret: (
                    o.partner_id.commercial_partner_id != r.commercial_partner_id
                )
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Return %(name)s: orders %(orders)s belong to another "
                        "customer.",
                        name=ret.name,
                        orders=", ".join(strangers.mapped("name")),
                    )
                )
            if len(orders.currency_id) > 1:
                raise ValidationError(
                    self.env._(
                        "Return %(name)s mixes orders in several currencies; "
                        "make one return per currency.",
                        name=ret.name,
                    )
                )

    # CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("policy_override") for vals in vals_list):
            self._oms_check_manager()
        self._oms_check_request_date(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("oms.return") or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if "policy_override" in vals:
            self._oms_check_manager()
        self._oms_check_request_date([vals])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft_or_cancelled(self):
        if any(ret.state not in ("draft", "cancel") for ret in self):
            raise UserError(
                self.env._("Only draft or cancelled returns can be deleted.")
            )

    # actions

    def action_approve(self):
        """Accept the return: policy checked, return receipts created."""
        self._oms_check_user()
        for ret in self:
            if ret.state != "draft":
                raise UserError(
                    self.env._("Return %(name)s is not a draft.", name=ret.name)
                )
            if not ret.line_ids:
                raise UserError(
                    self.env._("Return %(name)s has no lines.", name=ret.name)
                )
        self._check_return_policy()
        self._oms_workflow_write({"state": "approved"})
        for ret in self:
            ret._create_return_pickings()
        return True

    def action_reject(self):
        self._oms_check_user()
        self._oms_stop("rejected")
        return True

    def action_cancel(self):
        self._oms_check_user()
        self._oms_stop("cancel")
        return True

    def action_draft(self):
        self._oms_check_user()
        for ret in self:
            if ret.state not in INACTIVE_STATES:
                raise UserError(
                    self.env._(
                        "Only rejected or cancelled returns can be reset to draft."
                    )
                )
        self._oms_workflow_write({"state": "draft"})
        self.line_ids._check_returnable_quantity()
        return True

    def action_view_orders(self):
        self.ensure_one()
        return self._oms_action_records(
            "sale.action_orders", self.order_ids, self.env._("Orders")
        )

    # business methods

    def _check_return_policy(self):
        """Raise a UserError listing every line that breaks the return policy.

        The window is measured up to the request date: a customer who asked in
        time is not refused because the approval came late.
        """
        messages = []
        for ret in self:
            lines = ret.line_ids
            returnable = lines._oms_returnable_quantities()
            delivered_on = lines.sale_line_id._oms_delivery_dates()
            with ret._oms_domain_errors():
                checks = [
                    line._oms_policy_check_values(
                        returnable[line.id], delivered_on.get(line.sale_line_id.id)
                    )
                    for line in lines
                ]
            by_id = {line.id: line for line in lines}
            problems = check_return_lines(
                checks,
                ret.request_date or fields.Date.context_today(self),
                precision=self._oms_qty_tolerance(),
                check_window=not ret.policy_override,
            )
            messages += [
                by_id[problem.key]._oms_policy_message(problem) for problem in problems
            ]
        if messages:
            raise UserError(
                self.env._("This return breaks the return policy:")
                + "\n"
                + "\n".join(f"• {message}" for message in messages)
            )

    def _oms_stop(self, state):
        for ret in self:
            if ret.state not in ("draft", "approved"):
                raise UserError(
                    self.env._(
                        "Return %(name)s already received goods; settle it instead.",
                        name=ret.name,
                    )
                )
            pending = ret.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if any(p.state == "done" for p in ret.picking_ids):
                raise UserError(
                    self.env._(
                        "Return %(name)s already received part of the goods.",
                        name=ret.name,
                    )
                )
            pending.action_cancel()
        self._oms_workflow_write({"state": state})

    @api.model
    def _portal_request_return(self, order, quantities, reason, comment=""):
        """Create a return request for the current portal user's own order.

        Checks with the caller's rights that the order is theirs and applies
        the return policy before creating anything, then creates the request as
        superuser.

        :param quantities: {sale.order.line id: quantity}
        :param reason: oms.return.reason
        :raise AccessError: the order is not the user's
        :raise UserError: the request breaks the return policy
        """
        order = order.with_env(self.env)
        order.check_access("read")
        customer = self.env.user.partner_id.commercial_partner_id
        if order.partner_id.commercial_partner_id != customer:
            raise AccessError(self.env._("You can only return your own orders."))
        order = order.sudo()
        reason = reason.sudo()
        if (
            not reason.exists()
            or not reason.active
            or not reason.portal_visible
            or (reason.company_id and reason.company_id != order.company_id)
        ):
            raise UserError(self.env._("Please choose a reason for the return."))
        sale_lines = order.order_line.filtered(
            lambda sol: quantities.get(sol.id, 0) > 0
        )
        if not sale_lines:
            raise UserError(
                self.env._("Choose at least one product and quantity to return.")
            )
        vals = {
            "partner_id": customer.id,
            "company_id": order.company_id.id,
            "origin": "portal",
            "customer_comment": comment,
            # Created as superuser: without this, OdooBot would be responsible.
            "user_id": order.user_id.filtered(lambda user: not user.share).id,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": sol.id,
                        "quantity": quantities[sol.id],
                        "reason_id": reason.id,
                        "customer_comment": comment,
                    }
                )
                for sol in sale_lines
            ],
        }
        # Check on a draft in memory first: the customer gets the policy's
        # words, not a database constraint's.
        self.sudo().new(vals)._check_return_policy()
        ret = self.sudo().create(vals)
        ret.message_post(
            body=self.env._("Return requested by the customer on the portal."),
            author_id=self.env.user.partner_id.id,
        )
        return ret

    # helpers

    def _oms_is_manager(self):
        return self.env.su or self.env.user.has_group(RETURNS_MANAGER)

    def _oms_check_manager(self):
        """Settling and policy exceptions are the return manager's decisions."""
        if not self._oms_is_manager():
            raise AccessError(
                self.env._(
                    "Only return managers can settle returns or grant policy "
                    "exceptions."
                )
            )

    def _oms_check_user(self):
        """The return's actions are for returns staff, whatever calls them."""
        if not (self.env.su or self.env.user.has_group(RETURNS_USER)):
            raise AccessError(
                self.env._("Only returns users can record and process returns.")
            )

    def _oms_check_request_date(self, vals_list):
        """The return window runs up to the request date: backdating a request
        is a policy exception."""
        today = fields.Date.context_today(self)
        dates = [
            fields.Date.to_date(vals["request_date"])
            for vals in vals_list
            if vals.get("request_date")
        ]
        if any(day < today for day in dates) and not self._oms_is_manager():
            raise AccessError(
                self.env._(
                    "Only return managers can date a return request in the past."
                )
            )

    def _oms_workflow_fields(self):
        return super()._oms_workflow_fields() | {
            "state",
            "commercial_partner_id",
            "currency_id",
        }

    @contextmanager
    def _oms_domain_errors(self):
        """Turn an error of the domain package into a translated UserError."""
        try:
            yield
        except DomainError as error:
            raise UserError(
                self.env["oms.return.line"]._oms_domain_error_message(error)
            ) from error

    @api.model
    def _oms_qty_precision(self):
        return self.env["decimal.precision"].precision_get("Product Unit of Measure")

    @api.model
    def _oms_qty_tolerance(self):
        # Half a unit of the last decimal: below that, quantities are equal.
        return 0.5 * 10 ** -self._oms_qty_precision()

    def _oms_action_records(self, xmlid, records, name):
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        action["display_name"] = name
        if len(records) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = records.id
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        return action
