"""Order files (CSV, XLSX) to normalized orders: mapping, grouping, row errors."""

import io
import time
import tracemalloc

import pytest

from oms_domain import file_import as fi
from oms_domain import parse_order

TAOBAO_HEADER = [
    "订单编号",
    "买家会员名",
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
    "买家留言",
]
TAOBAO = fi.FileMapping(
    columns={
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
        "note": "买家留言",
    },
    defaults={"currency": "CNY", "country": "CN"},
    layout="line",
    tz="Asia/Shanghai",
)


def taobao_csv(rows, encoding="gb18030"):
    out = io.StringIO()
    out.write(",".join(TAOBAO_HEADER) + "\r\n")
    for row in rows:
        out.write(",".join(row) + "\r\n")
    return out.getvalue().encode(encoding)


ROWS = [
    [
        "3001",
        "小明",
        "2026-01-05 18:30:00",
        "王小明",
        "浙江省 杭州市 西湖区 文三路 100号 (310000)",
        "13800000000",
        "TB-A",
        "茶杯",
        "2",
        "¥12.50",
        "8.00",
        "58.00",
        "买家已付款",
        "请尽快发货",
    ],
    [
        "3001",
        "小明",
        "2026-01-05 18:30:00",
        "王小明",
        "浙江省 杭州市 西湖区 文三路 100号 (310000)",
        "13800000000",
        "TB-B",
        "茶壶",
        "1",
        "25.00",
        "",
        "",
        "",
        "",
    ],
    [
        "3002",
        "小红",
        "2026/01/06 09:00",
        "李小红",
        "广东省 深圳市 南山区 科技园 1号 (518000)",
        "13900000000",
        "TB-A",
        "茶杯",
        "1",
        "12.50",
        "0",
        "12.50",
        "交易成功",
        "",
    ],
]


def test_taobao_gbk_export_grouped_by_order_number():
    header, rows = fi.read_file(taobao_csv(ROWS), "orders.csv", "gb18030")
    orders = fi.build_orders(header, rows, TAOBAO)
    assert [o.external_id for o in orders] == ["3001", "3002"]
    first = orders[0]
    assert first.rows == [2, 3]
    assert not first.problems
    data = first.normalized
    assert data["currency"] == "CNY"
    assert data["order_date"] == "2026-01-05T10:30:00Z"  # Shanghai is UTC+8
    assert data["payment_status"] == "paid"
    assert data["note"] == "请尽快发货"
    assert data["shipping_address"] == {
        "name": "王小明",
        "email": "",
        "phone": "13800000000",
        "company_name": "",
        "street": "西湖区 文三路 100号",
        "street2": "",
        "city": "杭州市",
        "state_code": "浙江省",
        "zip": "310000",
        "country_code": "CN",
    }
    assert [(x["sku"], x["quantity"], x["unit_price"]) for x in data["lines"]] == [
        ("TB-A", "2", "12.50"),
        ("TB-B", "1", "25.00"),
    ]
    parsed = parse_order(first.payload())
    assert not parsed.problems
    net = sum(line.quantity * line.unit_price for line in parsed.lines)
    assert net + parsed.shipping_amount == parsed.total
    assert orders[1].normalized["order_date"] == "2026-01-06T01:00:00Z"


def test_same_file_gives_the_same_orders_and_raw_bytes():
    data = taobao_csv(ROWS)
    one = fi.build_orders(*fi.read_file(data, "a.csv", "gb18030"), TAOBAO)
    two = fi.build_orders(*fi.read_file(data, "a.csv", "gb18030"), TAOBAO)
    assert [o.payload() for o in one] == [o.payload() for o in two]
    header = fi.read_file(data, "a.csv", "gb18030")[0]
    assert one[0].raw(header) == two[0].raw(header)


def test_bad_rows_carry_their_row_number():
    rows = [list(row) for row in ROWS]
    rows[1][8] = "two"  # quantity of row 3
    rows[2][6] = ""  # SKU of row 4
    header, parsed = fi.read_file(taobao_csv(rows), "x.csv", "gb18030")
    orders = fi.build_orders(header, parsed, TAOBAO)
    assert orders[0].problems == [
        {
            "code": "file_row",
            "params": {
                "row": 3,
                "column": "购买数量",
                "reason": "not_a_number",
                "value": "two",
            },
        }
    ]
    assert orders[1].problems[0]["params"]["row"] == 4
    assert orders[1].problems[0]["params"]["reason"] == "missing_value"


def test_row_without_order_number_is_its_own_order_in_error():
    rows = [list(row) for row in ROWS]
    rows[2][0] = ""
    orders = fi.build_orders(
        *fi.read_file(taobao_csv(rows), "x.csv", "gb18030"), TAOBAO
    )
    orphan = orders[-1]
    assert orphan.external_id == "" and orphan.rows == [4]
    assert orphan.problems[0]["params"]["column"] == "订单编号"


def test_broken_encoding_says_where():
    data = taobao_csv(ROWS)  # GB18030 bytes
    with pytest.raises(fi.FileImportError) as error:
        fi.read_file(data, "x.csv", "utf-8")
    assert error.value.code == fi.BAD_ENCODING
    assert error.value.params["row"] == 1  # the Chinese header already
    with pytest.raises(fi.FileImportError) as error:
        fi.read_file(b"a,b\n", "x.csv", "no-such-codec")
    assert error.value.code == fi.BAD_ENCODING


def test_missing_columns_and_incomplete_mapping():
    header = [name for name in TAOBAO_HEADER if name != "购买数量"]
    with pytest.raises(fi.FileImportError) as error:
        fi.build_orders(header, [], TAOBAO)
    assert error.value.code == fi.MISSING_COLUMNS
    assert error.value.params["columns"] == "购买数量"
    mapping = fi.FileMapping(columns={"order_ref": "订单编号", "sku": "商家编码"})
    with pytest.raises(fi.FileImportError) as error:
        fi.build_orders(TAOBAO_HEADER, [], mapping)
    assert error.value.code == fi.NO_MAPPING
    assert error.value.params["fields"] == "quantity, unit_price"
    with pytest.raises(fi.FileImportError) as error:
        fi.read_file(b"", "x.csv")
    assert error.value.code == fi.EMPTY_FILE


def test_one_order_per_row_layout_and_duplicates():
    mapping = fi.FileMapping(
        columns={
            "order_ref": "Order",
            "sku": "SKU",
            "quantity": "Qty",
            "line_total": "Amount",
            "customer_name": "Name",
            "street": "Street",
            "city": "City",
            "country": "Country",
            "currency": "Currency",
        },
        layout="order",
    )
    data = (
        b"Order;SKU;Qty;Amount;Name;Street;City;Country;Currency\n"
        b"A1;X;2;10,50;Ann;1 Road;Oslo;no;nok\n"
        b"A2;Y;1;3;Bob;2 Road;Oslo;NO;NOK\n"
        b"A1;X;2;10,50;Ann;1 Road;Oslo;no;nok\n"
    )
    orders = fi.build_orders(*fi.read_file(data, "x.csv"), mapping)
    assert [o.external_id for o in orders] == ["A1", "A2"]
    assert orders[0].normalized["lines"][0]["unit_price"] == "5.25"
    assert orders[0].normalized["currency"] == "NOK"
    assert orders[0].problems[0]["params"]["reason"] == "duplicate_order"
    assert orders[0].problems[0]["params"]["row"] == 4


def test_numbers_dates_and_zones():
    assert fi.parse_number("¥1,234.50") == fi.Decimal("1234.50")
    assert fi.parse_number("12,5") == fi.Decimal("12.5")
    assert fi.parse_number("1,234") == fi.Decimal("1234")
    assert fi.parse_number(3.0) == 3
    assert fi.parse_number("") is None
    for bad in ("abc", "NaN", "inf", True):
        with pytest.raises(ValueError):
            fi.parse_number(bad)
    assert fi.parse_datetime("2026-01-05 08:00", fi.zone("UTC+8")) == (
        "2026-01-05T00:00:00Z"
    )
    with pytest.raises(ValueError):
        fi.parse_datetime("yesterday", fi.zone("UTC"))
    with pytest.raises(fi.FileImportError):
        fi.zone("Mars/Olympus")


def test_xlsx_reads_like_csv():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(TAOBAO_HEADER)
    for row in ROWS:
        cells = list(row)
        cells[8] = int(cells[8])  # numbers as numbers, as spreadsheets keep them
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    header, rows = fi.read_file(out.getvalue(), "orders.xlsx")
    assert header == TAOBAO_HEADER
    orders = fi.build_orders(header, rows, TAOBAO)
    assert [o.external_id for o in orders] == ["3001", "3002"]
    assert orders[0].normalized["lines"][0]["quantity"] == "2"
    with pytest.raises(fi.FileImportError) as error:
        fi.read_file(b"PK\x03\x04broken", "x.xlsx")
    assert error.value.code == fi.BAD_FORMAT


def test_ten_thousand_rows_time_and_memory():
    rows = []
    for number in range(10000):
        row = list(ROWS[number % 3])
        row[0] = str(100000 + number // 2)
        rows.append(row)
    data = taobao_csv(rows)
    tracemalloc.start()
    start = time.perf_counter()
    orders = fi.build_orders(*fi.read_file(data, "big.csv", "gb18030"), TAOBAO)
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        "\nfile import domain: 10000 rows, %s orders, %.2f s, peak %.1f MB"
        % (len(orders), elapsed, peak / 1e6)
    )
    assert len(orders) == 5000
    assert elapsed < 60 and peak < 200e6
