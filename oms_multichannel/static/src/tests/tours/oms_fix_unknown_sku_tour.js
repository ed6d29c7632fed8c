/** @odoo-module **/
// Fix an order in exception for an unknown SKU from the order itself: map the
// SKU to a product, apply, see the result. Data: test_tours.py.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("oms_fix_unknown_sku", {
    steps: () => [
        {
            content: "The order says why it waits",
            trigger: ".alert-danger:contains(Unknown SKU TOUR-SOCK-9)",
        },
        {
            content: "Open the guided fix",
            trigger: "button[name=action_oms_fix_intake]",
            run: "click",
        },
        {
            content: "The unknown SKU is listed",
            trigger: ".modal .o_field_widget[name=line_ids] td:contains(TOUR-SOCK-9)",
        },
        {
            content: "Choose its product",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td[name=product_id]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=product_id] input",
            run: "edit Tour Sock",
        },
        {
            trigger: ".ui-menu-item a:contains(Tour Sock)",
            run: "click",
        },
        {
            content: "Apply and retry",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The result is shown",
            trigger: ".o_notification:contains(Taken in)",
        },
        {
            content: "The exception is gone",
            trigger: ".o_form_view:not(:has(.alert-danger:contains(Unknown SKU)))",
        },
    ],
});
