# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "OMS Marketplace Connectors",
    "summary": "Marketplace connectors: order import and status export via queue jobs",
    "version": "18.0.1.0.0",
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
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "views/oms_channel_views.xml",
        "views/menus.xml",
    ],
}
