# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.api import call_kw
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import HttpStockCase

ENDPOINT_FIELDS = (
    "http_stock_url",
    "http_stock_secret",
    "http_stock_timeout",
    "http_stock_allow_private",
    "stock_sync_last_error_detail",
)


@tagged("post_install", "-at_install")
class TestHttpStockAccess(HttpStockCase):
    """Where the server sends requests is for connector managers only.

    An OMS manager configures channels but must not make the server call an
    address of their choosing and read the answer (server-side request
    forgery). Calls go through ``odoo.api.call_kw``, as JSON-RPC does.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oms_manager = new_test_user(
            cls.env,
            login="http_oms_manager",
            groups="oms_multichannel.group_oms_multichannel_manager",
        )
        cls.connector_manager = new_test_user(
            cls.env,
            login="http_connector_manager",
            groups="oms_marketplace_connectors.group_oms_marketplace_connectors_manager",
        )

    def rpc(self, user, method, *args, **kwargs):
        return call_kw(
            self.env["oms.channel"].with_user(user), method, list(args), kwargs
        )

    def test_oms_manager_cannot_read_the_endpoint(self):
        self.assertFalse(
            self.oms_manager.has_group(
                "oms_marketplace_connectors.group_oms_marketplace_connectors_manager"
            )
        )
        ids = self.channel.ids
        for name in ENDPOINT_FIELDS:
            with self.subTest(field=name):
                with self.assertRaises(AccessError):
                    self.rpc(self.oms_manager, "read", ids, [name])
                with self.assertRaises(AccessError):
                    self.rpc(
                        self.oms_manager,
                        "search_read",
                        [("id", "in", ids)],
                        [name],
                    )
                with self.assertRaises(AccessError):
                    self.rpc(self.oms_manager, "web_read", ids, {name: {}})
                # Searching would tell the value one character at a time.
                with self.assertRaises(AccessError):
                    self.rpc(self.oms_manager, "search_count", [(name, "!=", False)])
        # Reading every field leaves them out; the form and fields_get too.
        values = self.rpc(self.oms_manager, "read", ids)[0]
        self.assertEqual(values["code"], "HTTP-WEB")
        self.assertFalse(set(ENDPOINT_FIELDS) & set(values))
        self.assertFalse(
            set(ENDPOINT_FIELDS) & set(self.rpc(self.oms_manager, "fields_get"))
        )
        arch = self.rpc(self.oms_manager, "get_views", [(False, "form")])["views"][
            "form"
        ]["arch"]
        names = set(etree.fromstring(arch).xpath("//field/@name"))
        self.assertIn("stock_export_type", names)
        self.assertFalse(set(ENDPOINT_FIELDS) & names)

    def test_oms_manager_cannot_write_the_endpoint(self):
        ids = self.channel.ids
        for values in (
            {"http_stock_url": "http://169.254.169.254/latest/meta-data/"},
            {"http_stock_allow_private": True},
            {"http_stock_timeout": 300},
            {"http_stock_secret": "guessed"},
        ):
            with self.subTest(values=values):
                with self.assertRaises(AccessError):
                    self.rpc(self.oms_manager, "write", ids, values)
                with self.assertRaises(AccessError):
                    self.rpc(
                        self.oms_manager,
                        "create",
                        [
                            dict(
                                values,
                                name="Forged",
                                code="HTTP-FORGED",
                                stock_export_type="http",
                            )
                        ],
                    )
        self.assertEqual(self.channel.http_stock_url, self.server.url)
        # The rest of the channel is theirs to edit.
        self.rpc(self.oms_manager, "write", ids, {"name": "Renamed", "ats_buffer": 2})
        self.assertEqual(self.channel.name, "Renamed")

    def test_oms_manager_cannot_set_the_endpoint_through_defaults_or_copy(self):
        # Odoo checks field groups on write only; the channel checks create.
        with self.assertRaises(AccessError):
            self.rpc(
                self.oms_manager,
                "create",
                [{"name": "Forged", "code": "HTTP-FORGED"}],
                context={"default_http_stock_url": "http://169.254.169.254/"},
            )
        # A copy starts without push nor endpoint.
        copied = self.env["oms.channel"].browse(
            self.rpc(self.oms_manager, "copy", self.channel.ids, {"code": "HTTP-COPY"})
        )
        self.assertEqual(copied.code, "HTTP-COPY")
        self.assertEqual(copied.stock_export_type, "none")
        self.assertFalse(copied.http_stock_url or copied.http_stock_secret)

    def test_connector_manager_configures_the_endpoint(self):
        ids = self.channel.ids
        self.rpc(
            self.connector_manager,
            "write",
            ids,
            {
                "http_stock_url": "https://shop.example.com/oms/stock",
                "http_stock_allow_private": False,
                "http_stock_timeout": 5,
            },
        )
        values = self.rpc(
            self.connector_manager,
            "read",
            ids,
            ["http_stock_url", "http_stock_allow_private", "http_stock_timeout"],
        )[0]
        self.assertEqual(values["http_stock_url"], "https://shop.example.com/oms/stock")
        self.assertFalse(values["http_stock_allow_private"])
        self.assertEqual(values["http_stock_timeout"], 5)
        arch = self.rpc(self.connector_manager, "get_views", [(False, "form")])[
            "views"
        ]["form"]["arch"]
        names = set(etree.fromstring(arch).xpath("//field/@name"))
        self.assertLessEqual(set(ENDPOINT_FIELDS), names)
