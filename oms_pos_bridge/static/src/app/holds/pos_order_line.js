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
    removeOrderline() {
        const result = super.removeOrderline(...arguments);
        holdSyncRef.current?.schedule();
        return result;
    },
});
