/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/* On a phone: scan a tray's GS1 label into the Traceability Scanner and read its card, then
 * scan something unknown and get a message instead of a traceback. */
registry.category("web_tour.tours").add("lot_traceability_scanner_tour", {
    steps: () => [
        {
            content: "The scanner waits for a scan",
            trigger: ".o_lt_scanner .o_lt_scanner_hint",
        },
        {
            content:
                "A hardware scanner reads the tray's GS1 label (heard by the barcode service)",
            trigger: ".o_lt_scanner_input",
            run() {
                odoo.__WOWL_DEBUG__.root.env.services.barcode.bus.trigger(
                    "barcode_scanned",
                    {
                        barcode: "(01)05412345999997(10)SCAN-TRAY-001(17)271231",
                        target: document.body,
                    }
                );
            },
        },
        {
            content: "The tray's card",
            trigger: ".o_lt_lot_card .o_lt_card_lot:contains(SCAN-TRAY-001)",
        },
        {
            content:
                "its expiry as forms show it: the user's date format, not 12/31/27",
            trigger: ".o_lt_card_expiration_date:contains(12/31/2027)",
        },
        {
            content: "made from its batch",
            trigger: ".o_lt_card_made_from:contains(SCAN-BATCH)",
        },
        {
            content: "shipped to the customer",
            trigger: ".o_lt_card_customers:contains(Scanner Bistro)",
        },
        {
            content: "whose flour is on hold",
            trigger: ".o_lt_card_ingredients_on_hold:contains(SCAN-FLOUR)",
        },
        {
            content: "Type something unknown",
            trigger: ".o_lt_scanner_input",
            run: "click",
        },
        {
            content: "NO-SUCH-LOT-42",
            trigger: ".o_lt_scanner_input",
            run: "edit NO-SUCH-LOT-42",
        },
        {
            content: "Look it up",
            trigger: ".o_lt_scanner_lookup",
            run: "click",
        },
        {
            content: "A message a worker can act on",
            trigger: ".o_lt_scanner_error:contains(NO-SUCH-LOT-42)",
        },
    ],
});
