/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, useState} from "@odoo/owl";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
} from "@web/core/l10n/dates";
import {scannerOperations, useScan} from "../scanner_api";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";

/**
 * Look up: the card of the scanned lot — product, status, on hand, expiry, where it came from
 * and went, open recalls — with the actions a worker takes from there.
 */
export class LookUpOperation extends Component {
    static template = "lot_traceability.ScannerLookUp";
    static props = {};

    setup() {
        this.action = useService("action");
        this.state = useState({
            card: null,
            error: "",
            code: "",
            loading: false,
            choices: [],
            choiceMessage: "",
            lotId: false,
        });
        this.scanner = useScan((code) => this.lookUp(code));
        this.scanner.setPrompt(_t("Scan or type a lot, serial or GS1 code"));
    }

    async lookUp(code, lotId = false) {
        code = (code || "").trim();
        if (!code || this.state.loading) {
            return;
        }
        this.state.loading = true;
        this.state.code = code;
        try {
            const result = await this.scanner.orm.call(
                "stock.lot.scanner",
                "get_lot_card",
                [code],
                {lot_id: lotId}
            );
            // several lots under one name: ask which one (see get_lot_card)
            this.state.choices = result.choices || [];
            this.state.choiceMessage = result.choices ? result.message : "";
            this.state.error = result.error || "";
            this.state.card = result.error || result.choices ? null : result;
            this.state.lotId = this.state.card ? this.state.card.id : false;
            if (result.error) {
                this.scanner.signals.play("danger");
            } else if (this.state.card) {
                this.scanner.signals.play(
                    this.state.card.status === "available" ? "success" : "warning"
                );
            }
        } finally {
            this.state.loading = false;
        }
    }

    onChoiceClick(choice) {
        this.lookUp(this.state.code, choice.id);
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
        const action = await this.scanner.orm.call(
            "stock.lot.scanner",
            "action_from_card",
            [this.state.card.id, name]
        );
        await this.action.doAction(action, {
            onClose: () => this.lookUp(this.state.code, this.state.lotId),
        });
    }
}

scannerOperations.add("lookup", {
    Component: LookUpOperation,
    label: _t("Look up"),
    icon: "fa-search",
    sequence: 10,
});
