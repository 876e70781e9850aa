/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/* A recall above the list limit (3 in the test): its Deliveries tab shows the count and opens
 * the deliveries in a paged list; its Customers tab (2 lines) still lists them. */
registry.category("web_tour.tours").add("lot_traceability_recall_paged_tour", {
    steps: () => [
        {
            content: "Small tab: the customers are listed in the form",
            trigger: ".o_form_view .o_notebook a:contains(Customers)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=customer_ids] td:contains(Test Grocer)",
        },
        {
            content: "Large tab: its count, and no embedded list",
            trigger: ".o_form_view .o_notebook a:contains(Deliveries)",
            run: "click",
        },
        {
            trigger: "div[name=delivery_paged_note]:contains(too many to list here)",
        },
        {
            trigger: ".o_notebook:not(:has(.o_field_widget[name=delivery_ids]))",
        },
        {
            content: "Open the deliveries in their own list",
            trigger:
                "div[name=delivery_paged_note] button[name=action_view_deliveries]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains(Test Bistro)",
        },
        {
            content: "The list counts its rows (paged by the server)",
            trigger: ".o_pager_limit:contains(4)",
        },
    ],
});
