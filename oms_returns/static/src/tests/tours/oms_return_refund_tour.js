/** @odoo-module **/
// From a delivered and invoiced order to a refund with a credit note, through
// the screens. Data: test_tours.py.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("oms_return_refund", {
    steps: () => [
        {
            content: "Return from the order",
            trigger: ".o_form_view button[name=action_oms_create_return]",
            run: "click",
        },
        {
            content: "Lines are filled in, the reason is ours to choose",
            trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=reason_id]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=reason_id] input",
            run: "edit Tour Wrong Size",
        },
        {
            trigger: ".ui-menu-item a:contains(Tour Wrong Size)",
            run: "click",
        },
        {
            content: "The form says what settling will do",
            trigger: ".o_field_widget[name=money_outcome]:contains(credit note)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Approve",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "Receive",
            trigger: "button[name=action_receive]",
            run: "click",
        },
        {
            content: "Confirm the receipt",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Refund",
            trigger: "button[name=action_settle]:contains(Refund)",
            run: "click",
        },
        {
            content: "The credit note and the net refund are stated",
            trigger: ".o_field_widget[name=money_outcome]:contains(Refunded by credit note)",
        },
        {
            trigger: "button[name=action_view_credit_notes]",
        },
        {
            trigger: ".o_field_widget[name=net_refund_amount]",
        },
    ],
});
