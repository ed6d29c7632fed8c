# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime
from decimal import Decimal

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import code_translations

from oms_domain.allocation import REASON_ARGS
from oms_domain.ats import ERROR_PARAMS, AtsPolicy
from oms_domain.errors import DomainError

SAMPLES = {
    "date": datetime(2026, 3, 1, 9, 30),
    "winners": ("Shanghai", "Beijing"),
    "winner": "Shanghai",
    "zone": "North",
    "distance": 1068.4,
    "winner_distance": None,
}


@tagged("post_install", "-at_install")
class TestDomainMessage(TransactionCase):
    """Codes of oms_domain become sentences in one place, in the user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.messages = cls.env["oms.domain.message"]

    def word(self, code, names, messages=None):
        params = {name: SAMPLES.get(name, Decimal("2.50")) for name in names}
        return (messages or self.messages)._oms_message(code, params)

    def test_every_allocation_reason_is_worded(self):
        for code, names in REASON_ARGS.items():
            text = self.word(code, names)
            self.assertNotEqual(text, code)
            self.assertNotIn("%(", text, code)
        self.assertEqual(
            self.word("not_needed", REASON_ARGS["not_needed"]),
            "Not needed: what it could ship is allocated from Shanghai, Beijing.",
        )
        self.assertEqual(
            self.word("distance", REASON_ARGS["distance"]),
            "Farther from the customer: 1,068 km against ? km from Shanghai.",
        )
        self.assertIn("03/01/2026", self.word("chosen_incoming", ("units", "date")))

    def test_every_ats_error_is_worded(self):
        for code, names in ERROR_PARAMS.items():
            text = self.messages._oms_error_message(
                DomainError(code, **{name: 5 for name in names})
            )
            self.assertNotEqual(text, code)
            self.assertNotIn("%(", text, code)
        with self.assertRaises(DomainError) as refused:
            AtsPolicy(share_percent=150)
        self.assertEqual(
            self.messages._oms_error_message(refused.exception),
            "The share of stock must be between 0 and 100 %, not 150.",
        )

    def test_refused_policy_shows_the_worded_error(self):
        channel = self.env["oms.channel"].create({"name": "Words", "code": "WORDS"})
        with self.assertRaisesRegex(ValidationError, "between 0 and 100 %, not 150"):
            channel.ats_share_percent = 150

    def test_words_follow_the_user_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        source = "None of the ordered products is available."
        translations = dict(code_translations.python_translations)
        translations[("oms_multichannel", "fr_FR")] = {
            source: "Aucun des produits commandés n'est disponible."
        }
        self.patch(code_translations, "python_translations", translations)
        french = self.messages.with_context(lang="fr_FR")
        self.assertEqual(
            french._oms_message("no_stock"),
            "Aucun des produits commandés n'est disponible.",
        )
        self.assertEqual(self.messages._oms_message("no_stock"), source)
