"""`python -m oms_sandbox`: serve a Shopify sandbox on 127.0.0.1 until Ctrl-C.

Options: --port, --token, --secret, --skus (comma-separated variants to create),
--orders N (orders created at start), --webhook-url URL (deliveries of new
orders), --every SECONDS (create an order and deliver its webhook periodically),
--tax-rate (sales tax of the orders, e.g. 0.15), --woocommerce (serve the
WooCommerce REST v3 flavour instead: --token is the consumer key, --secret the
webhook secret, consumer secret ``cs_sandbox``; --skus are simple products),
--amazon (serve the Amazon SP-API sandbox: LWA token URL, restricted data tokens,
Feeds API and generated orders; with --prism, the listings and shipment calls go
to Prism mocks of the official models, started here).
"""

import argparse
import sys
import time

from .amazon import AmazonSandbox
from .shopify import ShopifySandbox
from .woocommerce import WooCommerceSandbox


def main(argv=None):
    parser = argparse.ArgumentParser(prog="oms_sandbox")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", default="sandbox-token")
    parser.add_argument("--secret", default="sandbox-secret")
    parser.add_argument("--skus", default="")
    parser.add_argument("--orders", type=int, default=0)
    parser.add_argument("--webhook-url", default="")
    parser.add_argument("--every", type=float, default=0.0)
    parser.add_argument(
        "--tax-rate", type=float, default=0.0, help="e.g. 0.15 for a 15%% sales tax"
    )
    parser.add_argument("--woocommerce", action="store_true")
    parser.add_argument("--amazon", action="store_true")
    parser.add_argument("--prism", action="store_true")
    args = parser.parse_args(argv)
    if args.amazon:
        return serve_amazon(args)
    if args.woocommerce:
        return serve_woocommerce(args)
    sandbox = ShopifySandbox(token=args.token, secret=args.secret, port=args.port)
    sandbox.webhook_url = args.webhook_url
    skus = [sku for sku in args.skus.split(",") if sku]
    for sku in skus:
        sandbox.add_variant(sku, price="20.00")
    sandbox.start()
    for number in range(args.orders):
        sandbox.create_order(
            [(skus[number % len(skus)], 1)], customer=number, tax_rate=args.tax_rate
        )
    print("Shopify sandbox on %s" % sandbox.url, flush=True)
    customer = args.orders
    try:
        while True:
            time.sleep(args.every or 3600)
            if args.every and skus:
                sandbox.create_order(
                    [(skus[customer % len(skus)], 1)],
                    customer=customer,
                    webhook=True,
                    tax_rate=args.tax_rate,
                )
                customer += 1
    except KeyboardInterrupt:
        sandbox.stop()
    return 0


def serve_woocommerce(args):
    sandbox = WooCommerceSandbox(
        key=args.token, webhook_secret=args.secret, port=args.port
    )
    sandbox.webhook_url = args.webhook_url
    skus = [sku for sku in args.skus.split(",") if sku]
    for sku in skus:
        sandbox.add_product(sku, price="20.00")
    sandbox.start()
    rate = args.tax_rate * 100 if args.tax_rate else None
    for number in range(args.orders):
        sandbox.create_order(
            [(skus[number % len(skus)], 1)], customer=number, tax_rate=rate
        )
    print("WooCommerce sandbox on %s" % sandbox.url, flush=True)
    customer = args.orders
    try:
        while True:
            time.sleep(args.every or 3600)
            if args.every and skus:
                sandbox.create_order(
                    [(skus[customer % len(skus)], 1)],
                    customer=customer,
                    webhook=True,
                    tax_rate=rate,
                )
                customer += 1
    except KeyboardInterrupt:
        sandbox.stop()
    return 0


def serve_amazon(args):
    from pathlib import Path  # noqa: PLC0415

    from .amazon import SPECS  # noqa: PLC0415
    from .prism import PrismMock, ensure_prism  # noqa: PLC0415

    mocks, upstreams = [], {}
    if args.prism:
        prism, reason = ensure_prism()
        if not prism:
            print("No Prism: %s" % reason, file=sys.stderr)
            return 1
        fixtures = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
        for prefix, spec in SPECS.items():
            mock = PrismMock(fixtures / "amazon" / spec, prism).start()
            mocks.append(mock)
            upstreams[prefix] = mock.url
    sandbox = AmazonSandbox(
        refresh_token=args.token,
        client_secret=args.secret,
        port=args.port,
        upstreams=upstreams,
    ).start()
    skus = [sku for sku in args.skus.split(",") if sku]
    for number in range(args.orders):
        sandbox.add_order([(skus[number % len(skus)], 1, "20.00")], customer=number)
    print("Amazon sandbox on %s" % sandbox.url, flush=True)
    try:
        while True:
            time.sleep(args.every or 3600)
            if args.every and skus:
                sandbox.add_order([(skus[0], 1, "20.00")], customer=len(sandbox.orders))
    except KeyboardInterrupt:
        sandbox.stop()
        for mock in mocks:
            mock.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
