"""Order exports (CSV, XLSX) to normalized orders, for channels without an API.

A mapping says which column of the file holds each field of an order
(:data:`FIELDS`), with constants for what the file does not say (currency,
country, time zone). Two layouts:

- ``order``: one order per row (its one product line on the same row);
- ``line``: one product line per row, rows grouped by order number; order
  fields come from the first row of the order that fills them (exports such as
  Taobao's repeat them on every row, others only on the first).

Nothing here raises on a bad row: the row's problems (row number, column,
reason) go with its order, which the intake then keeps in exception. A file
that cannot be read at all (encoding, layout, missing columns) raises
:class:`FileImportError` with a code. Messages are the addon's job.
"""

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

try:  # Python 3.9+
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # pragma: no cover
    ZoneInfo = None
    ZoneInfoNotFoundError = KeyError

# Fields of an order a column can feed, in the order a form shows them.
ORDER_FIELDS = (
    "order_ref",
    "order_date",
    "currency",
    "customer_name",
    "email",
    "phone",
    "company_name",
    "street",
    "street2",
    "city",
    "state",
    "zip",
    "country",
    "full_address",
    "shipping_amount",
    "shipping_method",
    "total",
    "payment_status",
    "note",
)
LINE_FIELDS = (
    "sku",
    "product_name",
    "quantity",
    "unit_price",
    "line_total",
    "discount",
    "tax_rate",
)
FIELDS = ORDER_FIELDS + LINE_FIELDS
REQUIRED = ("order_ref", "sku", "quantity")
NUMBER_FIELDS = frozenset(
    {"quantity", "unit_price", "line_total", "discount", "tax_rate"}
    | {"shipping_amount", "total"}
)
LAYOUTS = ("order", "line")
MAX_ROWS = 200000

# File-level error codes (FileImportError.code)
BAD_ENCODING = "bad_encoding"
EMPTY_FILE = "empty_file"
MISSING_COLUMNS = "missing_columns"
NO_MAPPING = "no_mapping"
BAD_FORMAT = "bad_format"
TOO_MANY_ROWS = "too_many_rows"
XLSX_UNAVAILABLE = "xlsx_unavailable"
BAD_TIMEZONE = "bad_timezone"
# Row problem codes (the ``code`` of FileOrder.problems entries)
ROW_PROBLEM = "file_row"
MISSING_VALUE = "missing_value"
NOT_A_NUMBER = "not_a_number"
NOT_A_DATE = "not_a_date"
DUPLICATE_ORDER = "duplicate_order"

PAYMENT_WORDS = {
    "paid": "paid",
    "已付款": "paid",
    "买家已付款": "paid",
    "卖家已发货": "paid",
    "交易成功": "paid",
    "等待卖家发货": "paid",
    "等待买家确认收货": "paid",
    "pending": "pending",
    "等待买家付款": "pending",
    "refunded": "refunded",
    "交易关闭": "refunded",
}
_CURRENCY_SIGNS = re.compile(r"[\s¥￥$€£\u00a0]")
_CN_ZIP = re.compile(r"[(（]\s*(\d{6})\s*[)）]\s*$")


class FileImportError(Exception):
    """The file cannot be read as orders; ``code`` and ``params`` say why."""

    def __init__(self, code, **params):
        super().__init__("%s: %s" % (code, params) if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class FileMapping:
    """What to read where.

    :param columns: {field: column header} (see :data:`FIELDS`)
    :param defaults: {field: constant} for fields the file lacks
    :param layout: ``order`` or ``line``
    :param tz: time zone of the file's times (IANA name)
    """

    columns: dict
    defaults: dict = field(default_factory=dict)
    layout: str = "line"
    tz: str = "UTC"

    def check(self, header):
        """Raise when the mapping cannot read a file with this header."""
        if self.layout not in LAYOUTS:
            raise FileImportError(BAD_FORMAT, layout=self.layout)
        missing_fields = [
            name
            for name in REQUIRED
            if not self.columns.get(name) and not self.defaults.get(name)
        ]
        if not (
            self.columns.get("unit_price")
            or self.columns.get("line_total")
            or self.defaults.get("unit_price")
        ):
            missing_fields.append("unit_price")
        if missing_fields:
            raise FileImportError(NO_MAPPING, fields=", ".join(missing_fields))
        known = {_clean_header(name) for name in header}
        absent = [
            column
            for column in dict.fromkeys(self.columns.values())
            if column and _clean_header(column) not in known
        ]
        if absent:
            raise FileImportError(MISSING_COLUMNS, columns=", ".join(absent))


@dataclass
class FileOrder:
    """One order of the file: its normalized dict, rows and row problems."""

    external_id: str
    rows: list
    normalized: dict
    problems: list = field(default_factory=list)

    def payload(self):
        """The order's normalized dict with its rows and problems inside
        (``file_rows``, ``file_problems``), as handed to the intake."""
        return dict(
            self.normalized, file_rows=list(self.rows), file_problems=self.problems
        )

    cells: list = field(default_factory=list)

    def raw(self, header):
        """Bytes of the order's rows as read (cells only, not row numbers:
        the same rows elsewhere in a file are the same order)."""
        return json.dumps(
            {"header": header, "rows": self.cells}, ensure_ascii=False, default=str
        ).encode("utf-8")


# Reading ------------------------------------------------------------------------


def decode(data, encoding="utf-8"):
    """Text of ``data``; a UTF-8 BOM is dropped.

    :raise FileImportError: ``bad_encoding`` with the line and byte offset of
        the first byte that is not ``encoding``
    """
    encoding = (encoding or "utf-8").strip().lower()
    if encoding in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise FileImportError(BAD_ENCODING, encoding=encoding, row=0) from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileImportError(
            BAD_ENCODING, encoding=encoding, row=line, position=exc.start
        ) from exc


def _clean_header(name):
    return str(name if name is not None else "").strip().lstrip("\ufeff")


def read_csv(data, encoding="utf-8", delimiter=""):
    """(header, rows) of a CSV file; rows are (row number, [cells]), the
    header being row 1. The delimiter is guessed when not given."""
    text = decode(data, encoding)
    if not text.strip():
        raise FileImportError(EMPTY_FILE)
    if not delimiter:
        sample = text[:20000]
        first = sample.splitlines()[0] if sample else ""
        counts = {sep: first.count(sep) for sep in (",", ";", "\t", "|")}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [_clean_header(cell) for cell in next(reader)]
        rows = []
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise FileImportError(TOO_MANY_ROWS, limit=MAX_ROWS)
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise FileImportError(BAD_FORMAT, error=str(exc)) from exc
    return header, rows


def read_xlsx(data):
    """(header, rows) of the first sheet of an XLSX file (openpyxl)."""
    try:
        import openpyxl  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - openpyxl is in Odoo's
        raise FileImportError(XLSX_UNAVAILABLE) from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML or openpyxl errors
        raise FileImportError(BAD_FORMAT, error=type(exc).__name__) from exc
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [_clean_header(cell) for cell in next(values, ())]
        if not any(header):
            raise FileImportError(EMPTY_FILE)
        rows = []
        for number, cells in enumerate(values, start=2):
            if len(rows) >= MAX_ROWS:
                raise FileImportError(TOO_MANY_ROWS, limit=MAX_ROWS)
            rows.append((number, ["" if cell is None else cell for cell in cells]))
    finally:
        book.close()
    return header, rows


def read_file(data, filename="", encoding="utf-8", delimiter=""):
    """(header, rows) of a CSV or XLSX file (by content, then by name)."""
    if not data:
        raise FileImportError(EMPTY_FILE)
    if data[:2] == b"PK" or str(filename).lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return read_csv(data, encoding, delimiter)


# Values -------------------------------------------------------------------------


def parse_number(value):
    """Decimal of a cell (``¥1,234.50``, ``12,5``, 3), or None when empty.

    :raise ValueError: not a number
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _CURRENCY_SIGNS.sub("", str(value))
        if not text:
            return None
        if "," in text and "." in text:
            text = text.replace(",", "")
        elif re.fullmatch(r"-?\d+,\d{1,2}", text):
            text = text.replace(",", ".")
        else:
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


def parse_datetime(value, tz):
    """UTC ISO text of a cell (a datetime, or text in a usual layout).

    :raise ValueError: not a date
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        when = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip().replace("/", "-").replace("T", " ")
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            when = None
            for layout in ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y"):
                try:
                    when = datetime.strptime(text, layout)
                    break
                except ValueError:
                    continue
            if when is None:
                raise ValueError(value) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    when = when.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
    return when.isoformat() + "Z"


def zone(name):
    """tzinfo of an IANA name or of ``UTC+8`` / ``+08:00``."""
    text = (name or "UTC").strip()
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", text)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return timezone(sign * delta)
    if text.upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise FileImportError(BAD_TIMEZONE, tz=text) from exc


def split_cn_address(text):
    """(state, city, street, zip) of a Chinese one-cell address such as
    ``浙江省 杭州市 西湖区 文三路 100号 (310000)``."""
    text = str(text or "").strip()
    postcode = ""
    match = _CN_ZIP.search(text)
    if match:
        postcode = match.group(1)
        text = text[: match.start()].strip()
    parts = text.split()
    if len(parts) >= 3:
        return parts[0], parts[1], " ".join(parts[2:]), postcode
    if len(parts) == 2:
        return "", parts[0], parts[1], postcode
    return "", "", text, postcode


# Orders -------------------------------------------------------------------------


class _Row:
    def __init__(self, number, cells, index, mapping):
        self.number = number
        self.cells = cells
        self.index = index
        self.mapping = mapping
        self.problems = []

    def text(self, name):
        position = self.index.get(name)
        value = ""
        if position is not None and position < len(self.cells):
            value = self.cells[position]
        if value is None or value == "":
            value = self.mapping.defaults.get(name, "")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() if value is not None else ""

    def raw(self, name):
        position = self.index.get(name)
        if position is not None and position < len(self.cells):
            value = self.cells[position]
            if value not in (None, ""):
                return value
        return self.mapping.defaults.get(name, "")

    def problem(self, reason, name, value=""):
        self.problems.append(
            {
                "code": ROW_PROBLEM,
                "params": {
                    "row": self.number,
                    "column": self.mapping.columns.get(name) or name,
                    "reason": reason,
                    "value": str(value)[:100],
                },
            }
        )

    def number_of(self, name, required=False):
        value = self.raw(name)
        try:
            number = parse_number(value)
        except ValueError:
            self.problem(NOT_A_NUMBER, name, value)
            return None
        if number is None and required:
            self.problem(MISSING_VALUE, name)
        return number


def _index(header, mapping):
    positions = {_clean_header(name): pos for pos, name in enumerate(header)}
    return {
        name: positions[_clean_header(column)]
        for name, column in mapping.columns.items()
        if column and _clean_header(column) in positions
    }


def _line(row):
    quantity = row.number_of("quantity", required=True)
    unit = row.number_of("unit_price")
    line_total = row.number_of("line_total")
    if unit is None and line_total is not None and quantity:
        unit = line_total / quantity
    if unit is None and line_total is None:
        missing = "unit_price" if "unit_price" in row.index else "line_total"
        row.problem(MISSING_VALUE, missing)
    sku = row.text("sku")
    if not sku:
        row.problem(MISSING_VALUE, "sku")
    tax = row.number_of("tax_rate")
    discount = row.number_of("discount") or Decimal(0)
    return {
        "sku": sku,
        "quantity": str(quantity if quantity is not None else 0),
        "unit_price": str(unit if unit is not None else 0),
        "discount_amount": str(discount),
        "tax_rates": [format(tax.normalize(), "f")] if tax else [],
        "name": row.text("product_name"),
        "external_line_id": "row-%s" % row.number,
    }


def _first(rows, name):
    for row in rows:
        value = row.text(name)
        if value:
            return row, value
    return rows[0], ""


def _order(external_id, rows, tz):
    lines = [_line(row) for row in rows]
    address = {}
    for name, key in (
        ("customer_name", "name"),
        ("email", "email"),
        ("phone", "phone"),
        ("company_name", "company_name"),
        ("street", "street"),
        ("street2", "street2"),
        ("city", "city"),
        ("state", "state_code"),
        ("zip", "zip"),
        ("country", "country_code"),
    ):
        address[key] = _first(rows, name)[1]
    _row, full = _first(rows, "full_address")
    if full:
        state, city, street, postcode = split_cn_address(full)
        address["state_code"] = address["state_code"] or state
        address["city"] = address["city"] or city
        address["street"] = address["street"] or street
        address["zip"] = address["zip"] or postcode
    address["email"] = address["email"].lower()
    address["country_code"] = address["country_code"].upper()
    date_row, when = _first(rows, "order_date")
    try:
        order_date = parse_datetime(date_row.raw("order_date"), tz) if when else ""
    except ValueError:
        date_row.problem(NOT_A_DATE, "order_date", when)
        order_date = ""
    shipping_row, _text = _first(rows, "shipping_amount")
    shipping = shipping_row.number_of("shipping_amount") or Decimal(0)
    total_row, total_text = _first(rows, "total")
    total = total_row.number_of("total") if total_text else None
    payment = _first(rows, "payment_status")[1]
    normalized = {
        "external_id": external_id,
        "currency": _first(rows, "currency")[1].upper(),
        "customer": address,
        "shipping_address": address,
        "lines": lines,
        "shipping_amount": str(shipping),
        "shipping_method": _first(rows, "shipping_method")[1],
        "prices_include_tax": False,
        "payment_status": PAYMENT_WORDS.get(payment.lower(), "unknown"),
        "order_date": order_date,
        "note": _first(rows, "note")[1],
        "channel_order_name": external_id,
    }
    if total is not None:
        normalized["total"] = str(total)
    problems = [problem for row in rows for problem in row.problems]
    return FileOrder(
        external_id=external_id,
        rows=[row.number for row in rows],
        normalized=normalized,
        problems=problems,
        cells=[[str(cell) for cell in row.cells] for row in rows],
    )


def build_orders(header, rows, mapping):
    """[:class:`FileOrder`] of the file's rows, in the order of the file.

    :param rows: (row number, [cells]) as :func:`read_csv` gives them
    :raise FileImportError: the mapping cannot read this header
    """
    mapping.check(header)
    tz = zone(mapping.tz)
    index = _index(header, mapping)
    groups = {}
    orphans = []
    for number, cells in rows:
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue  # blank line
        row = _Row(number, cells, index, mapping)
        ref = row.text("order_ref")
        if not ref:
            row.problem(MISSING_VALUE, "order_ref")
            orphans.append(row)
            continue
        if ref in groups and mapping.layout == "order":
            row.problem(DUPLICATE_ORDER, "order_ref", ref)
            groups[ref][0].problems.extend(row.problems)
            continue
        groups.setdefault(ref, []).append(row)
    orders = [_order(ref, group, tz) for ref, group in groups.items()]
    for row in orphans:
        # No order number: the row's content is its identity, so that the
        # same file imported again finds the same intake.
        digest = hashlib.sha256(
            json.dumps([str(cell) for cell in row.cells], ensure_ascii=False).encode()
        ).hexdigest()[:16]
        order = _order("", [row], tz)
        order.normalized["channel_order_name"] = "row-%s-%s" % (row.number, digest)
        orders.append(order)
    orders.sort(key=lambda order: order.rows[0])
    return orders


def preview(orders, limit=20):
    """Rows of a preview table: (order, rows, lines, total, problems count)."""
    return [
        {
            "order": order.external_id or "-",
            "rows": ", ".join(map(str, order.rows[:10]))
            + ("…" if len(order.rows) > 10 else ""),
            "lines": len(order.normalized["lines"]),
            "total": order.normalized.get("total", ""),
            "problems": len(order.problems),
        }
        for order in orders[:limit]
    ]
