/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

/**
 * The lines of a transfer on the scanner's screen (Receive, Pick and ship): one per move, each
 * with the lots scanned on it. Shared by the operations that work on a transfer.
 */

/**
 * Merge the moves of a server answer into ``state.lines`` (an answer carries only the move it
 * changed) and remember the move line it touched (``state.lineId``).
 */
export function applyPickingResult(state, result) {
    for (const line of result.lines || []) {
        const index = state.lines.findIndex((l) => l.move_id === line.move_id);
        if (index >= 0) {
            state.lines[index] = line;
        } else {
            state.lines.push(line);
        }
    }
    if (result.line_id) {
        state.lineId = result.line_id;
    }
}

/** The lot line last scanned or corrected (``state.lineId``), with its move's tracking and unit. */
export function findLastLot(state) {
    for (const line of state.lines) {
        const lot = line.lots.find((l) => l.line_id === state.lineId);
        if (lot) {
            return {...lot, tracking: line.tracking, uom: line.uom};
        }
    }
    return null;
}
