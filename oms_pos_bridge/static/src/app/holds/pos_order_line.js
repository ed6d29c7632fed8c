import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";
import { PosOrder } from "@point_of_sale/app/models/pos_order";
import { patch } from "@web/core/utils/patch";
import { _t } from "@web/core/l10n/translation";
import { holdSyncRef } from "@oms_pos_bridge/app/holds/hold_sync";

const STATE_LABELS = {
    held: () => _t("Held"),
    short: () => _t("Partly held"),
    blocked: () => _t("Not held"),
    released: () => _t("Released"),
    queued: () => _t("Offline, queued"),
    conflict: () => _t("Conflict"),
    error: () => _t("Not held"),
};

patch(PosOrderline.prototype, {
    set_quantity() {
        const result = super.set_quantity(...arguments);
        holdSyncRef.current?.schedule();
        return result;
    },

    /** Hold status shown on the line: {state, label, message} or undefined. */
    get omsHoldStatus() {
        const hold = this.uiState?.omsHold;
        if (!hold || !STATE_LABELS[hold.state]) {
            return undefined;
        }
        return { state: hold.state, label: STATE_LABELS[hold.state](), message: hold.message };
    },

    getDisplayData() {
        const status = this.omsHoldStatus;
        return {
            ...super.getDisplayData(),
            omsHoldState: status?.state,
            omsHoldLabel: status?.label,
            omsHoldMessage: status?.message || undefined,
        };
    },
});

patch(PosOrder.prototype, {
    /** The hold status is for the cashier, not for the customer's receipt. */
    export_for_printing() {
        const data = super.export_for_printing(...arguments);
        for (const line of data.orderlines || []) {
            delete line.omsHoldState;
            delete line.omsHoldLabel;
            delete line.omsHoldMessage;
        }
        return data;
    },

    removeOrderline() {
        const result = super.removeOrderline(...arguments);
        holdSyncRef.current?.schedule();
        return result;
    },
});
