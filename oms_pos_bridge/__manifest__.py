# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "OMS POS Bridge",
    "summary": "Stores and point of sale as order channels",
    "version": "18.0.1.1.0",
    "category": "Sales/Order Management",
    "website": "https://github.com/oms-multichannel/oms",
    "author": "OMS Multichannel contributors",
    "maintainers": ["oms-multichannel"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["oms_multichannel", "point_of_sale", "pos_sale"],
    "external_dependencies": {"python": ["oms-domain"]},
    "data": [
        "security/oms_pos_bridge_security.xml",
        "security/ir.model.access.csv",
        "security/oms_pos_hold_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_pickup_data.xml",
        "data/oms_pos_hold_data.xml",
        "views/menus.xml",
        "views/delivery_carrier_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/oms_pos_hold_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/oms_pos_hold_demo.xml",
        "demo/sale_order_pickup_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "oms_pos_bridge/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "oms_pos_bridge/static/tests/tours/**/*",
        ],
    },
}
