import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as Notification from "@point_of_sale/../tests/tours/utils/generic_components/notification_util";
import { freeQtyIs, patient, startPoS, lineHoldIs } from "@oms_pos_bridge/../tests/tours/pos_hold_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oms_pos_hold_last_unit_tour", {
    steps: () =>
        patient([
            startPoS(),
            Dialog.confirm("Open Register"),
            freeQtyIs("OMS Last Mug", "1"),
            ProductScreen.clickDisplayedProduct("OMS Last Mug"),
            lineHoldIs("OMS Last Mug", "held"),
            freeQtyIs("OMS Last Mug", "0"),
            // the other stores are asked on demand
            ProductScreen.clickControlButton("Other stores"),
            {
                content: "the other store has 4 free",
                trigger: ".oms-other-stores tr:contains('OMS Second Store') .oms-store-free:contains('4')",
            },
            Dialog.confirm("Close"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            Chrome.isSyncStatusConnected(),
        ]),
});

registry.category("web_tour.tours").add("oms_pos_hold_block_tour", {
    steps: () =>
        patient([
            startPoS(),
            Dialog.confirm("Open Register"),
            freeQtyIs("OMS Last Mug", "0"),
            ProductScreen.clickDisplayedProduct("OMS Last Mug"),
            {
                content: "the block policy refuses the product",
                trigger: ".modal-dialog:contains('Not enough free stock')",
            },
            Dialog.confirm("Ok"),
            ProductScreen.orderIsEmpty(),
            // a product with stock is sold as usual
            ProductScreen.clickDisplayedProduct("OMS Plenty Plate"),
            lineHoldIs("OMS Plenty Plate", "held"),
        ]),
});

registry.category("web_tour.tours").add("oms_pos_hold_reserve_tour", {
    steps: () =>
        patient([
            startPoS(),
            Dialog.confirm("Open Register"),
            freeQtyIs("OMS Plenty Plate", "5"),
            ProductScreen.clickDisplayedProduct("OMS Plenty Plate"),
            ProductScreen.clickDisplayedProduct("OMS Plenty Plate"),
            lineHoldIs("OMS Plenty Plate", "held"),
            freeQtyIs("OMS Plenty Plate", "3"),
            ProductScreen.clickControlButton("Reserve for customer"),
            {
                content: "customer name",
                trigger: ".oms-reserve-popup input[name='partner_name']",
                run: "edit Ada Lovelace",
            },
            {
                content: "customer phone",
                trigger: ".oms-reserve-popup input[name='partner_phone']",
                run: "edit +32 470 12 34 56",
            },
            {
                content: "confirm the reservation",
                trigger: ".modal-footer .oms-reserve-confirm",
                run: "click",
            },
            Notification.has("reserved for Ada Lovelace"),
            ProductScreen.orderIsEmpty(),
            // the reservation holds the 2 plates on the server
            freeQtyIs("OMS Plenty Plate", "3"),
        ]),
});
