# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)

STAGES = ("confirmed", "shipped", "pickup", "delivered")


class OmsNotificationMixin(models.AbstractModel):
    """Customer notifications per fulfilment stage, as the order's channel says.

    Used by ``sale.order`` (confirmed, delivered) and ``stock.picking`` (shipped,
    ready for pickup). Each stage goes out once per record: the stages sent are
    kept in ``oms_notified_stages``.
    """

    _name = "oms.notification.mixin"
    _description = "Customer Notifications of Channel Orders"

    oms_notified_stages = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Customer notifications already sent.",
    )

    def _oms_notification_channel(self):
        """The channel whose settings apply."""
        raise NotImplementedError

    def _oms_sms_body(self, stage):
        """The SMS text of ``stage``, in the env's language."""
        raise NotImplementedError

    def _oms_notify_customer(self, stage, force=False):
        """Send the ``stage`` email (and SMS) where the channel asks for it."""
        if self.env.context.get("oms_demo_history"):
            return  # a replayed past (oms.demo.history) reaches no customer
        for record in self:
            channel = record._oms_notification_channel()
            template = channel._oms_notification_template(stage)
            if not template:
                continue
            sent = set((record.sudo().oms_notified_stages or "").split(",")) - {""}
            if stage in sent and not force:
                continue
            # A notification that fails must not undo the shipment it reports.
            try:
                with self.env.cr.savepoint():
                    record._oms_send_notification(template, stage, channel)
            except Exception as error:  # noqa: BLE001 - reported on the record
                _logger.info(
                    "Notification %s of %s failed", stage, record, exc_info=True
                )
                record.sudo().message_post(
                    body=self.env._(
                        "The customer notification '%(stage)s' could not be sent: "
                        "%(error)s",
                        stage=stage,
                        error=error,
                    )
                )
                continue
            sent.add(stage)
            record.sudo().oms_notified_stages = ",".join(sorted(sent))

    def _oms_send_notification(self, template, stage, channel):
        self.ensure_one()
        self.with_context(force_send=False).message_post_with_source(
            template,
            email_layout_xmlid="mail.mail_notification_light",
            subtype_xmlid="mail.mt_comment",
        )
        partner = self.partner_id
        if (
            channel.notify_sms
            and hasattr(self, "_message_sms")
            and (partner.mobile or partner.phone)
        ):
            body = self.with_context(lang=partner.lang or self.env.lang)._oms_sms_body(
                stage
            )
            self._message_sms(body, partner_ids=partner.ids)
