# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged, users

from .common import trap_jobs

HEADER = [
    "订单编号",
    "订单创建时间",
    "收货人姓名",
    "收货地址",
    "联系手机",
    "商家编码",
    "宝贝标题",
    "购买数量",
    "价格",
    "买家应付邮费",
    "总金额",
    "订单状态",
]
ADDRESS = "浙江省 杭州市 西湖区 文三路 100号 (310000)"


def row(ref, sku, qty, price, shipping="", total=""):
    return [
        ref,
        "2026-01-05 18:30:00",
        "王小明",
        ADDRESS,
        "13800000000",
        sku,
        "茶具",
        qty,
        price,
        shipping,
        total,
        "买家已付款",
    ]


def csv_bytes(rows, header=None, encoding="gb18030"):
    header = header or HEADER
    out = io.StringIO()
    for cells in [header] + rows:
        out.write(",".join(cells) + "\r\n")
    return out.getvalue().encode(encoding)


@tagged("post_install", "-at_install")
class TestFileImport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": sku,
                    "default_code": sku,
                    "type": "consu",
                    "list_price": 10.0,
                    "taxes_id": [(5, 0, 0)],
                }
                for sku in ("TB-A", "TB-B")
            ]
        )
        cls.shipping = cls.env["product.product"].create(
            {"name": "Tmall shipping", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Tmall Test",
                "code": "TMALLTEST",
                "channel_type": "marketplace",
                "shipping_product_id": cls.shipping.id,
            }
        )
        currency = cls.env.company.currency_id.name
        columns = {
            "order_ref": "订单编号",
            "order_date": "订单创建时间",
            "customer_name": "收货人姓名",
            "full_address": "收货地址",
            "phone": "联系手机",
            "sku": "商家编码",
            "product_name": "宝贝标题",
            "quantity": "购买数量",
            "unit_price": "价格",
            "shipping_amount": "买家应付邮费",
            "total": "总金额",
            "payment_status": "订单状态",
        }
        cls.mapping = cls.env["oms.file.import.mapping"].create(
            {
                "name": "Tmall export",
                "channel_id": cls.channel.id,
                "encoding": "gb18030",
                "timezone": "Asia/Shanghai",
                "column_ids": [
                    (0, 0, {"field_name": name, "column": column})
                    for name, column in columns.items()
                ]
                + [
                    (0, 0, {"field_name": "currency", "default": currency}),
                    (0, 0, {"field_name": "country", "default": "CN"}),
                ],
            }
        )
        cls.user = new_test_user(
            cls.env,
            login="file_importer",
            groups="oms_marketplace_connectors.group_oms_marketplace_connectors_user",
        )
        cls.rows = [
            row("T1", "TB-A", "2", "10.00", "5.00", "45.00"),
            row("T1", "TB-B", "1", "20.00"),
            row("T2", "TB-A", "1", "10.00", "0", "10.00"),
        ]

    def _wizard(self, data, filename="orders.csv"):
        form = Form(self.env["oms.file.import.wizard"])
        form.channel_id = self.channel
        self.assertEqual(form.mapping_id, self.mapping)  # the channel's mapping
        form.file = base64.b64encode(data)
        wizard = form.save()
        # The upload widget sets the name; Form cannot write an invisible field.
        wizard.filename = filename
        return wizard

    def _orders(self):
        return self.env["sale.order"].search([("channel_id", "=", self.channel.id)])

    @users("file_importer")
    def test_preview_then_import_is_idempotent(self):
        wizard = self._wizard(csv_bytes(self.rows))
        wizard.action_preview()
        self.assertEqual((wizard.order_count, wizard.row_count), (2, 3))
        self.assertEqual(wizard.problem_count, 0)
        self.assertIn("T1", wizard.preview_html)
        self.assertIn("订单编号", wizard.preview_html)
        wizard.action_import()
        self.assertIn("2 orders taken in, 0 in exception", wizard.result)
        orders = self._orders()
        self.assertEqual(sorted(orders.mapped("channel_order_ref")), ["T1", "T2"])
        first = orders.filtered(lambda o: o.channel_order_ref == "T1")
        self.assertEqual(
            first.intake_id.state, "done", first.intake_id.exception_reason
        )
        self.assertAlmostEqual(first.amount_total, 45.0)
        self.assertEqual(first.partner_shipping_id.city, "杭州市")
        self.assertEqual(first.partner_shipping_id.zip, "310000")
        # The same file again: the same two orders, nothing doubled.
        self._wizard(csv_bytes(self.rows)).action_import()
        self.assertEqual(len(self._orders()), 2)
        self.assertEqual(len(first.order_line.filtered("product_id.default_code")), 2)

    @users("file_importer")
    def test_bad_row_goes_to_exceptions_with_its_row_number(self):
        rows = [list(cells) for cells in self.rows]
        rows[1][7] = "两"  # quantity of file row 3
        wizard = self._wizard(csv_bytes(rows))
        wizard.action_preview()
        self.assertEqual(wizard.problem_count, 1)
        self.assertIn("Row 3", wizard.preview_html)
        wizard.action_import()
        self.assertIn("1 in exception: T1", wizard.result)
        intake = self.env["oms.order.intake"].search(
            [("channel_id", "=", self.channel.id), ("external_id", "=", "T1")]
        )
        self.assertEqual(intake.state, "exception")
        self.assertIn("Row 3: “购买数量” is not a number: 两", intake.exception_reason)
        # Corrected file: the same order leaves the exceptions.
        self._wizard(csv_bytes(self.rows)).action_import()
        self.assertEqual(intake.state, "done")
        self.assertEqual(len(self._orders()), 2)

    @users("file_importer")
    def test_broken_encoding_and_missing_columns_are_clear(self):
        self.mapping.sudo().encoding = "utf-8"
        broken = csv_bytes(self.rows, encoding="gb18030")
        wizard = self._wizard(broken)
        with self.assertRaisesRegex(UserError, "not utf-8 text \\(line 1\\)"):
            wizard.action_preview()
        self.mapping.sudo().encoding = "gb18030"
        header = [name for name in HEADER if name != "价格"]
        rows = [cells[:8] + cells[9:] for cells in self.rows]
        wizard = self._wizard(csv_bytes(rows, header=header))
        with self.assertRaisesRegex(UserError, "not in the file: 价格"):
            wizard.action_preview()
        self.assertFalse(self._orders())

    @users("file_importer")
    def test_xlsx_file(self):
        import openpyxl  # noqa: PLC0415

        book = openpyxl.Workbook()
        for cells in [HEADER] + self.rows:
            book.active.append(cells)
        out = io.BytesIO()
        book.save(out)
        wizard = self._wizard(out.getvalue(), "orders.xlsx")
        wizard.action_import()
        self.assertEqual(len(self._orders()), 2)

    def test_big_file_is_taken_in_by_jobs(self):
        rows = [
            row("B%04d" % n, "TB-A", "1", "10.00", "0", "10.00") for n in range(450)
        ]
        wizard = self._wizard(csv_bytes(rows))
        with trap_jobs() as trap:
            wizard.action_import()
            trap.assert_jobs_count(3, only=self.channel._oms_import_file_orders)
            self.assertIn("450 orders queued in 3 jobs", wizard.result)
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._orders()), 450)
