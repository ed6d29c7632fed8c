import { ProductCard } from "@point_of_sale/app/generic_components/product_card/product_card";
import { usePos } from "@point_of_sale/app/store/pos_hook";
import { patch } from "@web/core/utils/patch";

patch(ProductCard.prototype, {
    setup() {
        super.setup(...arguments);
        this.pos = usePos();
    },

    /** Free quantity left in this store, null when not shown. */
    get omsFreeQty() {
        const product = this.props.product;
        if (!this.pos?.omsFree || this.pos.omsHoldPolicy === "off" || !product) {
            return null;
        }
        return this.pos.omsFreeQty(product);
    },

    get omsFreeText() {
        return this.env.utils.formatProductQty(Math.max(this.omsFreeQty, 0), false);
    },
});
