/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, onMounted, useRef, useState, useSubEnv} from "@odoo/owl";
import {ScannerApi, scannerOperations} from "./scanner_api";
import {_t} from "@web/core/l10n/translation";
import {isBarcodeScannerSupported} from "@web/core/barcode/barcode_video_scanner";
import {isMobileOS} from "@web/core/browser/feature_detection";
import {registry} from "@web/core/registry";
import {scanWithCamera} from "./camera_scan";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useBus, useService} from "@web/core/utils/hooks";

/**
 * Traceability Scanner: a phone-sized screen for the shop floor. The shell owns the scan bar
 * (hardware scanner or keyboard wedge heard through Odoo's barcode service, a typed code, the
 * camera), the feedback banner with its beep and vibration, and the home screen: one big button
 * per operation of the registry category ``lot_traceability.scanner_operations`` (Look up,
 * Receive, Pick, Move, Count). The operation on screen receives every scan (see scanner_api.js
 * and SCANNER_SHELL.md); a scan on the home screen is looked up.
 *
 * The client action may open an operation directly: ``params.operation`` (e.g. "receive").
 */
export class LotScanner extends Component {
    static template = "lot_traceability.LotScanner";
    static props = {...standardActionServiceProps};

    setup() {
        this.notification = useService("notification");
        this.input = useRef("input");
        this.state = useState({operation: false});
        this.api = new ScannerApi({
            orm: useService("orm"),
            open: (key) => this.openOperation(key),
        });
        this.scanner = useState(this.api.state);
        useSubEnv({lotScanner: this.api});
        this.cameraSupported = isBarcodeScannerSupported();
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) =>
            this.api.dispatch(ev.detail.barcode)
        );
        const params = this.props.action?.params || {};
        if (params.operation && scannerOperations.contains(params.operation)) {
            this.state.operation = params.operation;
        }
        // on a phone, a focused input opens the on-screen keyboard: the hardware scanner and
        // the camera need none (the barcode service hears the scanner without focus)
        onMounted(() => !isMobileOS() && this.input.el?.focus());
    }

    /** The operations of the home screen, in sequence order. */
    get operations() {
        return scannerOperations
            .getEntries()
            .map(([key, operation]) => ({key, ...operation}))
            .sort((a, b) => (a.sequence || 100) - (b.sequence || 100));
    }

    /** The scan bar's placeholder: what the operation on screen waits for. */
    get placeholder() {
        return this.scanner.prompt || _t("Scan or type a lot, serial or GS1 code");
    }

    get activeOperation() {
        return (
            this.state.operation && scannerOperations.get(this.state.operation, null)
        );
    }

    openOperation(key) {
        if (key && !scannerOperations.contains(key)) {
            return;
        }
        this.state.operation = key || false;
        if (!key) {
            this.api.setPrompt("");
            this.api.clearFeedback();
        }
    }

    onOperationClick(key) {
        this.api.open(key);
    }

    onHomeClick() {
        this.api.goHome();
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.onLookUpClick();
        }
    }

    onLookUpClick() {
        const code = this.input.el.value;
        this.input.el.value = "";
        this.api.dispatch(code);
    }

    async onCameraClick() {
        const code = await scanWithCamera(this.env, this.notification);
        if (code) {
            await this.api.dispatch(code);
        }
    }
}

registry.category("actions").add("lot_traceability.scanner", LotScanner);
