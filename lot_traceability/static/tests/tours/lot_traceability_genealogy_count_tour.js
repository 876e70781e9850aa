/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/* A cookie batch's form: its Upstream / Downstream buttons get their counts once shown. */
registry.category("web_tour.tours").add("lot_traceability_genealogy_count_tour", {
    steps: () => [
        {
            content: "One lot upstream (the flour)",
            trigger:
                ".o_form_view button[name=action_view_upstream_lots] .o_stat_value:contains(1)",
        },
        {
            content: "Two trays downstream",
            trigger:
                ".o_form_view button[name=action_view_downstream_lots] .o_stat_value:contains(2)",
        },
        {
            content: "The buttons still open the trace",
            trigger: ".o_form_view button[name=action_view_downstream_lots]",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=line_ids] .o_data_cell:contains(COUNT-BATCH-002)",
        },
    ],
});
