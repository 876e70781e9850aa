/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/** What a hardware scanner does: keys typed fast on the page, then Enter. */
function scan(code) {
    return {
        content: `Scan ${code}`,
        trigger: ".o_lt_build_form .o_lt_build_scan",
        run() {
            for (const key of [...code, "Enter"]) {
                document.body.dispatchEvent(
                    new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true})
                );
            }
        },
    };
}

/** A scan refused inline: its message in the wizard, no dialog to close. */
function refusedScan(code) {
    return [
        scan(code),
        {
            content: `${code} is refused inline`,
            trigger: `.o_lt_build_form .o_lt_build_scan_refused:contains(Scan ${code}: no lot)`,
        },
    ];
}

registry.category("web_tour.tours").add("stock_lot_build_tour", {
    steps: () => [
        {
            content: "On a phone, the form's buttons are in the gear menu",
            trigger: ".o_form_view .o_cp_action_menus button.dropdown-toggle",
            run: "click",
        },
        {
            content: "Build from the composition list",
            trigger: ".o-dropdown--menu button:contains(Build)",
            run: "click",
        },
        {
            content: "The wizard lists the slots of the composition list",
            trigger: ".o_lt_build_form .o_kanban_record:contains(Left engine)",
        },
        {
            content: "Nothing scanned yet: no warning and no Build Anyway",
            trigger:
                ".modal:not(:has(.o_lt_build_confirm_anyway)):not(:has(.alert-warning))",
        },
        ...refusedScan("NOPE-1"),
        ...refusedScan("NOPE-2"),
        ...refusedScan("NOPE-3"),
        {
            content: "Three refused scans and still only the wizard: no dialog on top",
            trigger: ".o_lt_build_scan_refused:contains(NOPE-3)",
            run() {
                const dialogs = document.querySelectorAll(".modal-dialog").length;
                if (dialogs !== 1) {
                    throw new Error(
                        `${dialogs} dialogs open, expected only the build wizard`
                    );
                }
            },
        },
        scan("BOLT-A"),
        {
            content: "The next scan works: the refusal is gone",
            trigger: ".o_lt_build_form:not(:has(.o_lt_build_scan_refused))",
        },
        {
            content: "The bolts line took lot BOLT-A",
            trigger: ".o_lt_build_form .o_kanban_record:contains(BOLT-A)",
        },
        scan("ENG-L1"),
        {
            trigger: ".o_lt_build_feedback:contains(Left engine: ENG-L1)",
        },
        scan("ENG-R1"),
        {
            content: "Each engine serial went to its slot",
            trigger:
                ".o_lt_build_form .o_kanban_record:contains(Right engine):contains(ENG-R1)",
        },
        {
            content: "Build",
            trigger: ".modal-footer button.o_lt_build_confirm",
            run: "click",
        },
        {
            content: "The finished serial lists its components",
            trigger: ".o_form_view .o_notebook a:contains(Components)",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_notebook .tab-pane.active:contains(ENG-L1):contains(ENG-R1)",
        },
    ],
});
