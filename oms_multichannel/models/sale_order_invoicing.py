# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from oms_domain.invoicing import ClearingAction, OpenInvoice, clearing_actions

_logger = logging.getLogger(__name__)

BATCH_SIZE = 100
BILLING_GROUP = "account.group_account_invoice"


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    oms_invoice_error = fields.Text(
        string="Invoicing Error",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Why the channel invoicing job could not invoice this order or "
        "register its channel payment; the job skips the order until the error "
        "is cleared (Retry Invoicing).",
    )

    @api.depends("channel_id")
    def _compute_journal_id(self):
        res = super()._compute_journal_id()
        for order in self.filtered("channel_id"):
            journal = order.channel_id.sudo().oms_invoice_journal_id
            if journal:
                order.journal_id = journal
        return res

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        # always set: it is a grouping key, compared between orders
        vals["oms_channel_id"] = self.channel_id.id
        return vals

    def _get_invoice_grouping_keys(self):
        # one invoice never mixes channels (journal, clearing, profitability)
        return super()._get_invoice_grouping_keys() + ["oms_channel_id"]

    # Actions -----------------------------------------------------------------

    def action_oms_retry_invoicing(self):
        self._oms_check_billing_user()
        self.check_access("write")
        self.sudo().oms_invoice_error = False

    @api.model
    def action_oms_run_channel_invoicing(self):
        """Invoice due channel orders and register their channel payments now,
        with the rights of the user (billing users and up)."""
        self._oms_check_billing_user()
        done = self._oms_channel_accounting_batch(limit=None)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s channel orders processed.", count=len(done)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # Scheduled job -------------------------------------------------------------

    @api.model
    def _cron_oms_channel_invoicing(self, batch_size=BATCH_SIZE):
        """One batch per run; Odoo runs the job again while work remains."""
        done = self._oms_channel_accounting_batch(limit=batch_size)
        remaining = self.search_count(self._oms_invoicing_due_domain())
        remaining += len(self._oms_payment_due_invoices())
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=remaining)
        return done

    @api.model
    def _oms_channel_accounting_batch(self, limit=BATCH_SIZE):
        """Invoice the orders due per their channel's policy, then apply the
        channel payment status to posted invoices; returns the orders handled.

        Each order runs in its own savepoint: one failing order gets its error
        written on it and is skipped by the next runs until cleared.
        """
        to_invoice = self.search(
            self._oms_invoicing_due_domain(), limit=limit, order="date_order, id"
        )
        done = self.browse()
        for order in to_invoice:
            if order._oms_try(order._oms_invoice_channel_order):
                done |= order
        invoices = self._oms_payment_due_invoices(limit=limit)
        for order in invoices.line_ids.sale_line_ids.order_id:
            if order._oms_try(order._oms_apply_channel_payment_status):
                done |= order
        return done

    @api.model
    def _oms_invoicing_due_domain(self):
        delivered_lines = [("qty_delivered_method", "=", "stock_move")]
        return [
            ("state", "=", "sale"),
            ("channel_id", "!=", False),
            ("invoice_status", "=", "to invoice"),
            ("channel_payment_status", "!=", "refunded"),
            ("oms_invoice_error", "=", False),
            "|",
            ("channel_id.oms_invoice_policy", "=", "confirm"),
            "&",
            ("channel_id.oms_invoice_policy", "=", "delivery"),
            # at delivery: once something shipped is left to invoice (the
            # shipping line goes with it), or at once without shipped goods
            "|",
            ("order_line", "any", delivered_lines + [("qty_to_invoice", ">", 0)]),
            ("order_line", "not any", delivered_lines),
        ]

    @api.model
    def _oms_payment_due_invoices(self, limit=None):
        """Posted channel invoices the channel's payment status has work for."""
        order_path = "line_ids.sale_line_ids.order_id"
        domain = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("oms_channel_id.oms_clearing_journal_id", "!=", False),
            (f"{order_path}.oms_invoice_error", "=", False),
            "|",
            "&",
            (f"{order_path}.channel_payment_status", "=", "paid"),
            ("payment_state", "in", ("not_paid", "partial")),
            "&",
            (f"{order_path}.channel_payment_status", "=", "refunded"),
            ("reversal_move_ids", "=", False),
        ]
        return self.env["account.move"].search(domain, limit=limit, order="id")

    def _oms_try(self, method):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                method()
        except Exception as error:  # noqa: BLE001 - any failure stays on the order
            _logger.info("Channel invoicing of %s failed: %s", self.name, error)
            message = str(error.args[0] if error.args else error)
            self.sudo().oms_invoice_error = message
            self.sudo().message_post(
                body=Markup("<strong>%s</strong> %s")
                % (self.env._("Channel invoicing failed:"), message),
                subtype_xmlid="mail.mt_note",
            )
            return False
        return True

    def _oms_invoice_channel_order(self):
        """Invoice what the channel's policy makes due, post it, and register
        the channel's payment if it says paid."""
        self.ensure_one()
        order = self.with_company(self.company_id)
        invoices = order._create_invoices(final=False)
        invoices.action_post()
        order._oms_apply_channel_payment_status()
        return invoices

    def _oms_apply_channel_payment_status(self):
        """Paid: pay the open invoices through clearing. Refunded: credit them
        and pay back through clearing. Other statuses wait."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda move: (
                move.move_type == "out_invoice"
                and move.state == "posted"
                and move._oms_clearing_journal()
            )
        )
        actions = clearing_actions(
            self.channel_payment_status,
            [
                OpenInvoice(
                    invoice.id,
                    invoice.amount_residual,
                    credited=bool(
                        invoice.reversal_move_ids.filtered(
                            lambda m: m.state == "posted"
                        )
                    ),
                )
                for invoice in invoices
            ],
            rounding=self.currency_id.rounding,
        )
        to_pay = self.env["account.move"].browse(
            [key for key, action in actions if action is ClearingAction.PAY]
        )
        to_refund = self.env["account.move"].browse(
            [key for key, action in actions if action is ClearingAction.REFUND]
        )
        to_pay._oms_register_clearing_payment()
        if to_refund:
            reason = self.env._(
                "Refunded on channel %(channel)s", channel=self.channel_id.name
            )
            to_refund._oms_refund_through_clearing(reason)
        return actions

    def _oms_check_billing_user(self):
        if not self.env.su and not self.env.user.has_group(BILLING_GROUP):
            raise AccessError(
                self.env._("Only billing users may run the channel invoicing.")
            )
