/** @odoo-module */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("OmsPosPickupCollectedPaid", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickControlButton("Pickups"),
            {
                content: "the ready pickup is listed, unpaid",
                trigger: ".oms-pickup-row:contains('PICKUP-TOUR-1'):contains('Ready')",
            },
            {
                content: "the customer collects it",
                trigger: ".oms-pickup-row:contains('PICKUP-TOUR-1') .oms-pickup-collected",
                run: "click",
            },
            PaymentScreen.isShown(),
            PaymentScreen.totalIs("30.00"),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            {
                content: "the order is paid and synced",
                trigger: ".pos .receipt-screen",
            },
            ReceiptScreen.clickNextOrder(),
            ProductScreen.isShown(),
        ]
            .flat()
            // Loading the POS and syncing the settled order are slow on a
            // loaded machine: give every step a minute.
            .map((step) => ({ timeout: 60000, ...step })),
});
