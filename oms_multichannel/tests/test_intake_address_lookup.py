# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestIntakeAddressLookup(OmsCommon):
    """Country and state ids are cached for the intake: the cache follows
    countries and states created, renamed and deleted."""

    def _queries(self, func, *args):
        before = self.env.cr.sql_log_count
        result = func(*args)
        return result, self.env.cr.sql_log_count - before

    def test_lookups_are_cached_and_follow_changes(self):
        lookup = self.env["oms.intake.resolver"]._oms_country_state_ids
        self.assertEqual(lookup("XQ", "NQ"), (False, False))
        country = self.env["res.country"].create({"name": "Testland", "code": "XQ"})
        self.assertEqual(lookup("XQ", "NQ"), (country.id, False))
        state = self.env["res.country.state"].create(
            {"name": "North Testland", "code": "NQ", "country_id": country.id}
        )
        self.assertEqual(lookup("XQ", "NQ"), (country.id, state.id))
        # Asked again: no query.
        self.assertEqual(self._queries(lookup, "XQ", "NQ"), ((country.id, state.id), 0))
        state.code = "SQ"
        self.assertEqual(lookup("XQ", "NQ"), (country.id, False))
        self.assertEqual(lookup("XQ", "SQ"), (country.id, state.id))
        state.unlink()
        self.assertEqual(lookup("XQ", "SQ"), (country.id, False))
        country.unlink()
        self.assertEqual(lookup("XQ", "SQ"), (False, False))

    def test_new_country_reaches_the_next_order(self):
        address = dict(self._order_data()["customer"], country_code="XQ")
        first = self._intake(self._order_data("ADDR-1", customer=address))
        self.assertFalse(first.sale_order_id.partner_id.country_id)
        country = self.env["res.country"].create({"name": "Testland", "code": "XQ"})
        address = dict(address, email="ada@example.com", name="Ada")
        second = self._intake(self._order_data("ADDR-2", customer=address))
        self.assertEqual(second.sale_order_id.partner_shipping_id.country_id, country)
