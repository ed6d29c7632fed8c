# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

# what developers write (code, fields, views, menus, actions, groups); terms of
# data records depend on the demo data installed and are left out
DEVELOPER_TERMS = (
    "code:",
    "model:ir.model.fields",
    "model_terms:ir.ui.view",
    "model:ir.ui.menu",
    "model:ir.actions",
    "model:res.groups",
)
REPO = Path(__file__).resolve().parents[2]


@tagged("post_install", "-at_install")
class TestTranslationTemplates(TransactionCase):
    """Each addon's committed i18n/<addon>.pot holds every term of its code and
    views, so that `make lint` (tools/i18n.py check) sees what to translate."""

    def _terms(self, pofile):
        return {
            (entry.msgctxt, entry.msgid)
            for entry in pofile
            if any(
                path.startswith(DEVELOPER_TERMS) for path, _line in entry.occurrences
            )
        }

    def test_templates_are_current(self):
        addons = (
            self.env["ir.module.module"]
            .search([("name", "=like", "oms\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        for addon in addons:
            template = REPO / addon / "i18n" / f"{addon}.pot"
            if not template.exists():
                continue
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", self.env.cr)
            current = self._terms(polib.pofile(buffer.getvalue().decode()))
            committed = {
                (entry.msgctxt, entry.msgid) for entry in polib.pofile(str(template))
            }
            missing = sorted(msgid for _ctx, msgid in current - committed)
            with self.subTest(addon=addon):
                self.assertFalse(
                    missing,
                    "%s/i18n/%s.pot lacks %d terms (run `make i18n`, then "
                    "translate): %s" % (addon, addon, len(missing), missing[:5]),
                )
