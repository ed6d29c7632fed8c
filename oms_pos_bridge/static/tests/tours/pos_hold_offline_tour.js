import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as Notification from "@point_of_sale/../tests/tours/utils/generic_components/notification_util";
import {
    freeQtyIs,
    ignoreOfflineRejections,
    lineHoldIs,
    patient,
    setNetwork,
    startPoS,
} from "@oms_pos_bridge/../tests/tours/pos_hold_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oms_pos_hold_offline_tour", {
    steps: () =>
        patient([
            startPoS(),
            Dialog.confirm("Open Register"),
            // a web order waits for the last mug: none free, the policy only warns
            freeQtyIs("OMS Last Mug", "0"),
            ignoreOfflineRejections(),
            setNetwork(false),
            ProductScreen.clickDisplayedProduct("OMS Last Mug"),
            Notification.has("only 0 free in this store"),
            // the till keeps selling: the hold waits for the connection
            lineHoldIs("OMS Last Mug", "queued"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            setNetwork(true),
            {
                content: "sync the orders sold offline",
                trigger: "body",
                run: async () => {
                    await window.posmodel.syncAllOrders();
                },
            },
            Notification.has("could not be held"),
            Chrome.isSyncStatusConnected(),
        ]),
});
