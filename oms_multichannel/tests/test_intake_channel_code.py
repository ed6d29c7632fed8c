# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestIntakeChannelCode(OmsCommon):
    """``intake_order_by_code`` as an RPC client calls it (no context given)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "OMS Code Company B"})
        cls.channel_b = cls.env["oms.channel"].create(
            {"name": "B web", "code": "TWEB", "company_id": cls.company_b.id}
        )
        cls.both = new_test_user(
            cls.env,
            login="oms_code_both",
            groups="oms_multichannel.group_oms_multichannel_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.company_b).ids)],
        )

    def _by_code(self, user, code="TWEB", context=None, external_id="CODE-1"):
        # Without allowed_company_ids, as an RPC call without context: all the
        # user's companies.
        model = (
            self.env["oms.order.intake"].with_user(user).with_context(**(context or {}))
        )
        return model.browse(
            model.intake_order_by_code(code, self._order_data(external_id))
        )

    def test_code_used_by_two_companies_of_the_user_is_refused(self):
        with self.assertRaises(UserError) as caught:
            self._by_code(self.both)
        message = str(caught.exception)
        self.assertIn("TWEB", message)
        self.assertIn(self.company.name, message)
        self.assertIn(self.company_b.name, message)
        self.assertFalse(
            self.env["oms.order.intake"].search([("external_id", "=", "CODE-1")])
        )

    def test_companies_of_the_request_choose_the_channel(self):
        intake = self._by_code(
            self.both, context={"allowed_company_ids": self.company_b.ids}
        )
        self.assertEqual(intake.channel_id, self.channel_b)
        self.assertEqual(intake.company_id, self.company_b)
        intake = self._by_code(
            self.both,
            context={"allowed_company_ids": self.company.ids},
            external_id="CODE-2",
        )
        self.assertEqual(intake.channel_id, self.channel)

    def test_user_of_one_company_gets_its_channel(self):
        intake = self._by_code(self.oms_user)
        self.assertEqual(intake.channel_id, self.channel)

    def test_unknown_code_is_a_clear_error(self):
        for code in ("NOPE", "", None, 12, ["TWEB"], {"code": "TWEB"}):
            with self.assertRaisesRegex(UserError, "No sales channel with code"):
                self._by_code(self.both, code=code)
