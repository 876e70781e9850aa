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

/* On a phone: a lot on hold scanned where it is not is refused; scanned from its shelf, it is
 * moved to quarantine with one tap. */
registry.category("web_tour.tours").add("lot_traceability_scanner_move_tour", {
    steps: () => [
        {
            content: "Choose Move on the home screen",
            trigger: ".o_lt_scanner_operation_move",
            run: "click",
        },
        {
            content: "Move waits for a lot or a location",
            trigger: ".o_lt_move .o_lt_move_hint",
        },
        scan("SHELF-B"),
        {
            content: "Shelf B and its lots",
            trigger: ".o_lt_move_lot_choice:contains(FLOUR-A2)",
        },
        scan("FLOUR-HELD"),
        {
            content: "Refused in red: the lot is not on Shelf B, and where it is",
            trigger:
                ".o_lt_scanner_feedback_danger:contains(is not at WH/Stock/Shelf B):contains(Shelf A)",
        },
        {
            content: "Start over",
            trigger: ".o_lt_move_restart",
            run: "click",
        },
        scan("FLOUR-HELD"),
        {
            content: "The held lot, taken from Shelf A: allowed inside the warehouse",
            trigger: ".o_lt_scanner_feedback_warning:contains(FLOUR-HELD)",
        },
        {
            content: "from Shelf A",
            trigger: ".o_lt_move_from:contains(Shelf A)",
        },
        {
            content: "all of it proposed",
            trigger: ".o_lt_qty_move .o_lt_qty_input:value(12.00)",
        },
        {
            content: "One tap: to quarantine",
            trigger: ".o_lt_move_quarantine",
            run: "click",
        },
        {
            content: "The destination is the quarantine area",
            trigger: ".o_lt_move_to:contains(Quarantine)",
        },
        {
            content: "Move",
            trigger: ".o_lt_move_confirm:enabled",
            run: "click",
        },
        {
            content: "Moved, with the transfer's reference",
            trigger:
                ".o_lt_scanner_feedback_success:contains(FLOUR-HELD moved from WH/Stock/Shelf A to WH/Quarantine)",
        },
        {
            content: "Ready for the next move",
            trigger: ".o_lt_move_done:contains(WH/INT/)",
        },
    ],
});
