/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, onMounted, useRef, useState} from "@odoo/owl";
import {isBarcodeScannerSupported} from "@web/core/barcode/barcode_video_scanner";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {scanWithCamera} from "./camera_scan";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useBus, useService} from "@web/core/utils/hooks";

/**
 * Traceability Scanner: a phone-sized screen for the shop floor. A scan (hardware scanner or
 * keyboard wedge heard through Odoo's barcode service, a typed code, or the camera) shows the
 * card of the lot — product, status, on hand, expiry, where it came from and went, open
 * recalls — with the actions a worker takes from there.
 */
export class LotScanner extends Component {
    static template = "lot_traceability.LotScanner";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.input = useRef("input");
        this.state = useState({
            card: null,
            error: "",
            code: "",
            loading: false,
            choices: [],
            choiceMessage: "",
            lotId: false,
        });
        this.cameraSupported = isBarcodeScannerSupported();
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.lookUp(ev.detail.barcode));
        onMounted(() => this.input.el?.focus());
    }

    async lookUp(code, lotId = false) {
        code = (code || "").trim();
        if (!code || this.state.loading) {
            return;
        }
        this.state.loading = true;
        this.state.code = code;
        try {
            const result = await this.orm.call(
                "stock.lot.scanner",
                "get_lot_card",
                [code],
                {
                    lot_id: lotId,
                }
            );
            // several lots under one name: ask which one (see get_lot_card)
            this.state.choices = result.choices || [];
            this.state.choiceMessage = result.choices ? result.message : "";
            this.state.error = result.error || "";
            this.state.card = result.error || result.choices ? null : result;
            this.state.lotId = this.state.card ? this.state.card.id : false;
        } finally {
            this.state.loading = false;
        }
    }

    onChoiceClick(choice) {
        this.lookUp(this.state.code, choice.id);
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
        this.lookUp(code);
    }

    async onCameraClick() {
        const code = await scanWithCamera(this.env, this.notification);
        if (code) {
            await this.lookUp(code);
        }
    }

    /** Dates as forms show them: the user's date format, time zone and language. */
    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    formatDateTime(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    hasAction(name) {
        return this.state.card.actions.includes(name);
    }

    async doCardAction(name) {
        const action = await this.orm.call("stock.lot.scanner", "action_from_card", [
            this.state.card.id,
            name,
        ]);
        await this.action.doAction(action, {
            onClose: () => this.lookUp(this.state.code, this.state.lotId),
        });
    }
}

registry.category("actions").add("lot_traceability.scanner", LotScanner);
