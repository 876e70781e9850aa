/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/* A name shared by two lots (the batch and a flour lot): the scanner asks which one, product
 * shown, and opens the card of the one chosen. */
registry.category("web_tour.tours").add("lot_traceability_scanner_choice_tour", {
    steps: () => [
        {
            content: "Type the shared name",
            trigger: ".o_lt_scanner_input",
            run: "edit SCAN-BATCH",
        },
        {
            content: "Look it up",
            trigger: ".o_lt_scanner_lookup",
            run: "click",
        },
        {
            content: "Which one? Both are listed with their product",
            trigger: ".o_lt_scanner_choice:contains(Test Cookie Batch)",
        },
        {
            content: "Choose the flour lot",
            trigger: ".o_lt_scanner_choice:contains(Test Flour)",
            run: "click",
        },
        {
            content: "Its card",
            trigger: ".o_lt_lot_card .o_lt_card_product:contains(Test Flour)",
        },
        {
            content: "No choice list any more",
            trigger: ".o_lt_scanner:not(:has(.o_lt_scanner_choice))",
        },
    ],
});
