/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/* From a cookie batch: split it into 4 trays of 2 kg, open a tray and trace it upstream. */
registry.category("web_tour.tours").add("lot_traceability_genealogy_tour", {
    steps: () => [
        {
            content: "Split the batch",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_open_split_wizard]",
            run: "click",
        },
        {
            content: "Four units",
            trigger: ".modal .o_field_widget[name=unit_count] input",
            run: "edit 4",
        },
        {
            content: "of 2 kg each",
            trigger: ".modal .o_field_widget[name=unit_quantity] input",
            run: "edit 2",
        },
        {
            content: "Leave the field",
            trigger: ".modal .o_field_widget[name=split_mode]",
            run: "click",
        },
        {
            content: "The wizard shows what is taken from the batch",
            trigger:
                ".modal .o_field_widget[name=preview]:contains(8.00 kg taken from the batch)",
        },
        {
            trigger: ".modal button[name=action_split]",
            run: "click",
        },
        {
            content: "The units are listed",
            trigger: ".o_list_view .o_data_cell:contains(TOUR-BATCH-004)",
        },
        {
            trigger: ".o_list_view .o_data_cell:contains(TOUR-BATCH-001)",
            run: "click",
        },
        {
            content: "Trace the tray upstream",
            trigger: ".o_form_view button[name=action_view_upstream_lots]",
            run: "click",
        },
        {
            content: "The batch and its flour are in the trace",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_cell:contains(TOUR-BATCH-001)",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_cell:contains(TOUR-FLOUR)",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_cell:contains(Split)",
        },
    ],
});
