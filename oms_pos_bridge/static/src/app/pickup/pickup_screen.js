/** @odoo-module */
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { usePos } from "@point_of_sale/app/store/pos_hook";
import { callPickingRpc } from "./pickup_rpc";

/** Click & collect: the store's pickups, prepare -> ready -> collected. */
export class OmsPickupScreen extends Component {
    static template = "oms_pos_bridge.OmsPickupScreen";
    static storeOnOrder = false;
    static props = {};

    setup() {
        this.pos = usePos();
        this.ui = useState(useService("ui"));
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.state = useState({ pickups: [], loading: true, search: "" });
        onWillStart(() => this.load());
    }

    get filteredPickups() {
        const search = this.state.search.trim().toLowerCase();
        if (!search) {
            return this.state.pickups;
        }
        return this.state.pickups.filter((pickup) =>
            [pickup.name, pickup.order_name, pickup.partner_name, pickup.partner_phone]
                .join(" ")
                .toLowerCase()
                .includes(search)
        );
    }

    async load() {
        this.state.loading = true;
        const pickups = await callPickingRpc(this.pos, this.dialog, "pos_pickups", [
            this.pos.config.id,
        ]);
        this.state.pickups = pickups || [];
        this.state.loading = false;
    }

    formatDate(value) {
        return value ? luxon.DateTime.fromSQL(value, { zone: "utc" }).toLocal().toFormat("f") : "";
    }

    formatAmount(amount) {
        return this.env.utils.formatCurrency(amount);
    }

    _replace(data) {
        const index = this.state.pickups.findIndex((pickup) => pickup.id === data.id);
        if (index >= 0) {
            this.state.pickups.splice(index, 1, data);
        }
    }

    async onPrepare(pickup) {
        const data = await callPickingRpc(this.pos, this.dialog, "pos_pickup_prepare", [
            pickup.id,
        ]);
        if (data) {
            this._replace(data);
            if (data.state !== "assigned") {
                this.notification.add(_t("Some items are not available yet."), {
                    type: "warning",
                });
            }
        }
    }

    async onReady(pickup) {
        const data = await callPickingRpc(this.pos, this.dialog, "pos_pickup_ready", [
            pickup.id,
        ]);
        if (data) {
            this._replace(data);
            this.notification.add(_t("%s is ready: the customer is notified.", data.name), {
                type: "success",
            });
        }
    }

    async onCollected(pickup) {
        const result = await callPickingRpc(this.pos, this.dialog, "pos_pickup_collected", [
            pickup.id,
        ]);
        if (!result) {
            return;
        }
        if (result.settle) {
            // Unpaid: the order is paid at the till; pos_sale then hands the
            // goods over with the POS order and cancels the reserved delivery.
            const order = await this.pos.omsSettlePickup(result.sale_order_id);
            this.pos.showScreen("PaymentScreen", { orderUuid: order.uuid });
            return;
        }
        this.notification.add(_t("%s collected.", result.picking.name), { type: "success" });
        await this.load();
    }

    back() {
        this.pos.showScreen("ProductScreen");
    }
}

registry.category("pos_screens").add("OmsPickupScreen", OmsPickupScreen);
