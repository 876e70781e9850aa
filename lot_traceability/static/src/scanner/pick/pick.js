/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, onWillStart, useState} from "@odoo/owl";
import {deserializeDateTime, formatDate, formatDateTime} from "@web/core/l10n/dates";
import {applyPickingResult, findLastLot} from "../picking_lines";
import {scannerOperations, useScan} from "../scanner_api";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";

const MODEL = "stock.lot.scanner.pick";

/**
 * Pick and ship: choose (or scan) a delivery, see what to pick (the lot reserved, else the
 * next by FEFO, and where), scan the location and the lot — a lot on hold, recalled or expired
 * is refused with the next lot to take — correct a quantity with −/+, validate with Odoo's
 * backorder choice.
 */
export class PickOperation extends Component {
    static template = "lot_traceability.ScannerPick";
    static props = {};

    setup() {
        this.action = useService("action");
        this.scanner = useScan((code) => this.onScan(code));
        this.state = useState({
            choices: [],
            picking: null,
            lines: [],
            lineId: false,
            location: null,
            proposal: null,
            backorderNeeded: false,
            done: false,
        });
        onWillStart(() => this.loadChoices());
        this.updatePrompt();
    }

    async loadChoices() {
        this.state.choices = await this.scanner.orm.call(MODEL, "get_deliveries", []);
    }

    updatePrompt() {
        let prompt = _t("Scan a delivery's reference");
        if (this.state.picking && !this.state.done) {
            prompt = this.state.location
                ? _t("Scan the lot")
                : _t("Scan the location or the lot");
        }
        this.scanner.setPrompt(prompt);
    }

    async onScan(code) {
        if (!this.state.picking || this.state.done) {
            return this.openDelivery(code);
        }
        const result = await this.scanner.call(MODEL, "scan", [
            this.state.picking.id,
            code,
            this.state.location ? this.state.location.id : false,
        ]);
        if (!result) {
            return;
        }
        this.state.proposal = result.proposal || null;
        if (!this.scanner.showResult(result)) {
            return;
        }
        if (result.location) {
            this.state.location = result.location;
            this.scanner.info(result.message);
        } else {
            this.applyResult(result);
        }
        this.state.backorderNeeded = false;
        this.updatePrompt();
    }

    async openDelivery(ref) {
        const result = await this.scanner.call(MODEL, "open_delivery", [ref]);
        if (!this.scanner.showResult(result)) {
            return;
        }
        Object.assign(this.state, {
            picking: result.picking,
            lines: result.lines,
            lineId: false,
            location: null,
            proposal: null,
            backorderNeeded: false,
            done: false,
        });
        this.scanner.info(
            _t("%s open: scan the location or the lot.", result.picking.name)
        );
        this.updatePrompt();
    }

    applyResult(result) {
        applyPickingResult(this.state, result);
    }

    get lastLot() {
        return findLastLot(this.state);
    }

    async changeQuantity(delta) {
        const lot = this.lastLot;
        await this.setQuantity(Math.round((lot.quantity + delta) * 1000) / 1000);
    }

    async onQuantityChange(ev) {
        const quantity = parseFloat(ev.target.value);
        if (!isNaN(quantity)) {
            await this.setQuantity(quantity);
        }
    }

    async setQuantity(quantity) {
        const result = await this.scanner.call(MODEL, "set_quantity", [
            this.state.picking.id,
            this.state.lineId,
            quantity,
        ]);
        if (this.scanner.showResult(result)) {
            this.applyResult(result);
        }
    }

    clearLocation() {
        this.state.location = null;
        this.updatePrompt();
    }

    async validate(backorder = null) {
        const result = await this.scanner.call(MODEL, "validate", [
            this.state.picking.id,
            backorder,
        ]);
        if (!result) {
            return;
        }
        if (result.backorder_needed) {
            this.state.backorderNeeded = true;
            this.scanner.warning(result.message);
            return;
        }
        if (result.action) {
            await this.action.doAction(result.action, {
                onClose: () => this.openDelivery(this.state.picking.id),
            });
            return;
        }
        if (this.scanner.showResult(result) && result.done) {
            this.state.backorderNeeded = false;
            this.state.done = true;
            this.updatePrompt();
        }
    }

    async nextDelivery() {
        Object.assign(this.state, {
            picking: null,
            lines: [],
            done: false,
            lineId: false,
            location: null,
            proposal: null,
        });
        this.scanner.clearFeedback();
        await this.loadChoices();
        this.updatePrompt();
    }

    isComplete(line) {
        return line.quantity >= line.demand;
    }

    formatDate(value) {
        return value ? formatDate(deserializeDateTime(value)) : "";
    }

    formatScheduled(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }
}

scannerOperations.add("pick", {
    Component: PickOperation,
    label: _t("Pick and ship"),
    icon: "fa-shopping-basket",
    sequence: 30,
});
