/** Tour steps for the OMS hold badges of the product screen. */

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
