/** Tour steps for the OMS hold badges of the product screen. */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";

/** Chrome.startPoS, patient: loading the POS takes long on a busy machine. */
export function startPoS() {
    return Chrome.startPoS().map((step) => ({ ...step, timeout: 60000 }));
}

/** Steps that wait up to 30 s (a shared test machine can be slow), not 10. */
export function patient(steps) {
    return steps.flat().map((step) => ({ timeout: 30000, ...step }));
}

export function freeQtyIs(productName, qty) {
    return {
        content: `${productName} shows ${qty} free`,
        trigger: `article.product:contains("${productName}") .oms-free-qty [data-free="${qty}"]`,
    };
}

export function lineHoldIs(productName, state) {
    return {
        content: `the line of ${productName} is ${state}`,
        trigger: `.order-container .orderline:has(.product-name:contains("${productName}")) .oms-hold-badge.oms-hold-${state}`,
    };
}

export function setNetwork(online) {
    return {
        content: online ? "the till is back online" : "the till goes offline",
        trigger: "body",
        run: () => window.dispatchEvent(new Event(online ? "online" : "offline")),
    };
}

/**
 * Odoo's payment screen rejects a promise on purpose when an order cannot be
 * sent offline (`Promise.reject(error)` with no handler): Chrome reports it and
 * the test fails, although the till goes on. Give those rejections a handler.
 */
export function ignoreOfflineRejections() {
    return {
        content: "offline rejections are expected",
        trigger: "body",
        run: () => {
            const reject = Promise.reject.bind(Promise);
            Promise.reject = (reason) => {
                const promise = reject(reason);
                if (String(reason?.message).includes("couldn't be established")) {
                    promise.catch(() => {});
                }
                return promise;
            };
        },
    };
}
