# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import RetryableJobError

from oms_domain import ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.errors import DomainError

_logger = logging.getLogger(__name__)
USER_GROUP = "oms_marketplace_connectors.group_oms_marketplace_connectors_user"


class OmsConnectorEvent(models.Model):
    """A webhook delivery, stored as received before anything is done with it."""

    _name = "oms.connector.event"
    _description = "Connector Webhook Event"
    _order = "id desc"
    _rec_name = "topic"

    account_id = fields.Many2one(
        "oms.connector.account",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True
    )
    delivery_id = fields.Char(required=True, readonly=True, index=True)
    topic = fields.Char(readonly=True, index=True)
    body = fields.Text(readonly=True, help="The body as received (text).")
    body_raw = fields.Binary(
        "Raw Body",
        attachment=False,
        readonly=True,
        help="The exact bytes, kept when the body is not clean UTF-8 text.",
    )
    headers = fields.Text(readonly=True, help="Headers, signatures left out.")
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("ignored", "Ignored"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    error = fields.Text(readonly=True)
    attempt_count = fields.Integer(readonly=True)
    processed_at = fields.Datetime(readonly=True)
    external_id = fields.Char("External Order Id", readonly=True, index=True)
    replay = fields.Boolean(
        readonly=True, help="Process again even what was already taken in."
    )

    _sql_constraints = [
        (
            "account_delivery_uniq",
            "unique(account_id, delivery_id)",
            "This delivery was already received.",
        )
    ]

    # Front door ----------------------------------------------------------------

    @api.model
    def _oms_store(self, account, delivery, headers):
        """Insert the delivery unless it is known; return the new event or an
        empty recordset for a duplicate.

        ``ON CONFLICT DO NOTHING`` makes concurrent deliveries of the same id
        wait for the first and then do nothing: one event whatever happens.
        """
        raw = None
        error = False
        try:
            body = delivery.body.decode("utf-8")
        except UnicodeDecodeError:
            body = delivery.body.decode("utf-8", errors="replace")
            error = self.env._("The body is not UTF-8 text.")
        if "\x00" in body:
            # PostgreSQL text cannot hold NUL characters.
            body = body.replace("\x00", "\ufffd")
            error = error or self.env._("The body contains NUL characters.")
        if error:
            raw = base64.b64encode(delivery.body)
        self.env.cr.execute(
            """
            INSERT INTO oms_connector_event (
                account_id, company_id, delivery_id, topic, body, body_raw, headers,
                state, error, attempt_count, create_uid, write_uid, create_date,
                write_date)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 0, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (account_id, delivery_id) DO NOTHING
            RETURNING id
            """,
            (
                account.id,
                account.company_id.id,
                delivery.delivery_id.strip()[:255].replace("\x00", ""),
                delivery.topic[:255].replace("\x00", ""),
                body,
                psycopg2.Binary(raw) if raw else None,
                json.dumps(headers, sort_keys=True),
                "failed" if error else "pending",
                error or None,
                self.env.uid,
                self.env.uid,
            ),
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _oms_enqueue(self):
        for event in self:
            event.account_id._oms_delay(
                ratelimit.PRIORITY_ORDERS,
                "oms_event:%s:%s" % (event.id, event.attempt_count),
                self.env._(
                    "Webhook %(topic)s: %(account)s",
                    topic=event.topic,
                    account=event.account_id.name,
                ),
                record=event,
            )._oms_process()

    # Processing ----------------------------------------------------------------

    def _oms_process(self):
        """Handle the event; failures end in ``failed`` with a readable error,
        errors worth retrying postpone the job."""
        self.ensure_one()
        if self.state not in ("pending", "failed"):
            return self.state
        account = self.account_id.sudo()
        try:
            with self.env.cr.savepoint():
                state = (
                    account.with_context(oms_replay=self.replay)
                    ._oms_backend()
                    .handle_event(self)
                    or "done"
                )
                # Written before the savepoint is released: one UPDATE with
                # what the handler wrote on the event.
                self._oms_done(state)
        except ConnectorError as error:
            if error.retryable:
                raise RetryableJobError(
                    account._oms_error_message(error),
                    seconds=int(error.retry_after or 10),
                ) from error
            return self._oms_fail(account._oms_error_message(error))
        except (DomainError, UserError, ValueError) as error:
            return self._oms_fail(str(error))
        except RetryableJobError:
            raise
        except Exception as error:  # pylint: disable=broad-except
            if self.env.cr._cnx.closed or _is_retryable_db_error(error):
                raise
            _logger.info("Webhook event %s failed", self.id, exc_info=True)
            return self._oms_fail(
                self.env._(
                    "Unexpected error: %(kind)s: %(error)s",
                    kind=type(error).__name__,
                    error=error,
                )
            )
        return state

    def _oms_done(self, state):
        self.write(
            {
                "state": state,
                "error": False,
                "replay": False,
                "processed_at": fields.Datetime.now(),
                "attempt_count": self.attempt_count + 1,
            }
        )

    def _oms_fail(self, message):
        # The attempt is counted with its outcome, in one UPDATE; the errors
        # retried later roll the job's transaction back, count included.
        self.write(
            {
                "state": "failed",
                "error": message,
                "processed_at": fields.Datetime.now(),
                "attempt_count": self.attempt_count + 1,
            }
        )
        return "failed"

    def _oms_payload(self):
        """The body as JSON, or a :class:`DomainError` saying why it is not."""
        self.ensure_one()
        try:
            return json.loads(self.body or "")
        except ValueError as error:
            raise DomainError(
                self.env._("The body is not valid JSON: %s", error)
            ) from error

    # Actions -------------------------------------------------------------------

    def action_retry(self):
        """Process failed events again (e.g. after binding a product)."""
        self._oms_check_user()
        events = self.filtered(lambda e: e.state == "failed").sudo()
        events.write({"state": "pending", "error": False})
        events._oms_enqueue()
        return True

    def action_replay(self):
        """Process done or ignored events again, as if just received."""
        self._oms_check_user()
        events = self.filtered(lambda e: e.state in ("done", "ignored")).sudo()
        events.write({"state": "pending", "error": False, "replay": True})
        events._oms_enqueue()
        return True

    def _oms_check_user(self):
        self.check_access("read")
        if not self.env.su and not self.env.user.has_group(USER_GROUP):
            raise UserError(
                self.env._("Only connector users can process webhook events again.")
            )


def _is_retryable_db_error(error):
    from psycopg2 import errorcodes  # noqa: PLC0415

    return getattr(error, "pgcode", None) in (
        errorcodes.SERIALIZATION_FAILURE,
        errorcodes.DEADLOCK_DETECTED,
        errorcodes.LOCK_NOT_AVAILABLE,
    )
