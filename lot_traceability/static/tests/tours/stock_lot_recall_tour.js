/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/** Click a header button of the recall form, then OK in its confirmation dialog. */
function clickConfirmed(name, label) {
    return [
        {
            content: label,
            trigger: `.o_form_view .o_statusbar_buttons button[name=${name}]`,
            run: "click",
        },
        {
            content: `Confirm ${label}`,
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("lot_traceability_recall_tour", {
    steps: () => [
        {
            content: "Open the recall: the affected set is computed",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open]",
            run: "click",
        },
        {
            content: "Both customers were found",
            trigger: ".o_form_view .o_notebook a:contains(Customers)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=customer_ids] td:contains(Test Grocer)",
        },
        {
            trigger: ".o_field_widget[name=customer_ids] td:contains(Test Bistro)",
        },
        {
            content: "The trays still on hand are listed",
            trigger: ".o_form_view .o_notebook a:contains(On Hand)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=onhand_ids] td:contains(COOKIES-1-004)",
        },
        ...clickConfirmed("action_hold_stock", "Hold Stock"),
        {
            content: "Holding is logged in the chatter",
            trigger: ".o-mail-Message:contains(Stock held)",
        },
        ...clickConfirmed("action_notify_customers", "Notify Customers"),
        {
            content: "Every notice is logged in the chatter",
            trigger: ".o-mail-Message:contains(Recall notice emailed to Test Grocer)",
        },
        {
            content: "Close the recall",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        {
            content: "The recall is closed",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains(Closed)",
        },
    ],
});
