/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {useService} from "@web/core/utils/hooks";

/**
 * The count of an Upstream / Downstream smart button of the lot form, asked for once the form
 * is shown (stock.lot.get_genealogy_count: the lots the user may read, one walk) instead of
 * being computed with the record: opening a lot form does not wait for two recursive walks,
 * and saving or an onchange does not run them again.
 */
export class GenealogyCount extends Component {
    static template = "lot_traceability.GenealogyCount";
    static props = {...standardWidgetProps, direction: String, label: String};

    setup() {
        this.orm = useService("orm");
        this.state = useState({count: null});
        onWillStart(() => {
            // not awaited: the form renders at once, the count follows
            this.load(this.props.record.resId);
        });
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                this.load(nextProps.record.resId);
            }
        });
    }

    async load(resId) {
        this.state.count = null;
        if (!resId) {
            return;
        }
        const count = await this.orm.call("stock.lot", "get_genealogy_count", [
            [resId],
            this.props.direction,
        ]);
        if (resId === this.props.record.resId) {
            this.state.count = count;
        }
    }
}

registry.category("view_widgets").add("lot_genealogy_count", {
    component: GenealogyCount,
    extractProps: ({attrs}) => ({direction: attrs.direction, label: attrs.string}),
});
