import { markRaw } from "@odoo/owl";
import { ConnectionLostError } from "@web/core/network/rpc";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";

/** The running till's HoldSync, for the models that have no store reference. */
export const holdSyncRef = { current: null };

const HOLD_MODEL = "oms.pos.hold";
const DEBOUNCE_MS = 300;

/**
 * Keeps the server holds (oms.pos.hold) in step with the lines of the open
 * orders of this till. Instead of following every mutation path of the POS
 * (add, merge, numpad, delete, cancel order...), each trigger schedules a
 * reconcile that compares what the lines ask for with what was last sent.
 *
 * Offline, the wanted holds are queued (localStorage, survives a reload) and
 * sent with pos_sync_offline on reconnect, before the orders themselves, so
 * the server sees the hold before the sale; a conflict never blocks the sale.
 */
export class HoldSync {
    constructor(pos) {
        this.pos = pos;
        this.timer = null;
        this.running = Promise.resolve();
        const stored = this._load();
        // line uuid -> {qty, product_id, order_uuid}: what the server holds
        this.sent = stored.sent || {};
        // line uuid -> payload for pos_sync_offline
        this.queue = stored.queue || {};
        markRaw(this);
    }

    get storageKey() {
        return `oms_pos_holds_${this.pos.config.id}_${this.pos.session.id}`;
    }

    get enabled() {
        return (this.pos.config.oms_hold_policy || "warn") !== "off";
    }

    get offline() {
        return Boolean(this.pos.data.network.offline);
    }

    get queuedCount() {
        return Object.keys(this.queue).length;
    }

    _load() {
        try {
            return JSON.parse(browser.localStorage.getItem(this.storageKey)) || {};
        } catch {
            return {};
        }
    }

    _save() {
        browser.localStorage.setItem(
            this.storageKey,
            JSON.stringify({ sent: this.sent, queue: this.queue })
        );
    }

    /** Lines of this till's orders that are still being edited. */
    _openLines() {
        return this.pos.models["pos.order"]
            .filter((order) => !order.finalized)
            .flatMap((order) => order.lines);
    }

    _finalizedLineUuids() {
        return new Set(
            this.pos.models["pos.order"]
                .filter((order) => order.finalized)
                .flatMap((order) => order.lines.map((line) => line.uuid))
        );
    }

    static isHoldable(product) {
        return Boolean(product?.is_storable);
    }

    /** Lines settling a sale order take goods the order already reserved. */
    static isHoldableLine(line) {
        return (
            HoldSync.isHoldable(line.product_id) &&
            !line.refunded_orderline_id &&
            !line.sale_order_origin_id
        );
    }

    /** Quantities the open lines want held, by line uuid. */
    _wanted() {
        const wanted = {};
        for (const line of this._openLines()) {
            if (!HoldSync.isHoldableLine(line)) {
                continue;
            }
            const qty = line.get_quantity();
            if (qty > 0) {
                wanted[line.uuid] = {
                    qty,
                    product_id: line.product_id.id,
                    order_uuid: line.order_id.uuid,
                };
            }
        }
        return wanted;
    }

    schedule() {
        if (!this.enabled) {
            return;
        }
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reconcile(), DEBOUNCE_MS);
    }

    /** Send what changed now (before paying or syncing orders). */
    flush() {
        clearTimeout(this.timer);
        return this.reconcile();
    }

    reconcile() {
        if (!this.enabled) {
            return Promise.resolve();
        }
        this.running = this.running.then(() => this._reconcile()).catch((error) => {
            console.warn("OMS holds: reconcile failed", error);
        });
        return this.running;
    }

    async _reconcile() {
        if (this.queuedCount && !this.offline) {
            await this._sendQueue();
        }
        const wanted = this._wanted();
        const finalized = this._finalizedLineUuids();
        const changes = [];
        for (const [uuid, want] of Object.entries(wanted)) {
            const sent = this.sent[uuid];
            if (!sent || sent.qty !== want.qty || sent.product_id !== want.product_id) {
                changes.push({ line_uuid: uuid, ...want });
            }
        }
        for (const [uuid, sent] of Object.entries(this.sent)) {
            if (wanted[uuid]) {
                continue;
            }
            if (finalized.has(uuid)) {
                // paid: the order sync turns the hold into the sale
                delete this.sent[uuid];
                this.pos.omsSold(sent.product_id, sent.qty);
            } else {
                changes.push({ line_uuid: uuid, ...sent, qty: 0 });
            }
        }
        const touched = new Set();
        for (const change of changes) {
            touched.add(change.product_id);
            await this._send(change);
        }
        this._save();
        if (touched.size && !this.offline) {
            await this.refreshFree([...touched]);
        }
    }

    async _send(change) {
        if (this.offline) {
            return this._enqueue(change);
        }
        let result;
        try {
            result = await this.pos.data.call(HOLD_MODEL, "pos_set_hold", [
                this.pos.session.id,
                change.line_uuid,
                change.order_uuid,
                change.product_id,
                change.qty,
            ]);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return this._enqueue(change);
            }
            // a refused hold (closed session, other store...) never stops the sale
            this._setLineState(change.line_uuid, {
                state: "error",
                message: error.data?.message || error.message,
            });
            this.sent[change.line_uuid] = { ...change };
            return;
        }
        this._applyResult(change, result);
    }

    _enqueue(change) {
        this.queue[change.line_uuid] = {
            line_uuid: change.line_uuid,
            order_uuid: change.order_uuid,
            product_id: change.product_id,
            qty: change.qty,
            client_time: new Date().toISOString(),
        };
        if (change.qty > 0) {
            this.sent[change.line_uuid] = {
                qty: change.qty,
                product_id: change.product_id,
                order_uuid: change.order_uuid,
            };
        } else {
            delete this.sent[change.line_uuid];
        }
        this._setLineState(change.line_uuid, {
            state: "queued",
            message: _t("Offline: the hold will be sent when the connection is back."),
        });
        this._save();
    }

    _applyResult(change, result) {
        if (change.qty > 0 && result.state !== "blocked") {
            this.sent[change.line_uuid] = {
                qty: change.qty,
                product_id: change.product_id,
                order_uuid: change.order_uuid,
            };
        } else {
            delete this.sent[change.line_uuid];
        }
        const line = this._line(change.line_uuid);
        this._setLineState(change.line_uuid, {
            state: result.state,
            held_qty: result.held_qty,
            message: result.message,
        });
        if (!line || line.order_id.finalized) {
            return;
        }
        if (result.state === "short") {
            this.pos.notification.add(
                result.message ||
                    _t("Only %(qty)s of %(product)s free in this store.", {
                        qty: result.held_qty,
                        product: line.product_id.display_name,
                    }),
                { type: "warning" }
            );
        } else if (result.state === "blocked") {
            this._revertBlocked(line, result);
        }
    }

    /** Policy "block": bring the line back to what could be held. */
    _revertBlocked(line, result) {
        const held = result.held_qty || 0;
        if (held > 0) {
            line.set_quantity(held);
            this.sent[line.uuid] = {
                qty: held,
                product_id: line.product_id.id,
                order_uuid: line.order_id.uuid,
            };
        } else {
            line.order_id.removeOrderline(line);
        }
        this.pos.dialog.add(AlertDialog, {
            title: _t("Not enough free stock"),
            body:
                result.message ||
                _t("%(product)s has not enough free stock in this store.", {
                    product: line.product_id.display_name,
                }),
        });
    }

    async _sendQueue() {
        const holds = Object.values(this.queue);
        if (!holds.length) {
            return;
        }
        let results;
        try {
            results = await this.pos.data.call(HOLD_MODEL, "pos_sync_offline", [
                this.pos.session.id,
                holds,
            ]);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return;
            }
            throw error;
        }
        const conflicts = [];
        for (const result of results || []) {
            const hold = this.queue[result.line_uuid];
            delete this.queue[result.line_uuid];
            this._setLineState(result.line_uuid, {
                state: result.state,
                held_qty: result.held_qty,
                message: result.message,
            });
            if (result.state === "conflict") {
                // nothing held on the server for it
                delete this.sent[result.line_uuid];
                conflicts.push({ ...result, product_id: hold?.product_id });
            }
        }
        // lines the server did not answer for are dropped, not resent forever
        this.queue = {};
        this._save();
        if (conflicts.length) {
            this.pos.notification.add(
                _t(
                    "%(count)s line(s) sold offline could not be held: the sales are kept and the back office will resolve them.",
                    { count: conflicts.length }
                ),
                { type: "warning", sticky: true, title: _t("Stock conflict") }
            );
        }
        await this.refreshFree(holds.map((hold) => hold.product_id));
    }

    async refreshFree(productIds) {
        const ids = [...new Set(productIds)].filter(Boolean);
        if (!ids.length || this.offline) {
            return;
        }
        try {
            const free = await this.pos.data.call(HOLD_MODEL, "pos_free_quantities", [
                this.pos.config.id,
                ids,
            ]);
            for (const [productId, qty] of Object.entries(free || {})) {
                this.pos.omsSetFree(parseInt(productId), qty);
            }
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                console.warn("OMS holds: free quantities not refreshed", error);
            }
        }
    }

    /** Quantity this till holds on the server for a product, all lines. */
    heldByThisTill(productId) {
        return Object.values(this.sent)
            .filter((sent) => sent.product_id === productId)
            .reduce((total, sent) => total + sent.qty, 0);
    }

    _line(uuid) {
        return this.pos.models["pos.order.line"].find((line) => line.uuid === uuid);
    }

    _setLineState(uuid, state) {
        const line = this._line(uuid);
        if (line) {
            line.uiState.omsHold = { ...state };
        }
    }
}
