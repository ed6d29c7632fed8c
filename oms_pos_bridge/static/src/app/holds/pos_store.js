import { PosStore } from "@point_of_sale/app/store/pos_store";
import { patch } from "@web/core/utils/patch";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { makeAwaitable } from "@point_of_sale/app/store/make_awaitable_dialog";
import { HoldSync, holdSyncRef } from "@oms_pos_bridge/app/holds/hold_sync";
import { OtherStoresPopup } from "@oms_pos_bridge/app/other_stores_popup/other_stores_popup";
import { ReservePopup } from "@oms_pos_bridge/app/reserve_popup/reserve_popup";

patch(PosStore.prototype, {
    async setup() {
        await super.setup(...arguments);
        // product id -> free quantity in this store, not counting this till's holds
        this.omsFree = {};
        for (const product of this.models["product.product"].getAll()) {
            const free = product.oms_free_qty ?? product.raw?.oms_free_qty;
            if (typeof free === "number") {
                this.omsFree[product.id] = free;
            }
        }
        this.omsHolds = new HoldSync(this);
        holdSyncRef.current = this.omsHolds;
        browser.addEventListener("online", () => this.omsHolds.reconcile());
        // orders restored from the browser may have changed while closed
        this.omsHolds.schedule();
    },

    get omsHoldPolicy() {
        return this.config.oms_hold_policy || "warn";
    },

    /** Record a server free quantity that counts all holds, this till's too. */
    omsSetFree(productId, freeQty) {
        this.omsFree[productId] = freeQty + this.omsHolds.heldByThisTill(productId);
    },

    /** A held quantity left with a paid order: no longer free for anyone. */
    omsSold(productId, qty) {
        if (productId in this.omsFree) {
            this.omsFree[productId] -= qty;
        }
    },

    /** Free quantity left for this till after its open orders, or null if unknown. */
    omsFreeQty(product) {
        if (!HoldSync.isHoldable(product) || !(product.id in this.omsFree)) {
            return null;
        }
        const inOrders = this.models["pos.order"]
            .filter((order) => !order.finalized)
            .flatMap((order) => order.lines)
            .filter((line) => line.product_id?.id === product.id && HoldSync.isHoldableLine(line))
            .reduce((total, line) => total + Math.max(line.get_quantity(), 0), 0);
        return this.omsFree[product.id] - inOrders;
    },

    async addLineToOrder(vals, order, opts = {}, configure = true) {
        const product =
            typeof vals.product_id === "number"
                ? this.models["product.product"].get(vals.product_id)
                : vals.product_id;
        const free =
            this.omsHoldPolicy === "off" || vals.sale_order_origin_id || vals.refunded_orderline_id
                ? null
                : this.omsFreeQty(product);
        const qty = vals.qty ?? 1;
        if (free !== null && free < qty && qty > 0) {
            if (this.omsHoldPolicy === "block") {
                this.dialog.add(AlertDialog, {
                    title: _t("Not enough free stock"),
                    body: _t(
                        "%(product)s: %(free)s free in this store. The store policy does not allow selling it.",
                        { product: product.display_name, free: Math.max(free, 0) }
                    ),
                });
                return;
            }
            this.notification.add(
                _t("%(product)s: only %(free)s free in this store.", {
                    product: product.display_name,
                    free: Math.max(free, 0),
                }),
                { type: "warning" }
            );
        }
        const line = await super.addLineToOrder(...arguments);
        this.omsHolds?.schedule();
        return line;
    },

    removeOrder() {
        const result = super.removeOrder(...arguments);
        this.omsHolds?.schedule();
        return result;
    },

    async pay() {
        await this.omsHolds?.flush();
        return await super.pay(...arguments);
    },

    async preSyncAllOrders(orders) {
        // holds (and offline queue) reach the server before the sales
        await this.omsHolds?.flush();
        return await super.preSyncAllOrders(...arguments);
    },

    postSyncAllOrders(orders) {
        const result = super.postSyncAllOrders(...arguments);
        const productIds = (orders || []).flatMap((order) =>
            order.lines.map((line) => line.product_id?.id)
        );
        this.omsHolds?.refreshFree(productIds);
        return result;
    },

    async omsShowOtherStores(product) {
        if (!product) {
            return;
        }
        if (this.data.network.offline) {
            this.notification.add(_t("Other stores cannot be asked while offline."), {
                type: "warning",
            });
            return;
        }
        const stores = await this.data.call("oms.pos.hold", "pos_other_stores", [
            this.config.id,
            product.id,
        ]);
        this.dialog.add(OtherStoresPopup, { product, stores: stores || [] });
    },

    async omsReserve(line) {
        if (!line) {
            return;
        }
        const product = line.product_id;
        const partner = line.order_id.get_partner();
        const payload = await makeAwaitable(this.dialog, ReservePopup, {
            productName: product.display_name,
            qty: line.get_quantity(),
            partnerName: partner?.name || "",
            partnerPhone: partner?.phone || partner?.mobile || "",
        });
        if (!payload) {
            return;
        }
        const result = await this.data.call("oms.pos.hold", "pos_reserve", [
            this.session.id,
            product.id,
            payload.qty,
            payload.partnerName,
            payload.partnerPhone,
            payload.reservedUntil,
        ]);
        if (!result.hold_id) {
            this.dialog.add(AlertDialog, {
                title: _t("Reservation refused"),
                body: result.message || _t("Not enough free stock to reserve."),
            });
            return;
        }
        // the goods wait for the customer: they leave this sale
        line.order_id.removeOrderline(line);
        this.notification.add(
            result.message ||
                _t("%(qty)s × %(product)s reserved for %(name)s.", {
                    qty: payload.qty,
                    product: product.display_name,
                    name: payload.partnerName,
                }),
            { type: "success" }
        );
        await this.omsHolds.flush();
        await this.omsHolds.refreshFree([product.id]);
    },
});
