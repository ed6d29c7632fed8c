import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";

const { DateTime } = luxon;

export class ReservePopup extends Component {
    static template = "oms_pos_bridge.ReservePopup";
    static components = { Dialog };
    static props = {
        productName: String,
        qty: Number,
        partnerName: { type: String, optional: true },
        partnerPhone: { type: String, optional: true },
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.state = useState({
            qty: this.props.qty,
            partnerName: this.props.partnerName || "",
            partnerPhone: this.props.partnerPhone || "",
            reservedUntil: DateTime.now().plus({ days: 2 }).toISODate(),
            error: "",
        });
    }

    get today() {
        return DateTime.now().toISODate();
    }

    confirm() {
        const qty = parseFloat(this.state.qty);
        const name = this.state.partnerName.trim();
        if (!name || !this.state.partnerPhone.trim()) {
            this.state.error = _t("The customer's name and phone are required.");
            return;
        }
        if (!Number.isFinite(qty) || qty <= 0) {
            this.state.error = _t("The quantity must be a positive number.");
            return;
        }
        if (!this.state.reservedUntil || this.state.reservedUntil < this.today) {
            this.state.error = _t("The reservation must end today or later.");
            return;
        }
        this.props.getPayload({
            qty,
            partnerName: name,
            partnerPhone: this.state.partnerPhone.trim(),
            reservedUntil: this.state.reservedUntil,
        });
        this.props.close();
    }
}
