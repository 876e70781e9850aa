/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {_t} from "@web/core/l10n/translation";
import {scanBarcode} from "@web/core/barcode/barcode_dialog";

/**
 * A camera scan as Odoo's barcode scanner button does it (barcodes' BarcodeScanner): the code
 * read, or null after a warning notification with the camera's error ("Could not start
 * scanning. No device can be found.", a refused permission, …) instead of an uncaught
 * promise rejection.
 *
 * @param {Object} env the component's env
 * @param {Object} notification the notification service
 * @returns {Promise<string|null>}
 */
export async function scanWithCamera(env, notification) {
    let error = null;
    let barcode = null;
    try {
        barcode = await scanBarcode(env);
    } catch (err) {
        error = err.message;
    }
    if (barcode) {
        if ("vibrate" in window.navigator) {
            window.navigator.vibrate(100);
        }
        return barcode;
    }
    notification.add(error || _t("Please, Scan again!"), {type: "warning"});
    return null;
}
