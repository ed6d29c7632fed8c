/** @odoo-module */
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { usePos } from "@point_of_sale/app/store/pos_hook";
import { callPickingRpc } from "@oms_pos_bridge/app/pickup/pickup_rpc";

/** Online orders allocated to this store: pick, pack and ship them. */
export class OmsShipFromStoreScreen extends Component {
    static template = "oms_pos_bridge.OmsShipFromStoreScreen";
    static storeOnOrder = false;
    static props = {};

    setup() {
        this.pos = usePos();
        this.ui = useState(useService("ui"));
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.state = useState({ pickings: [], loading: true });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        const pickings = await callPickingRpc(this.pos, this.dialog, "pos_ship_from_store", [
            this.pos.config.id,
        ]);
        this.state.pickings = pickings || [];
        this.state.loading = false;
    }

    formatDate(value) {
        return value ? luxon.DateTime.fromSQL(value, { zone: "utc" }).toLocal().toFormat("f") : "";
    }

    async _act(method, picking) {
        const data = await callPickingRpc(this.pos, this.dialog, method, [picking.id]);
        if (!data) {
            return null;
        }
        if (["done", "cancel"].includes(data.state)) {
            this.state.pickings = this.state.pickings.filter((p) => p.id !== data.id);
        } else {
            const index = this.state.pickings.findIndex((p) => p.id === data.id);
            this.state.pickings.splice(index, 1, data);
        }
        return data;
    }

    async onCheckAvailability(picking) {
        const data = await this._act("pos_picking_check_availability", picking);
        if (data && data.state !== "assigned") {
            this.notification.add(_t("Not everything is available in the store."), {
                type: "warning",
            });
        }
    }

    async onValidate(picking) {
        const data = await this._act("pos_picking_validate", picking);
        if (data) {
            this.notification.add(_t("%s is shipped.", data.name), { type: "success" });
        }
    }

    onCancel(picking) {
        this.dialog.add(ConfirmationDialog, {
            title: _t("Cancel the delivery?"),
            body: _t("%s goes back to the back office to be allocated again.", picking.name),
            confirm: () => this._act("pos_picking_cancel", picking),
            cancel: () => {},
        });
    }

    async _open(picking, key) {
        const urls = await callPickingRpc(this.pos, this.dialog, "pos_picking_print", [
            picking.id,
        ]);
        if (urls) {
            window.open(urls[key], "_blank");
        }
    }

    onPrint(picking) {
        return this._open(picking, "url");
    }

    onOpenBackend(picking) {
        return this._open(picking, "backend_url");
    }

    back() {
        this.pos.showScreen("ProductScreen");
    }
}

registry.category("pos_screens").add("OmsShipFromStoreScreen", OmsShipFromStoreScreen);
