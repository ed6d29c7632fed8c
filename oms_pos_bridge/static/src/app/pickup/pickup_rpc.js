/** @odoo-module */
// Calls of the pickup and ship-from-store screens: server errors (UserError,
// AccessError) become an alert instead of the POS error screen.
import { _t } from "@web/core/l10n/translation";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";

export async function callPickingRpc(pos, dialog, method, args) {
    try {
        return await pos.data.call("stock.picking", method, args);
    } catch (error) {
        const message = error?.data?.message || error?.message;
        if (!message) {
            throw error;
        }
        dialog.add(AlertDialog, { title: _t("Cannot do this"), body: message });
        return null;
    }
}
