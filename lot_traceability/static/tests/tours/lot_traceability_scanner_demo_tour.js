/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {scanStep} from "./lot_traceability_scanner_receive_tour";

/* The scanner's four stories of the demo database (demo/stock_lot_scanner_demo*.xml), tried
 * on a phone as a new user would: the steps of the scanner's own tours, on the bakery's
 * records. */

/* Receive: the mill's delivery note 88604 (flour and butter) with three GS1 labels. */
registry.category("web_tour.tours").add("lot_traceability_scanner_demo_receive_tour", {
    steps: () => [
        {
            content: "The home screen offers Receive",
            trigger: ".o_lt_scanner_operation_receive",
            run: "click",
        },
        {
            content: "Choose the mill's receipt from the day's list",
            trigger: ".o_lt_receive_choice:contains(Northfield Mill)",
            run: "click",
        },
        {
            content: "The receipt is open",
            trigger: ".o_lt_receive_line:contains(Wheat Flour T55):contains(0 / 50)",
        },
        scanStep("(01)05412345000044(10)MILL-88604-01(17)270531(11)261120(3102)003000"),
        {
            content: "30 kg of the mill's lot MILL-88604-01",
            trigger: ".o_lt_scanner_feedback_success:contains(Wheat Flour T55)",
        },
        {trigger: ".o_lt_receive_line:contains(Wheat Flour T55):contains(30 / 50)"},
        scanStep("(01)05412345000044(10)MILL-88604-02(17)270615(11)261122(3102)002000"),
        {trigger: ".o_lt_receive_line:contains(Wheat Flour T55):contains(50 / 50)"},
        scanStep("(01)05412345000051(10)GVD-1126-1(17)270131(11)261126(3102)002000"),
        {
            content: "20 kg of butter",
            trigger: ".o_lt_receive_line:contains(Butter 82%):contains(20 / 20)",
        },
        {
            content: "Validate",
            trigger: ".o_lt_receive_validate",
            run: "click",
        },
        {
            content: "Received",
            trigger: ".o_lt_receive_done",
        },
    ],
});

/* Pick and ship: FreshMart's two cookie trays; the tray lot on hold is refused, the other
 * proposed and picked. */
registry.category("web_tour.tours").add("lot_traceability_scanner_demo_pick_tour", {
    steps: () => [
        {
            content: "The home screen offers Pick and ship",
            trigger: ".o_lt_scanner_operation_pick",
            run: "click",
        },
        {
            content: "Choose FreshMart's delivery",
            trigger: ".o_lt_pick_choice:contains(FreshMart Groceries)",
            run: "click",
        },
        {
            content: "What to pick: the reserved lot",
            trigger: ".o_lt_pick_suggestion:contains(COOKIE-2026-1115-002)",
        },
        scanStep("(01)05412345000075(10)COOKIE-2026-1115-003"),
        {
            content: "The tray on hold is refused with its reason",
            trigger:
                ".o_lt_scanner_feedback_danger:contains(COOKIE-2026-1115-003):contains(Dented lid)",
        },
        {
            content: "and another lot is proposed",
            trigger:
                ".o_lt_pick_proposal .o_lt_pick_proposal_lot:contains(COOKIE-2026-1115-002)",
        },
        scanStep("(01)05412345000075(10)COOKIE-2026-1115-002"),
        {
            content: "2 trays picked",
            trigger: ".o_lt_scanner_feedback_success:contains(COOKIE-2026-1115-002)",
        },
        {trigger: ".o_lt_pick_progress:contains(2 / 2)"},
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

/* Move: the butter lot on Bakery Shelf 1 moved to quarantine with one tap. */
registry.category("web_tour.tours").add("lot_traceability_scanner_demo_move_tour", {
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
        scanStep("BUTTER-2026-1119"),
        {
            content: "from Bakery Shelf 1",
            trigger: ".o_lt_move_from:contains(Bakery Shelf 1)",
        },
        {
            content: "all of it proposed",
            trigger: ".o_lt_qty_move .o_lt_qty_input:value(6.00)",
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
            content: "Moved",
            trigger:
                ".o_lt_scanner_feedback_success:contains(BUTTER-2026-1119 moved from WH/Stock/Bakery Shelf 1 to WH/Quarantine)",
        },
    ],
});

/* Count: Bakery Shelf 1 counted, the flour found 2 kg short, the butter as expected. */
registry.category("web_tour.tours").add("lot_traceability_scanner_demo_count_tour", {
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
        scanStep("BAKERY-SHELF-1"),
        {
            content: "Two lots expected, none counted yet",
            trigger: ".o_lt_count_not_counted:contains(Not counted yet (2))",
        },
        scanStep("FLOUR-2026-1118"),
        {
            content: "The flour counted, its quantity to set",
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
                ".o_lt_count_line[data-lot=FLOUR-2026-1118] .o_lt_count_qty:contains(28 kg)",
        },
        scanStep("BUTTER-2026-1119"),
        {
            content: "The butter counted as expected",
            trigger:
                ".o_lt_count_line[data-lot=BUTTER-2026-1119] .o_lt_count_qty:contains(6)",
        },
        {
            content: "Finish",
            trigger: ".o_lt_count_finish",
            run: "click",
        },
        {
            content: "One difference: the flour, 2 kg short",
            trigger: ".o_lt_count_difference[data-lot=FLOUR-2026-1118]:contains(-2)",
        },
        {
            content: "Apply",
            trigger: ".o_lt_count_apply",
            run: "click",
        },
        {
            content: "Applied",
            trigger:
                ".o_lt_scanner_feedback_success:contains(WH/Stock/Bakery Shelf 1 counted: FLOUR-2026-1118 -2.00 kg applied)",
        },
    ],
});
