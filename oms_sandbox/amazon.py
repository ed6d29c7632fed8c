"""Amazon sandbox: what the official SP-API models in ``shared/fixtures/amazon``
do not describe, on 127.0.0.1, in front of the Prism mocks that serve those
models.

It serves the Login with Amazon token URL (``/auth/o2/token``), the Tokens API
(``createRestrictedDataToken``) and the Feeds API (``createFeedDocument``, the
document upload, ``createFeed``): those are not in the fixtures. Every other
call (Orders 2026-01-01, Orders v0, Listings Items) has its access token
checked here (unknown or expired: the 403 Amazon answers) and is then
forwarded as sent to the Prism mock of its model, which validates the request
against the model and answers its examples; faults (status, delay,
malformed, reset, or ``payload``: this JSON instead of the model's) are
injected here like in the other sandboxes. Generated orders (``add_order``)
can be served instead of the models' examples (benchmark, demo). Test
tooling, never imported by the addons' runtime code.
"""

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

from .server import SandboxHandler, SandboxServing

TOKEN_PATH = "/auth/o2/token"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
DOCUMENTS_PATH = "/feeds/2021-06-30/documents"
FEEDS_PATH = "/feeds/2021-06-30/feeds"
UPLOAD_PREFIX = "/_upload/"
# Model of each forwarded path prefix (file names in shared/fixtures/amazon).
SPECS = {
    "/orders/2026-01-01/": "orders_2026-01-01.json",
    "/orders/v0/": "ordersV0.json",
    "/listings/2021-08-01/": "listingsItems_2021-08-01.json",
}
FORWARDED_HEADERS = ("content-type", "prefer", "accept")
ANSWER_HEADERS = ("sl-violations", "x-amzn-ratelimit-limit", "retry-after")


def _errors(code, message):
    return {"errors": [{"code": code, "message": message}]}


class _Handler(SandboxHandler):
    server_version = "AmazonSandbox/1.0"

    def _dispatch(self, method):
        body = self._body()
        parts = urlsplit(self.path)
        return self._answer(
            *self.server.sandbox.handle(
                method, parts.path, parts.query, self.headers, body
            )
        )

    def do_GET(self):  # noqa: N802
        return self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        return self._dispatch("POST")

    def do_PUT(self):  # noqa: N802
        return self._dispatch("PUT")

    def do_PATCH(self):  # noqa: N802
        return self._dispatch("PATCH")


class AmazonSandbox(SandboxServing):
    """One selling partner; ``upstreams`` maps path prefixes to Prism URLs."""

    handler_class = _Handler

    def __init__(
        self,
        client_id="amzn1.application-oa2-client.sandbox",
        client_secret="lwa-sandbox-secret",
        refresh_token="Atzr|sandbox-refresh",
        upstreams=None,
        port=0,
        token_lifetime=3600,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.upstreams = dict(upstreams or {})
        self.port = port
        self.token_lifetime = token_lifetime
        self.lock = threading.Lock()
        self.faults = []
        self.tokens = {}  # token: expires at (epoch)
        self.restricted = {}  # RDT: restricted resources
        self.documents = {}  # feed document id: uploaded bytes
        self.feeds = []
        self.calls = []  # (method, path, query, token kind, status)
        self.token_calls = 0
        # Generated orders (add_order), served instead of the models' examples
        # (benchmark, demo): {order id: (2026 order, v0 order, v0 items)}.
        self.orders = {}
        self.page_size = 100
        self._ids = itertools.count(1)

    # Test helpers --------------------------------------------------------------

    def expire_tokens(self):
        """Every token issued so far is expired from now on."""
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = 0.0

    def operations(self, prefix=""):
        with self.lock:
            return [call for call in self.calls if call[1].startswith(prefix)]

    def feed_documents(self):
        with self.lock:
            return [json.loads(body) for body in self.documents.values() if body]

    # HTTP --------------------------------------------------------------------

    def handle(self, method, path, query, headers, body):
        if path == TOKEN_PATH and method == "POST":
            with self.lock:
                self.token_calls += 1
            return self._token(body)
        if path.startswith(UPLOAD_PREFIX) and method == "PUT":
            return self._upload(path[len(UPLOAD_PREFIX) :], body)
        token = headers.get("x-amz-access-token") or ""
        kind = self._token_kind(token)
        if not kind:
            answer = (403, _errors("Unauthorized", "The access token expired."), {})
            self._log(method, path, query, "", 403)
            return answer + (None, 0)
        fault = self._take_fault()
        if fault and fault["kind"] == "payload":
            # An answer the model would not give (malformed orders...).
            self._log(method, path, query, kind, 200)
            return (200, fault["payload"], {}, None, 0)
        faulted, delay = self._fault_answer(
            fault, lambda status: _errors("Fault", "HTTP %s" % status), 0.5
        )
        if faulted:
            self._log(method, path, query, kind, faulted[0])
            return faulted
        if delay:
            time.sleep(delay)
        if path == RDT_PATH and method == "POST":
            answer = self._rdt(body)
        elif path == DOCUMENTS_PATH and method == "POST":
            answer = self._document(body)
        elif path == FEEDS_PATH and method == "POST":
            answer = self._feed(body)
        elif self.orders and method == "GET" and path.startswith("/orders/"):
            answer = self._generated(path, parse_qs(query))
        else:
            answer = self._forward(method, path, query, headers, body)
        self._log(method, path, query, kind, answer[0])
        if len(answer) == 3:
            answer += (None,)
        return answer + (0,)

    def _log(self, method, path, query, kind, status):
        with self.lock:
            self.calls.append((method, path, query, kind, status))

    def _token_kind(self, token):
        with self.lock:
            if token in self.restricted:
                return "rdt"
            if self.tokens.get(token, 0) > time.time():
                return "access"
        return ""

    def _token(self, body):
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "refresh_token":
            return (400, {"error": "unsupported_grant_type"}, {}, None, 0)
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return (
                401,
                {"error": "invalid_client", "error_description": "Client auth failed"},
                {},
                None,
                0,
            )
        if form.get("refresh_token") != self.refresh_token:
            return (
                400,
                {"error": "invalid_grant", "error_description": "Invalid token"},
                {},
                None,
                0,
            )
        token = "Atza|sandbox-%s" % next(self._ids)
        with self.lock:
            self.tokens[token] = time.time() + self.token_lifetime
        return (
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.token_lifetime,
                "refresh_token": self.refresh_token,
            },
            {},
            None,
            0,
        )

    def _json(self, body):
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _rdt(self, body):
        data = self._json(body)
        resources = (data or {}).get("restrictedResources")
        if not isinstance(resources, list) or not resources:
            return (400, _errors("InvalidInput", "restrictedResources"), {})
        token = "Atz.sprdt|sandbox-%s" % next(self._ids)
        with self.lock:
            self.restricted[token] = resources
        return (200, {"restrictedDataToken": token, "expiresIn": 3600}, {})

    def _document(self, body):
        data = self._json(body)
        if not data or not data.get("contentType"):
            return (400, _errors("InvalidInput", "contentType is required"), {})
        document_id = "amzn1.tortuga.sandbox.%s" % next(self._ids)
        with self.lock:
            self.documents[document_id] = b""
        return (
            201,
            {
                "feedDocumentId": document_id,
                "url": self.url + UPLOAD_PREFIX + document_id,
            },
            {},
        )

    def _upload(self, document_id, body):
        with self.lock:
            if document_id not in self.documents:
                return (404, None, {}, b"<Error>NoSuchKey</Error>", 0)
            self.documents[document_id] = bytes(body)
        return (200, None, {}, b"", 0)

    def _feed(self, body):
        data = self._json(body) or {}
        with self.lock:
            uploaded = self.documents.get(data.get("inputFeedDocumentId"))
        if (
            data.get("feedType") != "JSON_LISTINGS_FEED"
            or not data.get("marketplaceIds")
            or not uploaded
        ):
            return (
                400,
                _errors("InvalidInput", "feedType, marketplaceIds, document"),
                {},
            )
        feed_id = str(50000 + next(self._ids))
        with self.lock:
            self.feeds.append(dict(data, feedId=feed_id))
        return (202, {"feedId": feed_id}, {})

    def _forward(self, method, path, query, headers, body):
        upstream = next(
            (url for prefix, url in self.upstreams.items() if path.startswith(prefix)),
            None,
        )
        if not upstream:
            return (404, _errors("NotFound", "No model serves %s" % path), {})
        url = upstream + path + ("?" + query if query else "")
        forwarded = {
            name: headers[name] for name in FORWARDED_HEADERS if headers.get(name)
        }
        request = urllib.request.Request(
            url, data=body or None, headers=forwarded, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                status, raw, answer_headers = (
                    answer.status,
                    answer.read(),
                    answer.headers,
                )
        except urllib.error.HTTPError as error:
            status, raw, answer_headers = error.code, error.read(), error.headers
        extra = {
            name: answer_headers[name]
            for name in ANSWER_HEADERS
            if answer_headers.get(name)
        }
        return (status, None, extra, raw)

    # Generated orders ---------------------------------------------------------

    def add_order(self, lines, customer=0, currency="USD", marketplace="ATVPDKIKX0DER"):
        """An unshipped order of ``lines`` [(sku, quantity, unit price text)]
        in both shapes (2026-01-01 and v0), with its buyer and address."""
        number = next(self._ids)
        order_id = "111-%07d-%07d" % (number, customer)
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        address = {
            "name": "Buyer %s" % customer,
            "addressLine1": "%s Main Street" % (customer + 1),
            "city": "Seattle",
            "stateOrRegion": "WA",
            "postalCode": "98101",
            "countryCode": "US",
        }
        email = "buyer%s@marketplace.amazon.com" % customer
        items = [
            {
                "orderItemId": "%s%02d" % (number, index),
                "quantityOrdered": quantity,
                "product": {
                    "asin": "B0%08d" % index,
                    "title": sku,
                    "sellerSku": sku,
                    "price": {"unitPrice": {"amount": price, "currencyCode": currency}},
                },
            }
            for index, (sku, quantity, price) in enumerate(lines)
        ]
        order = {
            "orderId": order_id,
            "createdTime": now,
            "lastUpdatedTime": now,
            "salesChannel": {"channelName": "AMAZON", "marketplaceId": marketplace},
            "buyer": {"buyerName": address["name"], "buyerEmail": email},
            "recipient": {"deliveryAddress": address},
            "fulfillment": {
                "fulfillmentStatus": "UNSHIPPED",
                "fulfilledBy": "MERCHANT",
            },
            "orderItems": items,
        }
        v0 = {
            "AmazonOrderId": order_id,
            "PurchaseDate": now,
            "LastUpdateDate": now,
            "OrderStatus": "Unshipped",
            "MarketplaceId": marketplace,
            "BuyerInfo": {"BuyerEmail": email, "BuyerName": address["name"]},
            "ShippingAddress": {
                "Name": address["name"],
                "AddressLine1": address["addressLine1"],
                "City": "Seattle",
                "StateOrRegion": "WA",
                "PostalCode": "98101",
                "CountryCode": "US",
            },
        }
        v0_items = [
            {
                "ASIN": item["product"]["asin"],
                "OrderItemId": item["orderItemId"],
                "SellerSKU": item["product"]["sellerSku"],
                "QuantityOrdered": item["quantityOrdered"],
                "ItemPrice": {
                    "CurrencyCode": currency,
                    "Amount": "%.2f" % (float(price) * quantity),
                },
            }
            for item, (_sku, quantity, price) in zip(items, lines, strict=True)
        ]
        with self.lock:
            self.orders[order_id] = (order, v0, v0_items)
        return order_id

    def _generated(self, path, query):
        with self.lock:
            ids = list(self.orders)
        if path.endswith("/orderItems"):
            order_id = path.split("/")[-2]
            if order_id not in self.orders:
                return (404, _errors("NotFound", order_id), {})
            items = self.orders[order_id][2]
            return (
                200,
                {"payload": {"AmazonOrderId": order_id, "OrderItems": items}},
                {},
            )
        token = (query.get("paginationToken") or query.get("NextToken") or ["0"])[0]
        start = int(token) if token.isdigit() else 0
        page = ids[start : start + self.page_size]
        following = (
            str(start + self.page_size) if start + self.page_size < len(ids) else ""
        )
        if path.startswith("/orders/2026-01-01/"):
            answer = {"orders": [self.orders[i][0] for i in page]}
            if following:
                answer["pagination"] = {"nextToken": following}
            return (200, answer, {})
        payload = {"Orders": [self.orders[i][1] for i in page]}
        if following:
            payload["NextToken"] = following
        return (200, {"payload": payload}, {})
