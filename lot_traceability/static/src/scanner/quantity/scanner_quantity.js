/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component} from "@odoo/owl";

/**
 * A quantity for one thumb: big − and + buttons around a numeric field (typing is possible,
 * never needed). The step of the buttons is one unit (a unit of 0.01 kg still steps by 1 kg);
 * the value is rounded to the unit's rounding and kept between ``min`` and ``max``.
 *
 * Props: ``value`` (number), ``onChange(value)``, ``rounding`` (the unit's rounding),
 * ``uom`` (its name), optional ``min`` (default 0), ``max``, ``name`` (a class suffix for
 * tours: ``o_lt_qty_<name>``).
 */
export class ScannerQuantity extends Component {
    static template = "lot_traceability.ScannerQuantity";
    static props = {
        value: Number,
        onChange: Function,
        rounding: {type: Number, optional: true},
        uom: {type: String, optional: true},
        min: {type: Number, optional: true},
        max: {type: Number, optional: true},
        name: {type: String, optional: true},
    };
    static defaultProps = {rounding: 1, uom: "", min: 0, name: "quantity"};

    get digits() {
        const rounding = this.props.rounding || 1;
        return rounding >= 1 ? 0 : Math.max(0, Math.ceil(-Math.log10(rounding) - 1e-9));
    }

    get displayValue() {
        return this.props.value.toFixed(this.digits);
    }

    clamp(value) {
        const rounding = this.props.rounding || 1;
        let result = Math.round(value / rounding) * rounding;
        result = Math.max(this.props.min, result);
        if (this.props.max !== undefined && this.props.max !== null) {
            result = Math.min(this.props.max, result);
        }
        return Number(result.toFixed(this.digits));
    }

    step(delta) {
        this.props.onChange(this.clamp(this.props.value + delta));
    }

    onInput(ev) {
        const value = parseFloat(String(ev.target.value).replace(",", "."));
        if (Number.isFinite(value)) {
            this.props.onChange(this.clamp(value));
        }
        ev.target.value = this.displayValue;
    }
}
