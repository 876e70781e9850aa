/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

/* A camera scan that fails (Odoo's scanBarcode rejects: camera refused, none found) shows the
 * error in a warning notification, as Odoo's own barcode scanner button does, instead of an
 * uncaught promise rejection. The camera dialog is replaced by one that fails at once. */
function failingCamera() {
    return {
        content: "The camera fails",
        trigger: "body",
        run() {
            const dialog = odoo.__WOWL_DEBUG__.root.env.services.dialog;
            const add = dialog.add;
            dialog.add = (component, props, options) => {
                if (!props || !props.onResult || !props.onError) {
                    return add(component, props, options);
                }
                // the camera dialog of scanBarcode
                props.onError(
                    new Error("Could not start scanning. No device can be found.")
                );
                return () => {};
            };
        },
    };
}

const errorShown = {
    content: "The camera's error is shown",
    trigger:
        ".o_notification:contains(Could not start scanning. No device can be found.)",
};

registry.category("web_tour.tours").add("lot_traceability_camera_scanner_tour", {
    steps: () => [
        {trigger: ".o_lt_scanner .o_lt_scanner_hint"},
        failingCamera(),
        {
            content: "Scan with the camera",
            trigger: ".o_lt_scanner_camera",
            run: "click",
        },
        errorShown,
        {
            content: "The scanner still waits for a scan",
            trigger: ".o_lt_scanner .o_lt_scanner_hint",
        },
    ],
});

registry.category("web_tour.tours").add("lot_traceability_camera_build_tour", {
    steps: () => [
        {
            content: "Build from the composition list",
            trigger: ".o_form_view .o_form_statusbar button:contains(Build)",
            run: "click",
        },
        {trigger: ".o_lt_build_form .o_lt_build_scan"},
        failingCamera(),
        {
            content: "Scan with the camera",
            trigger: ".o_lt_build_scan_camera",
            run: "click",
        },
        errorShown,
        {
            content: "The wizard stays open",
            trigger: ".o_lt_build_form .o_lt_build_scan",
        },
    ],
});
