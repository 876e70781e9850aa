# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Build wizard: confirmation — after the validation, each unit produced through a done
manufacturing order consuming exactly the scanned lots and quantities."""

from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .stock_lot_build import REFUSE, TODO, WARN


class StockLotBuild(models.TransientModel):
    _inherit = "stock.lot.build"  # pylint: disable=consider-merging-classes-inherited

    def action_confirm(self):
        """Build, refusing when there is any warning left to confirm."""
        return self._action_build(accept_warnings=False)

    def action_confirm_anyway(self):
        """Build after the user has read and accepted the warnings."""
        return self._action_build(accept_warnings=True)

    def _action_build(self, accept_warnings):
        self.ensure_one()
        issues = self._get_build_issues()
        refusals = [issue["message"] for issue in issues if issue["level"] in (REFUSE, TODO)]
        if refusals:
            raise UserError(
                self.env._("Nothing was built:\n%(refusals)s", refusals="\n".join(refusals))
            )
        warnings = [issue["message"] for issue in issues if issue["level"] == WARN]
        if warnings and not accept_warnings:
            raise UserError(
                self.env._(
                    "Nothing was built. Read these warnings, then press Build Anyway:\n"
                    "%(warnings)s",
                    warnings="\n".join(warnings),
                )
            )
        with self.env.cr.savepoint():
            productions = self._build_as_superuser()
        return self._get_build_result_action(productions.with_env(self.env))

    def _build_as_superuser(self):
        """:meth:`_build` in superuser mode, once the wizard's checks (which ran with the
        user's rights: lots, stock, companies) found nothing to refuse. Traceability users
        build without being Manufacturing users: they only read bills of materials and
        manufacturing orders, the orders the build needs are created and done here.
        ``sudo()`` keeps the user as the environment's user: the orders, lots and moves are
        created by them (creator, chatter), with the wizard's company."""
        return self.sudo().with_company(self.company_id)._build()

    def _build(self):
        """Create, fill and mark done one manufacturing order per unit, in batch."""
        units = self._sorted_units()
        lines_by_unit = [
            self._sorted_lines().filtered(lambda line, unit=unit: line.unit == unit.unit)
            for unit in units
        ]
        productions = self.env["mrp.production"].create(
            [self._prepare_production_vals(unit) for unit in units]
        )
        for production, lines in zip(productions, lines_by_unit, strict=True):
            self._add_extra_moves(production, lines)
        productions.action_confirm()
        productions.do_unreserve()
        move_line_vals = []
        for production, unit, lines in zip(productions, units, lines_by_unit, strict=True):
            move_line_vals += self._fill_production(production, unit, lines)
        self.env["stock.move.line"].create(move_line_vals)
        for production in productions:
            production._set_qty_producing(False)
        productions.with_context(
            skip_consumption=True,
            skip_expired=True,
            skip_backorder=True,
            skip_redirection=True,
        ).button_mark_done()
        not_done = productions.filtered(lambda production: production.state != "done")
        if not_done:
            raise UserError(
                self.env._(
                    "The manufacturing orders %(names)s could not be done.",
                    names=", ".join(not_done.mapped("name")),
                )
            )
        # The one-level build record on lots is computed from the move lines just linked.
        self.env["stock.lot"].invalidate_model(
            ["trace_component_line_ids", "trace_used_in_line_ids"]
        )
        return productions

    def _get_extra_lines(self, production, lines):
        """Lines that no move of the order's composition list takes: on-the-fly mode,
        components off the list."""
        return lines.filtered(
            lambda line: not line.bom_line_id or line.bom_line_id.bom_id != production.bom_id
        )

    def _add_extra_moves(self, production, lines):
        extra_moves = defaultdict(float)
        for line in self._get_extra_lines(production, lines):
            extra_moves[line.product_id] += line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
        if extra_moves:
            production.move_raw_ids = [
                Command.create(production._get_move_raw_values(product, qty, product.uom_id))
                for product, qty in extra_moves.items()
            ]

    def _fill_production(self, production, unit, lines):
        """Set the finished lot of the confirmed order and mark its component moves picked;
        return the values of the move lines consuming exactly the scanned lots."""
        lot = self._get_or_create_finished_lot(unit)
        production.write({"lot_producing_id": lot.id, "qty_producing": production.product_qty})
        extra_lines = self._get_extra_lines(production, lines)
        move_line_vals = []
        for move in production.move_raw_ids:
            move_lines = (
                lines.filtered(lambda line, move=move: line.bom_line_id == move.bom_line_id)
                if move.bom_line_id
                else extra_lines.filtered(
                    lambda line, move=move: line.product_id == move.product_id
                )
            )
            for line in move_lines:
                move_line_vals += self._prepare_move_line_vals(move, line)
            move.write({"manual_consumption": True, "picked": bool(move_lines)})
        return move_line_vals

    def _prepare_production_vals(self, unit):
        self.ensure_one()
        serial = self.product_id.tracking == "serial"
        return {
            "product_id": self.product_id.id,
            "bom_id": self.bom_id.id,
            "product_qty": unit.product_qty,
            "product_uom_id": (self.product_id.uom_id if serial else self.product_uom_id).id,
            "picking_type_id": self.picking_type_id.id,
            "location_src_id": self.location_src_id.id,
            "location_dest_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "origin": self.env._("Build"),
        }

    def _get_or_create_finished_lot(self, unit):
        if self.product_id.tracking == "none":
            return self.env["stock.lot"]
        lot = self.env["stock.lot"].search(
            [
                ("name", "=", unit.lot_name),
                ("product_id", "=", self.product_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        return lot or self.env["stock.lot"].create(
            {
                "name": unit.lot_name,
                "product_id": self.product_id.id,
                "company_id": self.company_id.id,
                # built today, like a lot made by a manufacturing order
                "production_date": fields.Date.context_today(self),
            }
        )

    def _prepare_move_line_vals(self, move, line):
        """Move lines consuming exactly the scanned quantity of the scanned lot, taken from
        the quants of the source location (and below) that hold it."""
        product = line.product_id
        qty = line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
        if not line.lot_id:
            return [move._prepare_move_line_vals(quantity=qty) | {"picked": True}]
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", line.lot_id.id),
                ("location_id", "child_of", self.location_src_id.id),
                ("quantity", ">", 0),
            ],
            order="package_id desc, quantity desc, id",
        )
        vals_list = []
        rounding = product.uom_id.rounding
        for quant in quants:
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                break
            take = min(qty, quant.quantity)
            vals_list.append(
                move._prepare_move_line_vals(quantity=take, reserved_quant=quant) | {"picked": True}
            )
            qty -= take
        return vals_list

    def _get_build_result_action(self, productions):
        lots = productions.lot_producing_id
        if not lots:
            action = self.env["ir.actions.actions"]._for_xml_id("mrp.mrp_production_action")
            action.update(
                {"domain": [("id", "in", productions.ids)], "context": {}, "target": "main"}
            )
            return action
        action = self.env["ir.actions.actions"]._for_xml_id("stock.action_production_lot_form")
        action.update({"context": {}, "target": "main"})
        if len(lots) == 1:
            action.update({"res_id": lots.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", lots.ids)]
        return action
