import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";

export class OtherStoresPopup extends Component {
    static template = "oms_pos_bridge.OtherStoresPopup";
    static components = { Dialog };
    static props = {
        product: Object,
        stores: Array,
        close: Function,
    };

    formatQty(qty) {
        return this.env.utils.formatProductQty(qty, false);
    }
}
