/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/** A hardware scanner reads ``barcode`` (heard by Odoo's barcode service). */
function scan(barcode) {
    return {
        content: `Scan ${barcode}`,
        trigger: ".o_lt_scanner_input",
        run() {
            odoo.__WOWL_DEBUG__.root.env.services.barcode.bus.trigger(
                "barcode_scanned",
                {
                    barcode,
                    target: document.body,
                }
            );
        },
    };
}

/* On a phone: Shelf A counted — FLOUR-A1 found 2 kg short (two taps on −), FLOUR-A2 and the
 * held lot as expected, the butter not counted (left as it is): one difference applied. */
registry.category("web_tour.tours").add("lot_traceability_scanner_count_tour", {
    steps: () => [
        {
            content: "Choose Count on the home screen",
            trigger: ".o_lt_scanner_operation_count",
            run: "click",
        },
        {
            content: "Count waits for a location",
            trigger: ".o_lt_count_step_location",
        },
        scan("SHELF-A"),
        {
            content: "Shelf A: four lots expected, none counted yet",
            trigger: ".o_lt_count_not_counted:contains(Not counted yet (4))",
        },
        scan("FLOUR-A1"),
        {
            content: "FLOUR-A1 counted, its quantity to set",
            trigger: ".o_lt_qty_count .o_lt_qty_input:value(30.00)",
        },
        {
            content: "one kg less",
            trigger: ".o_lt_qty_count .o_lt_qty_minus",
            run: "click",
        },
        {
            content: "and another",
            trigger: ".o_lt_qty_count .o_lt_qty_input:value(29.00)",
            run() {
                document.querySelector(".o_lt_qty_count .o_lt_qty_minus").click();
            },
        },
        {
            content: "28 kg on the line",
            trigger:
                ".o_lt_count_line[data-lot=FLOUR-A1] .o_lt_count_qty:contains(28 kg)",
        },
        scan("FLOUR-A2"),
        {
            content: "FLOUR-A2 counted as expected",
            trigger: ".o_lt_count_line[data-lot=FLOUR-A2] .o_lt_count_qty:contains(20)",
        },
        scan("FLOUR-HELD"),
        {
            content: "The held lot is said to be on hold",
            trigger: ".o_lt_scanner_feedback_warning:contains(FLOUR-HELD)",
        },
        {
            content: "Finish",
            trigger: ".o_lt_count_finish",
            run: "click",
        },
        {
            content: "One difference: FLOUR-A1, 2 kg short",
            trigger: ".o_lt_count_difference[data-lot=FLOUR-A1]:contains(-2)",
        },
        {
            content: "only that one",
            trigger: ".o_lt_count:not(:has(.o_lt_count_difference[data-lot=FLOUR-A2]))",
        },
        {
            content:
                "The butter was not counted: left as it is unless confirmed as zero",
            trigger:
                ".o_lt_count_missing[data-lot=BUTTER-B1]:not(.list-group-item-danger)",
        },
        {
            content: "Apply",
            trigger: ".o_lt_count_apply",
            run: "click",
        },
        {
            content: "Applied",
            trigger:
                ".o_lt_scanner_feedback_success:contains(WH/Stock/Shelf A counted: FLOUR-A1 -2.00 kg applied)",
        },
        {
            content: "Ready for the next shelf",
            trigger: ".o_lt_count_step_location",
        },
    ],
});
