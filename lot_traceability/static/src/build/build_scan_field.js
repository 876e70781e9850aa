/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, useRef} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {isBarcodeScannerSupported} from "@web/core/barcode/barcode_video_scanner";
import {registry} from "@web/core/registry";
import {scanWithCamera} from "@lot_traceability/scanner/camera_scan";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useBus, useService} from "@web/core/utils/hooks";

/** A short low buzz: a refused scan is heard as well as read (a worker looks at the part). */
function playErrorSound() {
    const AudioContext = browser.AudioContext || browser.webkitAudioContext;
    if (!AudioContext) {
        return;
    }
    try {
        const context = new AudioContext();
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = "square";
        oscillator.frequency.value = 220;
        gain.gain.value = 0.1;
        oscillator.connect(gain).connect(context.destination);
        oscillator.onended = () => context.close();
        oscillator.start();
        oscillator.stop(context.currentTime + 0.3);
    } catch {
        // no sound device: the message on screen is enough
    }
}

/**
 * The scan box of the build wizard. A hardware scanner (keyboard wedge) is heard through
 * Odoo's barcode service wherever the focus is; the box also takes a typed code (Enter)
 * and, on devices with a camera, a camera scan. Each code is written into the field, whose
 * onchange (server side) puts the lot on the right component line. A refused scan changes
 * nothing: its message is shown inline (scan_feedback, in red) with an error sound, and the
 * next scan works at once.
 */
export class BuildScanField extends Component {
    static template = "lot_traceability.BuildScanField";
    static props = {
        ...standardFieldProps,
        placeholder: {type: String, optional: true},
    };

    setup() {
        this.input = useRef("input");
        this.notification = useService("notification");
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        this.cameraSupported = isBarcodeScannerSupported();
    }

    async scan(code) {
        code = (code || "").trim();
        if (!code || this.props.readonly) {
            return;
        }
        await this.props.record.update({[this.props.name]: code});
        if (this.props.record.data.scan_refused) {
            playErrorSound();
        }
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            ev.stopPropagation();
            const code = this.input.el.value;
            this.input.el.value = "";
            this.scan(code);
        }
    }

    async onCameraClick() {
        const code = await scanWithCamera(this.env, this.notification);
        if (code) {
            await this.scan(code);
        }
    }
}

export const buildScanField = {
    component: BuildScanField,
    supportedTypes: ["char"],
    extractProps: ({attrs}) => ({placeholder: attrs.placeholder}),
};

registry.category("fields").add("stock_lot_build_scan", buildScanField);
