# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.stock_picking import StockPicking
from .common_fulfilment import FulfilmentCommon


class NotificationCommon(FulfilmentCommon):
    def _mails(self, record, subject_part):
        """Emails posted on ``record`` (sent mails are deleted, messages stay)."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("message_type", "=", "notification"),
                ("subject", "ilike", subject_part),
            ]
        )


@tagged("post_install", "-at_install")
class TestFulfilmentNotifications(NotificationCommon):
    def test_channel_defaults_by_type(self):
        self.assertTrue(self.channel.notify_shipped)
        self.assertFalse(self.channel.notify_confirmed)
        market = self.env["oms.channel"].create(
            {"name": "Fulfil Market", "code": "FU-MKT", "channel_type": "marketplace"}
        )
        self.assertFalse(market.notify_shipped or market.notify_delivered)
        phone = self.env["oms.channel"].create(
            {"name": "Fulfil Phone", "code": "FU-PHONE", "channel_type": "phone"}
        )
        self.assertTrue(phone.notify_confirmed)
        self.assertEqual(
            phone.mail_template_shipped_id,
            self.env.ref("oms_multichannel.mail_template_oms_shipped"),
        )

    def test_shipped_email_with_tracking_link_and_channel_hook(self):
        picking = self._delivery([(self.mug, 1)])
        picking.carrier_tracking_ref = "FU-TRACK-1"
        with patch.object(
            StockPicking, "_oms_notify_channel_fulfilment", autospec=True
        ) as hook:
            self._validate(picking)
        hook.assert_called_once()
        self.assertEqual(hook.call_args.args[0], picking)
        mail = self._mails(picking, "has shipped")
        self.assertEqual(len(mail), 1)
        self.assertIn("https://track.example.com/?n=FU-TRACK-1", mail.body)
        self.assertEqual(mail.partner_ids, self.customer)
        self.assertEqual(picking.sale_id.oms_state, "shipped")
        # Tracking typed after validation: the customer and the channel hear again.
        with patch.object(
            StockPicking, "_oms_notify_channel_fulfilment", autospec=True
        ) as hook:
            picking.carrier_tracking_ref = "FU-TRACK-2"
        hook.assert_called_once()
        self.assertEqual(len(self._mails(picking, "has shipped")), 2)

    def test_marketplace_customers_get_no_email(self):
        market = self.env["oms.channel"].create(
            {
                "name": "Fulfil Market",
                "code": "FU-MKT",
                "channel_type": "marketplace",
                "warehouse_ids": [(6, 0, self.warehouse.ids)],
            }
        )
        picking = self._delivery([(self.mug, 1)], channel=market)
        self._validate(picking)
        self.assertFalse(self._mails(picking, "has shipped"))

    def test_confirmed_email_when_the_channel_asks(self):
        self.channel.notify_confirmed = True
        order = self._order([(self.mug, 1)])
        self.assertTrue(self._mails(order, order.name))
        self.assertIn("confirmed", order.oms_notified_stages)

    def test_store_pickup_ready_then_collected(self):
        picking = self._delivery([(self.mug, 1)], carrier=self.pickup)
        order = picking.sale_id
        picking.with_user(self.stock_user).action_oms_ready_for_pickup()
        self.assertTrue(picking.oms_ready_for_pickup_date)
        self.assertEqual(len(self._mails(picking, "ready for pickup")), 1)
        # The store clerk hands it over: no Order Management right needed.
        self._validate(picking.with_user(self.stock_user))
        self.assertFalse(self._mails(picking, "has shipped"))
        self.assertTrue(order.oms_delivered_date)
        self.assertEqual(order.oms_state, "delivered")
        self.assertEqual(len(self._mails(order, "was delivered")), 1)
        timeline = order._oms_portal_timeline()
        self.assertEqual(
            [step["name"] for step in timeline],
            ["Confirmed", "Ready for pickup", "Collected"],
        )
        self.assertTrue(all(step["done"] for step in timeline))
        with self.assertRaises(UserError):
            picking.action_oms_ready_for_pickup()

    def test_delivered_by_hand_notifies_once(self):
        picking = self._delivery([(self.mug, 1)])
        self._validate(picking)
        order = picking.sale_id
        order.action_oms_mark_delivered()
        order.oms_delivered_date = order.oms_delivered_date
        self.assertEqual(len(self._mails(order, "was delivered")), 1)

    def test_failing_template_does_not_block_the_shipment(self):
        self.env.ref(
            "oms_multichannel.mail_template_oms_shipped"
        ).subject = "{{ object.nope.x }}"
        picking = self._delivery([(self.mug, 1)])
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertIn("could not be sent", " ".join(picking.message_ids.mapped("body")))
        self.assertFalse(self._mails(picking, "has shipped"))


@tagged("post_install", "-at_install")
class TestFulfilmentPortalTimeline(HttpCase, NotificationCommon):
    def test_customer_sees_progress_and_tracking(self):
        portal = new_test_user(
            self.env, login="fulfil_customer", groups="base.group_portal"
        )
        portal.partner_id.write(
            {
                "street": "1 Main Street",
                "city": "Springfield",
                "country_id": self.env.ref("base.us").id,
            }
        )
        picking = self._delivery([(self.mug, 1)], partner=portal.partner_id)
        picking.carrier_tracking_ref = "FU-PORTAL-1"
        self._validate(picking)
        self.authenticate("fulfil_customer", "fulfil_customer")
        page = self.url_open(picking.sale_id.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Order progress", page.text)
        self.assertIn("FU-PORTAL-1", page.text)
        self.assertIn("https://track.example.com/?n=FU-PORTAL-1", page.text)
