/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {scanStep} from "./lot_traceability_scanner_receive_tour";

/* On a phone: pick the bistro's cookie trays. The tray grabbed first is on hold: refused at
 * the scan with the reason, and the next lot by FEFO proposed; then the proposed lots are
 * picked and the delivery validated. */
registry.category("web_tour.tours").add("lot_traceability_scanner_pick_tour", {
    steps: () => [
        {
            content: "The home screen offers Pick and ship",
            trigger: ".o_lt_scanner_operation_pick",
            run: "click",
        },
        {
            content: "Choose the bistro's delivery",
            trigger: ".o_lt_pick_choice:contains(Dock Bistro)",
            run: "click",
        },
        {
            content: "What to pick: the reserved lot, and where",
            trigger: ".o_lt_pick_suggestion:contains(T-NEXT):contains(Shelf D1)",
        },
        scanStep("LOC-D1"),
        {trigger: ".o_lt_pick_location:contains(Shelf D1)"},
        scanStep("(01)08909994000039(10)T-OLD"),
        {
            content: "The tray on hold is refused with its reason",
            trigger:
                ".o_lt_scanner_feedback_danger:contains(T-OLD):contains(Broken seal)",
        },
        {
            content: "and another lot is proposed",
            trigger: ".o_lt_pick_proposal .o_lt_pick_proposal_lot:contains(T-NEXT)",
        },
        scanStep("(01)08909994000039(10)T-NEXT"),
        {
            content: "10 trays of T-NEXT picked",
            trigger: ".o_lt_scanner_feedback_success:contains(T-NEXT)",
        },
        {trigger: ".o_lt_pick_progress:contains(10 / 12)"},
        scanStep("(01)08909994000039(10)T-LATE"),
        {trigger: ".o_lt_pick_progress:contains(12 / 12)"},
        {
            content: "Validate",
            trigger: ".o_lt_pick_validate",
            run: "click",
        },
        {
            content: "Shipped",
            trigger: ".o_lt_pick_done",
        },
    ],
});
