"""Sandbox marketplaces: real HTTP servers on loopback for tests, benchmarks and
the offline demo. Test tooling, never imported by the addons' runtime code."""

from .shopify import ShopifySandbox
from .woocommerce import WooCommerceSandbox
from .amazon import AmazonSandbox
