import { PosData } from "@point_of_sale/app/models/data_service";
import { patch } from "@web/core/utils/patch";

// Computed keys the server adds to the loaded records: read from `record.raw`,
// they must not be asked again as fields by later reads of the model.
const COMPUTED_KEYS = { "product.product": ["oms_free_qty"] };

patch(PosData.prototype, {
    async loadInitialData() {
        const response = await super.loadInitialData(...arguments);
        for (const [model, keys] of Object.entries(COMPUTED_KEYS)) {
            const fields = response?.[model]?.fields;
            if (Array.isArray(fields)) {
                response[model].fields = fields.filter((name) => !keys.includes(name));
            }
        }
        return response;
    },
});
