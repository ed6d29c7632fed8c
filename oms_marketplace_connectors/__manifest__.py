# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "OMS Marketplace Connectors",
    "summary": "Marketplace connectors (Shopify, WooCommerce, order files): orders "
    "in by webhook, polling or file, stock, shipments and refunds out, through "
    "queue jobs",
    "version": "18.0.1.1.0",
    "category": "Sales/Order Management",
    "website": "https://github.com/oms-multichannel/oms",
    "author": "OMS Multichannel contributors",
    "maintainers": ["oms-multichannel"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["oms_multichannel", "queue_job", "mail", "product"],
    "external_dependencies": {"python": ["oms-domain", "requests"]},
    "data": [
        "security/oms_marketplace_connectors_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "wizards/oms_file_import_wizard_views.xml",
        "views/oms_channel_views.xml",
        "views/oms_connector_account_views.xml",
        "views/oms_connector_binding_views.xml",
        "views/oms_connector_event_views.xml",
        "views/stock_picking_views.xml",
        "views/oms_file_import_mapping_views.xml",
        "views/menus.xml",
        "views/oms_connector_account_amazon_views.xml",
        "data/oms_settlement_cron.xml",
        "views/oms_settlement_views.xml",
        "views/oms_settlement_menus.xml",
    ],
    "demo": [
        "demo/oms_connector_account_demo.xml",
        "demo/oms_file_import_mapping_demo.xml",
        "demo/oms_connector_account_amazon_demo.xml",
    ],
}
