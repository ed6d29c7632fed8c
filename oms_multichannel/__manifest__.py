# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "OMS Multichannel",
    "summary": "Sales channels, channel orders and idempotent order intake",
    "version": "18.0.1.0.0",
    "category": "Sales/Order Management",
    "website": "https://github.com/oms-multichannel/oms",
    "author": "OMS Multichannel contributors",
    "maintainers": ["oms-multichannel"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "installable": True,
    "depends": ["sale_management", "sale_stock", "account"],
    "external_dependencies": {"python": ["oms-domain"]},
    "data": [
        "security/oms_multichannel_security.xml",
        "security/ir.model.access.csv",
        "data/product_data.xml",
        "views/oms_channel_views.xml",
        "views/oms_order_intake_views.xml",
        "views/sale_order_views.xml",
        "views/product_template_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/stock_demo.xml",
        "demo/oms_channel_demo.xml",
        "demo/sale_order_demo.xml",
    ],
}
