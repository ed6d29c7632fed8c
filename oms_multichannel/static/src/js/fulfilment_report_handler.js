/** @odoo-module **/
// Slips and labels are drawn by the server with reportlab: download the PDF
// directly, without the wkhtmltopdf check the generic PDF reports make.
import {registry} from "@web/core/registry";
import {download} from "@web/core/network/download";
import {getReportUrl} from "@web/webclient/actions/reports/utils";
import {user} from "@web/core/user";

const FULFILMENT_REPORTS = [
    "oms_multichannel.report_fulfilment",
    "oms_multichannel.report_fulfilment_batch",
];

async function fulfilmentReportHandler(action, options, env) {
    if (!FULFILMENT_REPORTS.includes(action.report_name)) {
        return false;
    }
    const context = {...user.context, ...(action.context || {})};
    env.services.ui.block();
    try {
        await download({
            url: "/report/download",
            data: {
                data: JSON.stringify([getReportUrl(action, "pdf"), action.report_type]),
                context: JSON.stringify(context),
            },
        });
    } finally {
        env.services.ui.unblock();
    }
    if (options.onClose) {
        options.onClose();
    }
    return true;
}

registry
    .category("ir.actions.report handlers")
    .add("oms_fulfilment_report", fulfilmentReportHandler);
