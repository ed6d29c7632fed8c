/** @odoo-module **/
// Change a channel's buffer and see the available-to-sell figure follow.
// Data: test_tours.py (20 units in stock, buffer 0).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("oms_buffer_change", {
    steps: () => [
        {
            content: "Open the Stock tab",
            trigger: ".o_notebook a[name=stock]",
            run: "click",
        },
        {
            content: "Set the buffer to 10",
            trigger: ".o_field_widget[name=ats_buffer] input",
            run: "edit 10",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Recompute now",
            trigger: "button[name=action_oms_recompute_stock]",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(recomputed)",
        },
        {
            content: "Open the channel's availability",
            trigger: "button[name=action_view_channel_stock]",
            run: "click",
        },
        {
            content: "The figure uses the new buffer",
            trigger: ".o_list_view .o_data_row:contains(Tour Boot) td[name=ats]:contains(10)",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(Tour Boot) td[name=buffer]:contains(10)",
        },
    ],
});
