/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, useState} from "@odoo/owl";
import {scannerOperations, useScan} from "../scanner_api";
import {ScannerQuantity} from "../quantity/scanner_quantity";
import {_t} from "@web/core/l10n/translation";

const MODEL = "stock.lot.scanner.count";

/**
 * Count: scan a location, then each lot and set its counted quantity; Finish shows the
 * differences and the lots expected there but not counted (to confirm as zero, one tap each,
 * or to leave uncounted); Apply records the counts as Odoo's inventory adjustments
 * (stock.lot.scanner.count on the server).
 *
 * Steps: ``location`` → ``lots`` (counting) → ``review`` → back to ``location``.
 */
export class CountOperation extends Component {
    static template = "lot_traceability.ScannerCount";
    static components = {ScannerQuantity};
    static props = {};

    setup() {
        this.state = useState(this.initialState());
        this.scanner = useScan((code) => this.onScan(code));
        this.shell = useState(this.scanner.state);
        this.updatePrompt();
    }

    initialState() {
        return {
            step: "location",
            location: null,
            expected: [], // lots on hand at the location
            lines: [], // counted: {lot, quantity, expected, canWriteOff}
            currentId: false, // lot id of the line the −/+ act on
            review: null,
            zeroIds: [], // lots not counted, confirmed as zero
            done: null,
        };
    }

    updatePrompt() {
        this.scanner.setPrompt(
            this.state.step === "location"
                ? _t("Scan the location to count")
                : _t("Scan a lot")
        );
    }

    /** The expected lots not counted yet. */
    get notCounted() {
        const counted = new Set(this.state.lines.map((line) => line.lot.id));
        return this.state.expected.filter((lot) => !counted.has(lot.id));
    }

    async onScan(code) {
        if (this.state.step === "location") {
            return this.scanLocation(code);
        }
        if (this.state.step === "review") {
            // a scan while reviewing goes back to counting
            this.state.step = "lots";
            this.state.review = null;
        }
        return this.scanLot(code);
    }

    async scanLocation(code) {
        const result = await this.scanner.call(MODEL, "scan_location", [code]);
        if (!this.scanner.showResult(result)) {
            return;
        }
        Object.assign(this.state, this.initialState(), {
            step: "lots",
            location: result.location,
            expected: result.expected,
        });
        this.scanner.info(
            _t("%(location)s: %(count)s lots expected. Scan each lot.", {
                location: result.location.name,
                count: result.expected.length,
            })
        );
        this.updatePrompt();
    }

    async scanLot(code) {
        const result = await this.scanner.call(MODEL, "scan_lot", [
            this.state.location.id,
            code,
        ]);
        if (!this.scanner.showResult(result)) {
            return;
        }
        const lot = result.lot;
        let line = this.state.lines.find((l) => l.lot.id === lot.id);
        if (line) {
            if (result.label_quantity) {
                line.quantity += result.label_quantity;
            }
        } else {
            let quantity = lot.quantity;
            if (!result.expected) {
                quantity = result.label_quantity || 1;
            }
            this.state.lines.unshift({
                lot,
                quantity,
                expected: lot.quantity,
                canWriteOff: result.can_write_off,
            });
            line = this.state.lines[0];
        }
        this.state.currentId = lot.id;
        if (!result.expected) {
            this.scanner.warning(
                _t("%(lot)s was not expected here: set the quantity found.", {
                    lot: lot.name,
                })
            );
        } else if (lot.held) {
            this.scanner.warning(
                _t("%(lot)s is %(status)s.", {lot: lot.name, status: lot.status_label})
            );
        } else {
            this.scanner.success(lot.name);
        }
    }

    onLineClick(line) {
        this.state.currentId = line.lot.id;
    }

    onQuantityChange(line, value) {
        line.quantity = value;
    }

    onRemoveLine(line) {
        this.state.lines = this.state.lines.filter((l) => l !== line);
        this.state.currentId = false;
    }

    get counts() {
        return this.state.lines.map((line) => ({
            lot_id: line.lot.id,
            quantity: line.quantity,
        }));
    }

    async onFinishClick() {
        const result = await this.scanner.call(MODEL, "get_review", [
            this.state.location.id,
            this.counts,
        ]);
        if (!this.scanner.showResult(result)) {
            return;
        }
        this.state.review = result;
        this.state.zeroIds = [];
        this.state.step = "review";
        this.scanner.info(
            result.differences.length
                ? _t("Check the differences, then apply.")
                : _t("No difference: apply to confirm the count.")
        );
    }

    isZero(lot) {
        return this.state.zeroIds.includes(lot.id);
    }

    onToggleZero(lot) {
        this.state.zeroIds = this.isZero(lot)
            ? this.state.zeroIds.filter((id) => id !== lot.id)
            : [...this.state.zeroIds, lot.id];
    }

    onConfirmAllZero() {
        this.state.zeroIds = this.state.review.missing.map((lot) => lot.id);
    }

    onBackClick() {
        this.state.step = "lots";
        this.state.review = null;
        this.scanner.clearFeedback();
    }

    async onApplyClick() {
        if (this.shell.busy) {
            return;
        }
        this.shell.busy = true;
        try {
            const result = await this.scanner.call(
                MODEL,
                "action_apply",
                [this.state.location.id, this.counts],
                {zero_lot_ids: this.state.zeroIds}
            );
            if (this.scanner.showResult(result)) {
                Object.assign(this.state, this.initialState(), {done: result});
                this.updatePrompt();
            }
        } finally {
            this.shell.busy = false;
        }
    }

    onRestartClick() {
        Object.assign(this.state, this.initialState());
        this.scanner.clearFeedback();
        this.updatePrompt();
    }
}

scannerOperations.add("count", {
    Component: CountOperation,
    label: _t("Count"),
    icon: "fa-list-ol",
    sequence: 50,
});
