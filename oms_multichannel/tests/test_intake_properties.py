# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import logging
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from oms_domain import order_key, raw_payload
from oms_domain.strategies import ANY_ORDER, RAW_PAYLOADS, orders_like

from .common import OmsCommon

_logger = logging.getLogger(__name__)

EXAMPLES = 200


@tagged("post_install", "-at_install")
class TestIntakeProperties(OmsCommon):
    """Whatever a channel sends, the real intake service keeps it.

    Each example runs in a savepoint rolled back at its end, so the examples
    neither see each other's intakes nor grow the test transaction.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Chatter tracking adds nothing to what is checked here.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.channel = cls.channel.with_env(cls.env)

    def test_any_payload_is_kept_in_exactly_one_intake(self):
        intake_model = self.env["oms.order.intake"].with_user(self.oms_user)
        examples = []
        outcomes = Counter()
        base = self._order_data("PROP-1", total="50.00")

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
        )
        @given(
            data=st.one_of(ANY_ORDER, orders_like(base)),
            raw=RAW_PAYLOADS,
            by_code=st.booleans(),
        )
        def check(data, raw, by_code):
            examples.append(by_code)
            with contextlib.closing(self.env.cr.savepoint()):
                if by_code:
                    intake = intake_model.browse(
                        intake_model.intake_order_by_code("TWEB", data, raw)
                    )
                else:
                    intake = intake_model.intake_order(self.channel, data, raw)
                expected = raw_payload(raw if raw is not None else data)
                intakes = intake_model.search(
                    [
                        ("channel_id", "=", self.channel.id),
                        ("external_id", "=", order_key(data, expected.data)),
                    ]
                )
                self.assertEqual(intakes, intake)
                self.assertIn(intake.state, ("done", "exception"))
                if intake.state == "exception":
                    self.assertTrue(intake.exception_reason)
                received = intake.payload_ids
                self.assertEqual(len(received), 1)
                self.assertEqual(received._exact_bytes(), expected.data)
                self.assertEqual(received.payload, expected.text)
                outcomes[intake.state] += 1
                outcomes["with an order"] += bool(intake.sale_order_id)

        check()
        _logger.info(
            "Intake property test: %s examples through the intake service "
            "(%s by channel code; %s)",
            len(examples),
            sum(examples),
            dict(outcomes),
        )
        self.assertGreaterEqual(len(examples), EXAMPLES)
