"""`python -m oms_sandbox`: serve a Shopify sandbox on 127.0.0.1 until Ctrl-C.

Options: --port, --token, --secret, --skus (comma-separated variants to create),
--orders N (orders created at start), --webhook-url URL (deliveries of new
orders), --every SECONDS (create an order and deliver its webhook periodically),
--tax-rate (sales tax of the orders, e.g. 0.15), --woocommerce (serve the
WooCommerce REST v3 flavour instead: --token is the consumer key, --secret the
webhook secret, consumer secret ``cs_sandbox``; --skus are simple products).
"""

import argparse
import sys
import time

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
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
