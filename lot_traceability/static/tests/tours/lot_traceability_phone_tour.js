/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/**
 * Throw when something under ``selector`` is wider than the screen, when a field's text is
 * cut, or when two parts of a row (a value and its unit) print over each other.
 */
function assertFits(selector) {
    const root = document.querySelector(selector);
    if (!root) {
        throw new Error(`${selector} is not on the screen`);
    }
    const width = document.documentElement.clientWidth;
    for (const element of root.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.width && (box.right > width + 1 || box.left < -1)) {
            throw new Error(
                `${element.className || element.tagName} spans ${Math.round(
                    box.left
                )}-${Math.round(box.right)}px on a ${width}px screen`
            );
        }
    }
    for (const field of root.querySelectorAll(".o_field_widget:not(.o_field_radio)")) {
        if (field.offsetParent && field.scrollWidth > field.clientWidth + 1) {
            throw new Error(
                `field ${field.getAttribute("name")} is cut: ${field.textContent}`
            );
        }
    }
    for (const row of root.querySelectorAll(".o_row, .o_lt_qty_row")) {
        // a part's extent is that of everything in it (an input wider than its field runs
        // under the next part)
        const boxes = [...row.children]
            .filter((child) => child.offsetParent)
            .map((child) => {
                const rects = [child, ...child.querySelectorAll("*")]
                    .map((element) => element.getBoundingClientRect())
                    .filter((rect) => rect.width);
                return {
                    left: Math.min(...rects.map((rect) => rect.left)),
                    right: Math.max(...rects.map((rect) => rect.right)),
                    top: Math.min(...rects.map((rect) => rect.top)),
                    bottom: Math.max(...rects.map((rect) => rect.bottom)),
                };
            });
        for (let i = 1; i < boxes.length; i++) {
            const [a, b] = [boxes[i - 1], boxes[i]];
            if (a.top < b.bottom - 1 && b.top < a.bottom - 1 && a.right > b.left + 1) {
                throw new Error(
                    `${row.textContent.trim()}: parts of the row print over each other`
                );
            }
        }
    }
}

/* On a phone (390 px): the split wizard of a batch. */
registry.category("web_tour.tours").add("lot_traceability_split_phone_tour", {
    steps: () => [
        {
            content: "On a phone, the form's buttons are in the gear menu",
            trigger: ".o_form_view .o_cp_action_menus button.dropdown-toggle",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu button:contains(Split Into Units)",
            run: "click",
        },
        {
            content: "Three units",
            trigger: ".modal .o_field_widget[name=unit_count] input",
            run: "edit 3",
        },
        {
            content: "of 5 kg each: more than the 8 kg on hand",
            trigger: ".modal .o_field_widget[name=unit_quantity] input",
            run: "edit 5",
        },
        {
            content: "Leave the field",
            trigger: ".modal .o_field_widget[name=split_mode]",
            run: "click",
        },
        {
            content: "The preview refuses in a sentence, and Split is not offered",
            trigger:
                ".modal:not(:has(button[name=action_split])) .o_lt_split_preview_error:contains(of lot TOUR-BATCH are on hand)",
        },
        {
            content: "of 2 kg each",
            trigger: ".modal .o_field_widget[name=unit_quantity] input",
            run: "edit 2",
        },
        {
            trigger: ".modal .o_field_widget[name=split_mode]",
            run: "click",
        },
        {
            content: "The preview says what the split does",
            trigger:
                ".modal .o_lt_split_preview:contains(3 units of Test Cookie Batch, 2.00 kg each: 6.00 kg taken from the batch, 2.00 kg stay in it.)",
        },
        {
            content: "Nothing wider than the screen, no value printed over its unit",
            trigger: ".modal .o_lt_split_form",
            run() {
                assertFits(".modal .modal-content");
            },
        },
        {
            trigger: ".modal button[name=action_split]",
            run: "click",
        },
        {
            content: "The units are listed",
            trigger:
                ".o_kanban_record:contains(TOUR-BATCH-003), .o_data_cell:contains(TOUR-BATCH-003)",
        },
    ],
});

/* On a phone (390 px): the trace screen of a batch, as cards. */
registry.category("web_tour.tours").add("lot_traceability_trace_phone_tour", {
    steps: () => [
        {
            content: "The batch and its flour are in the trace",
            trigger:
                ".o_field_widget[name=line_ids]:contains(TOUR-FLOUR):contains(Test Bistro)",
        },
        {
            content: "Nothing wider than the screen, no text cut",
            trigger: ".o_form_view .o_lot_trace",
            run() {
                assertFits(".o_form_view .o_lot_trace");
            },
        },
        {
            content: "one card per line",
            trigger:
                ".o_field_widget[name=line_ids] .o_kanban_record:contains(TOUR-FLOUR)",
        },
        {
            content: "the delivery to the customer in full",
            trigger:
                ".o_kanban_record:contains(Delivered to Test Bistro, Kitchen Door)",
        },
    ],
});
