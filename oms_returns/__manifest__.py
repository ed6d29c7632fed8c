# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "OMS Returns",
    "summary": "Returns with reasons across orders: restock or scrap, refund or "
    "exchange, return analytics and portal requests",
    "version": "18.0.1.1.0",
    "category": "Sales/Order Management",
    "website": "https://github.com/oms-multichannel/oms",
    "author": "OMS Multichannel contributors",
    "maintainers": ["oms-multichannel"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": [
        "oms_multichannel",
        "account",
        "mail",
        "portal",
        "product",
        "sale",
        # sale_line_id on stock moves, order warehouse and deliveries
        "sale_stock",
        "stock",
        # valuation of scrapped goods (return cost)
        "stock_account",
        "uom",
    ],
    "external_dependencies": {"python": ["oms-domain"]},
    "data": [
        "security/oms_returns_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/product_data.xml",
        "views/oms_return_reason_views.xml",
        "views/oms_return_views.xml",
        "views/oms_channel_views.xml",
        "views/product_category_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/stock_warehouse_views.xml",
        "report/oms_return_report_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "oms_returns/static/src/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/oms_return_reason_demo.xml",
        "demo/stock_location_demo.xml",
        "demo/oms_channel_demo.xml",
        "demo/oms_return_demo.xml",
    ],
}
