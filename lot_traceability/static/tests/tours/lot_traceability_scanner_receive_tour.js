/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/** A hardware scanner reading ``barcode`` (heard by Odoo's barcode service). */
export function scanStep(barcode, trigger = ".o_lt_scanner_input") {
    return {
        content: `Scan ${barcode}`,
        trigger,
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

/* On a phone, at the dock: open Receive, choose the mill's receipt, scan three GS1 labels
 * (two flour lots, one butter lot: product, lot, expiry, production date and net weight in one
 * scan each), validate. */
registry.category("web_tour.tours").add("lot_traceability_scanner_receive_tour", {
    steps: () => [
        {
            content: "The home screen offers Receive",
            trigger: ".o_lt_scanner_operation_receive",
            run: "click",
        },
        {
            content: "Choose the mill's receipt from the day's list",
            trigger: ".o_lt_receive_choice:contains(Dock Mill)",
            run: "click",
        },
        {
            content: "The receipt is open",
            trigger: ".o_lt_receive_line:contains(Dock Flour):contains(0 / 50)",
        },
        scanStep("(01)08909994000015(10)MILL-A(17)271231(11)261101(3102)003000"),
        {
            content: "30 kg of flour lot MILL-A",
            trigger: ".o_lt_scanner_feedback_success:contains(MILL-A)",
        },
        {trigger: ".o_lt_receive_line:contains(Dock Flour):contains(30 / 50)"},
        scanStep("(01)08909994000015(10)MILL-B(17)280131(11)261115(3102)002000"),
        {trigger: ".o_lt_receive_line:contains(Dock Flour):contains(50 / 50)"},
        scanStep("(01)08909994000022(10)BUT-7(17)270315(11)261120(3102)002000"),
        {
            content: "20 kg of butter lot BUT-7",
            trigger: ".o_lt_receive_line:contains(Dock Butter):contains(20 / 20)",
        },
        scanStep("(01)08909994000039(10)X-1(17)271231"),
        {
            content: "with a clear message",
            trigger: ".o_lt_scanner_feedback_danger:contains(is not on receipt)",
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
        {
            content: "Our labels can be printed",
            trigger: ".o_lt_receive_print",
        },
    ],
});
