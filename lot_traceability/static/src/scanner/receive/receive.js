/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, onWillStart, useState} from "@odoo/owl";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
} from "@web/core/l10n/dates";
import {applyPickingResult, findLastLot} from "../picking_lines";
import {scannerOperations, useScan} from "../scanner_api";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";

const MODEL = "stock.lot.scanner.receive";

/**
 * Receive: choose (or scan) a receipt, scan the supplier's labels (a GS1 label records a line;
 * a product barcode asks for its lot), correct a quantity with −/+, validate with Odoo's
 * backorder choice, print our labels.
 */
export class ReceiveOperation extends Component {
    static template = "lot_traceability.ScannerReceive";
    static props = {};

    setup() {
        this.action = useService("action");
        this.scanner = useScan((code) => this.onScan(code));
        this.state = useState({
            choices: [],
            picking: null,
            lines: [],
            lineId: false,
            pendingProduct: null,
            backorderNeeded: false,
            done: false,
            lotIds: [],
        });
        onWillStart(() => this.loadChoices());
        this.updatePrompt();
    }

    async loadChoices() {
        this.state.choices = await this.scanner.orm.call(MODEL, "get_receipts", []);
    }

    updatePrompt() {
        let prompt = _t("Scan a receipt's reference");
        if (this.state.pendingProduct) {
            prompt = _t("Scan or type the lot of %s", this.state.pendingProduct.name);
        } else if (this.state.picking && !this.state.done) {
            prompt = _t("Scan a supplier's label");
        }
        this.scanner.setPrompt(prompt);
    }

    async onScan(code) {
        if (!this.state.picking || this.state.done) {
            return this.openReceipt(code);
        }
        const result = await this.scanner.call(MODEL, "scan", [
            this.state.picking.id,
            code,
            this.state.pendingProduct ? this.state.pendingProduct.id : false,
        ]);
        if (!this.scanner.showResult(result)) {
            return;
        }
        if (result.need_lot) {
            this.state.pendingProduct = result.need_lot;
            this.scanner.info(result.message);
        } else {
            this.state.pendingProduct = null;
            this.applyResult(result);
        }
        this.state.backorderNeeded = false;
        this.updatePrompt();
    }

    async openReceipt(ref) {
        const result = await this.scanner.call(MODEL, "open_receipt", [ref]);
        if (!this.scanner.showResult(result)) {
            return;
        }
        Object.assign(this.state, {
            picking: result.picking,
            lines: result.lines,
            lineId: false,
            pendingProduct: null,
            backorderNeeded: false,
            done: false,
            lotIds: [],
        });
        this.scanner.info(_t("%s open: scan the labels.", result.picking.name));
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
        const quantity = Math.round((lot.quantity + delta) * 1000) / 1000;
        await this.setQuantity(quantity);
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

    cancelPendingProduct() {
        this.state.pendingProduct = null;
        this.scanner.clearFeedback();
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
                onClose: () => this.openReceipt(this.state.picking.id),
            });
            return;
        }
        if (this.scanner.showResult(result) && result.done) {
            this.state.backorderNeeded = false;
            this.state.done = true;
            this.state.lotIds = result.lot_ids || [];
            this.updatePrompt();
        }
    }

    async printLabels() {
        const action = await this.scanner.call(MODEL, "print_labels", [
            this.state.picking.id,
        ]);
        if (action) {
            await this.action.doAction(action);
        }
    }

    async nextReceipt() {
        Object.assign(this.state, {
            picking: null,
            lines: [],
            done: false,
            lineId: false,
        });
        this.scanner.clearFeedback();
        await this.loadChoices();
        this.updatePrompt();
    }

    isComplete(line) {
        return line.quantity >= line.demand;
    }

    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    formatDateTime(value) {
        return value ? formatDate(deserializeDateTime(value)) : "";
    }

    formatScheduled(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }
}

scannerOperations.add("receive", {
    Component: ReceiveOperation,
    label: _t("Receive"),
    icon: "fa-truck",
    sequence: 20,
});
