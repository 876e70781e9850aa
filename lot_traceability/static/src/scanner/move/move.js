/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, useState} from "@odoo/owl";
import {scannerOperations, useScan} from "../scanner_api";
import {ScannerQuantity} from "../quantity/scanner_quantity";
import {_t} from "@web/core/l10n/translation";

const MODEL = "stock.lot.scanner.move";

/**
 * Move: scan a lot (or the location it is taken from), scan where it goes (or tap
 * Quarantine), set the quantity, tap Move: one internal transfer, validated on the server
 * (stock.lot.scanner.move), its line sent by the putaway rules of the destination.
 *
 * Steps: ``source`` (nothing known, or a location whose lots are listed, or a lot on several
 * locations), then ``destination`` (the source known: quantity and destination), then the
 * Move button once the destination is known.
 */
export class MoveOperation extends Component {
    static template = "lot_traceability.ScannerMove";
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
            location: null, // source location
            lot: null,
            lots: [], // lots of the scanned location
            locations: [], // locations of the scanned lot
            available: 0,
            reserved: 0,
            quantity: 0,
            destination: null,
            putaway: null,
            quarantine: false,
            done: null, // the last move: {message, picking}
        };
    }

    get sourceKnown() {
        return Boolean(
            this.state.location && this.state.lot && !this.state.lots.length
        );
    }

    updatePrompt() {
        let prompt = _t("Scan a lot or the location to move it from");
        if (this.sourceKnown) {
            prompt = _t("Scan the destination");
        } else if (this.state.location) {
            prompt = _t("Scan a lot of this location");
        } else if (this.state.lot) {
            prompt = _t("Scan the location to take it from");
        }
        this.scanner.setPrompt(prompt);
    }

    async onScan(code) {
        if (this.sourceKnown) {
            return this.scanDestination({code});
        }
        const kwargs = {};
        if (this.state.location) {
            kwargs.location_id = this.state.location.id;
        } else if (this.state.lot) {
            kwargs.lot_id = this.state.lot.id;
        }
        return this.scanSource(code, kwargs);
    }

    async scanSource(code, kwargs) {
        const result = await this.scanner.call(MODEL, "scan_source", [code], kwargs);
        if (!this.scanner.showResult(result)) {
            return;
        }
        this.state.done = null;
        this.state.destination = null;
        this.state.putaway = null;
        this.state.location = result.location || null;
        this.state.lot = result.lot || null;
        this.state.lots = result.lots || [];
        this.state.locations = result.locations || [];
        if (result.quantity !== undefined) {
            this.state.available = result.quantity;
            this.state.reserved = result.reserved;
            this.state.quantity = result.quantity;
            if (this.state.lot.held) {
                this.scanner.warning(
                    _t("%(lot)s is %(status)s: it may move inside the warehouse.", {
                        lot: this.state.lot.name,
                        status: this.state.lot.status_label,
                    })
                );
            } else {
                this.scanner.success(this.state.lot.name);
            }
        } else {
            this.scanner.info(
                this.state.lots.length
                    ? _t("Scan or tap the lot to move.")
                    : _t("Scan or tap the location to take it from.")
            );
        }
        this.updatePrompt();
    }

    onLotClick(lot) {
        return this.scanSource(false, {
            location_id: this.state.location.id,
            lot_id: lot.id,
        });
    }

    onLocationClick(location) {
        return this.scanSource(false, {
            lot_id: this.state.lot.id,
            location_id: location.id,
        });
    }

    async scanDestination({code = false, quarantine = false}) {
        const result = await this.scanner.call(
            MODEL,
            "scan_destination",
            [this.state.lot.id, this.state.location.id],
            {code, quarantine}
        );
        if (!this.scanner.showResult(result)) {
            return;
        }
        this.state.destination = result.location_dest;
        this.state.putaway =
            result.putaway.id === result.location_dest.id ? null : result.putaway;
        this.state.quarantine = result.quarantine;
        this.scanner.success(
            _t("To %(location)s", {
                location: (this.state.putaway || this.state.destination).name,
            })
        );
    }

    onQuarantineClick() {
        return this.scanDestination({quarantine: true});
    }

    onQuantityChange(value) {
        this.state.quantity = value;
    }

    async onMoveClick() {
        if (this.scanner.state.busy) {
            return;
        }
        this.scanner.state.busy = true;
        try {
            const result = await this.scanner.call(MODEL, "action_move", [
                this.state.lot.id,
                this.state.location.id,
                this.state.destination.id,
                this.state.quantity,
            ]);
            if (this.scanner.showResult(result)) {
                Object.assign(this.state, this.initialState(), {done: result});
                this.updatePrompt();
            }
        } finally {
            this.scanner.state.busy = false;
        }
    }

    onRestartClick() {
        Object.assign(this.state, this.initialState());
        this.scanner.clearFeedback();
        this.updatePrompt();
    }
}

scannerOperations.add("move", {
    Component: MoveOperation,
    label: _t("Move"),
    icon: "fa-exchange",
    sequence: 40,
});
