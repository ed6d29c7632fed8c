/** @odoo-module */
import { patch } from "@web/core/utils/patch";
import { PosStore } from "@point_of_sale/app/store/pos_store";

patch(PosStore.prototype, {
    /**
     * Load an unpaid pickup's sale order into a fresh POS order through
     * pos_sale's settlement, as "Quotation/Order > Settle the order" does.
     */
    async omsSettlePickup(saleOrderId) {
        if (!this.get_order() || this.get_order().lines.length) {
            this.add_new_order();
        }
        const order = this.get_order();
        const saleOrder = await this._getSaleOrder(saleOrderId);
        const fiscalPosition =
            saleOrder.fiscal_position_id &&
            this.models["account.fiscal.position"].find(
                (position) => position.id === saleOrder.fiscal_position_id?.id
            );
        if (fiscalPosition) {
            order.update({ fiscal_position_id: fiscalPosition });
        }
        if (saleOrder.partner_id) {
            order.set_partner(saleOrder.partner_id);
        }
        await this.settleSO(saleOrder, fiscalPosition);
        return order;
    },
});
