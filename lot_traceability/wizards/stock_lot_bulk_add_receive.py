# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bulk add wizard: the lots created (one INSERT per set of fields when ``create`` would do no
more, see ``orm_bypass``) and received in one validated receipt."""

from odoo import Command, api, models
from odoo.addons.mail.models.mail_thread import MailThread
from odoo.addons.mrp.models.stock_move import StockMoveLine as MrpStockMoveLine
from odoo.addons.stock.models.stock_lot import StockLot as StockLotBase
from odoo.addons.stock.models.stock_move_line import StockMoveLine as StockMoveLineBase
from odoo.exceptions import UserError

from ..models.stock_lot import StockLot
from ..models.stock_move_line import StockMoveLine
from ..orm_bypass.new_quant_buffer import NewQuantBuffer
from ..orm_bypass.sql_create import flush_uniform, sql_create, sql_create_by_keys


class StockLotBulkAdd(models.TransientModel):
    _inherit = "stock.lot.bulk.add"  # pylint: disable=consider-merging-classes-inherited

    def _prepare_propose_values(self):
        return {"company": self.company_id}

    def _prepare_lot_vals(self, line):
        vals = {
            "name": line["name"],
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
        }
        if line["expiration_date"]:
            vals["expiration_date"] = line["expiration_date"]
        if line["production_date"]:
            vals["production_date"] = line["production_date"].date()
        if self.partner_id:
            vals["supplier_id"] = self.partner_id.commercial_partner_id.id
        if self.receive and not self.picking_id and self.location_dest_id:
            # Where the lot will be once received, as Odoo computes it from the quants: the
            # recomputation after the receipt then finds it unchanged and the lots are not
            # written again (10,000 rows re-indexed, trigram indexes included). The inverse
            # moves the lot's quants: it has none yet.
            vals["location_id"] = self.location_dest_id.id
        return vals

    def _create_lots(self, lines):
        """Create the lots of ``lines``, in their order: with one INSERT per set of given
        fields (:func:`..orm_bypass.sql_create.sql_create`) when ``create`` would do nothing
        more than ``BaseModel``'s for them (:meth:`_can_insert_lots`), else with the ORM
        create."""
        Lot = self.env["stock.lot"].with_context(tracking_disable=True)
        vals_list = [self._prepare_lot_vals(line) for line in lines]
        if not self._can_insert_lots(Lot, vals_list):
            return Lot.create(vals_list)
        return sql_create_by_keys(Lot, vals_list, skip_classes=self._get_lot_create_skip_classes())

    @api.model
    def _get_lot_create_skip_classes(self):
        """The overrides of ``stock.lot``'s ``create`` that :meth:`_can_insert_lots` vouches
        for: stock's (a check made there, and a context key for mail), mail's (nothing more
        under ``tracking_disable``) and this module's (status and numbering: nothing to do
        for named available lots)."""
        return (StockLotBase, MailThread, StockLot)

    @api.model
    def _can_insert_lots(self, Lot, vals_list):
        """Whether the ``create`` overrides of :meth:`_get_lot_create_skip_classes` would do
        nothing more than ``BaseModel``'s for the lots ``vals_list``: named lots, no status
        given (available), mail tracking disabled. Stock's check that the current transfer
        type lets users create lots is made here."""
        if not Lot.env.context.get("tracking_disable"):
            return False
        if any(not vals.get("name") or "trace_status" in vals for vals in vals_list):
            return False
        product_ids = {vals.get("product_id") for vals in vals_list}
        product_ids.add(Lot.env.context.get("default_product_id"))
        Lot.with_context(lot_product_ids=product_ids)._check_create()
        return True

    def _get_receipt_type(self):
        warehouse = self.location_dest_id.warehouse_id
        picking_type = warehouse.in_type_id
        if not picking_type:
            picking_type = self.env["stock.picking.type"].search(
                [("code", "=", "incoming"), ("company_id", "=", self.company_id.id)], limit=1
            )
        if not picking_type:
            raise UserError(
                self.env._(
                    "No receipt operation type found for %(company)s.",
                    company=self.company_id.name,
                )
            )
        return picking_type

    def _prepare_picking_vals(self, picking_type):
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": (
                picking_type.default_location_src_id
                or self.env.ref("stock.stock_location_suppliers")
            ).id,
            "location_dest_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "origin": self.env._("Bulk add"),
        }

    def _prepare_move_vals(self, picking, quantity):
        return {
            "name": self.product_id.display_name,
            "picking_id": picking.id,
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": picking.location_id.id,
            "location_dest_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "picked": True,
        }

    def _prepare_move_line_vals(self, move, lot, line):
        return {
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": self.product_id.id,
            "product_uom_id": self.product_id.uom_id.id,
            "location_id": move.location_id.id,
            "location_dest_id": self.location_dest_id.id,
            "lot_id": lot.id,
            "lot_name": lot.name,
            "quantity": line["quantity"],
            "picked": move.picked,
            "company_id": move.company_id.id,
        }

    def _receive(self, lots, lines):
        """Receive ``lots`` into ``location_dest_id`` through one done receipt with one move."""
        if not self.location_dest_id or self.location_dest_id.usage != "internal":
            raise UserError(self.env._("Choose an internal location to receive the lots into."))
        picking_type = self._get_receipt_type()
        picking = self.env["stock.picking"].create(self._prepare_picking_vals(picking_type))
        quantity = sum(line["quantity"] for line in lines)
        move = self.env["stock.move"].create(self._prepare_move_vals(picking, quantity))
        self._create_move_lines(
            move,
            [
                self._prepare_move_line_vals(move, lot, line)
                for lot, line in zip(lots, lines, strict=True)
            ],
        )
        self._validate_receipt(picking, lots)
        return picking

    def _create_move_lines(self, move, vals_list):
        """Create the move lines of ``move``: with one INSERT
        (:func:`..orm_bypass.sql_create.sql_create`) when ``create`` would do nothing more than
        ``BaseModel``'s for them (:meth:`_can_insert_move_lines`), else with the ORM create."""
        MoveLine = self.env["stock.move.line"]
        lines = None
        if self._can_insert_move_lines(move, vals_list):
            lines = sql_create(
                MoveLine,
                vals_list,
                MoveLine._get_sql_create_handlers(),
                skip_classes=(StockMoveLineBase, MrpStockMoveLine, StockMoveLine),
            )
        if lines is None:
            lines = MoveLine.create(vals_list)
        return lines

    @api.model
    def _can_insert_move_lines(self, move, vals_list):
        """Whether ``stock``'s and ``mrp``'s ``create`` of the move lines ``vals_list`` of
        ``move`` would do nothing more than ``BaseModel``'s.

        ``stock``'s ``create`` sets the company and ``picked`` of a line from its move (given
        here), creates a move for a line without one, reserves the quantity of a line whose
        move does not bypass the reservation and updates the quants of a line created done;
        ``mrp``'s maps done component lines to produced lines; this module's checks the holds
        and genealogy links of lines created done or with links. None of that applies to lines
        with their move's company, ``picked`` and no quant, of a move that is not done nor a
        component's, from a location that bypasses the reservation."""
        return (
            move.state != "done"
            and not move.raw_material_production_id
            and move._should_bypass_reservation()
            and all(
                vals.get("move_id") == move.id
                and vals.get("company_id") == move.company_id.id
                and "picked" in vals
                and not vals.get("quant_id")
                for vals in vals_list
            )
        )

    def _validate_receipt(self, picking, lots):
        """Validate the receipt of the new ``lots`` as Odoo does (valuation, push rules), the
        quants of the new lots being created in one batch rather than one per move line."""
        buffer = NewQuantBuffer(self.env, lots)
        picking.with_context(
            cancel_backorder=True, lot_traceability_new_quants=buffer
        )._action_done()
        buffer.create_quants()
        moves = picking.move_ids.filtered(lambda m: m.state == "done")
        moves._check_quantity()
        moves._trigger_assign()
        # the lines all written the same date and state
        flush_uniform(moves.move_line_ids)

    def _fill_picking(self, lots, lines):
        """Write the lots on the receipt's detailed operations for the product."""
        picking = self.picking_id
        if picking.state in ("done", "cancel"):
            raise UserError(
                self.env._("The receipt %(picking)s is already closed.", picking=picking.name)
            )
        move = picking.move_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            raise UserError(
                self.env._(
                    "The receipt %(picking)s has no open move of %(product)s.",
                    picking=picking.name,
                    product=self.product_id.display_name,
                )
            )
        location = self.location_dest_id or move.location_dest_id
        if not location._child_of(move.location_dest_id):
            raise UserError(
                self.env._(
                    "%(location)s is not inside the receipt's destination %(dest)s.",
                    location=location.display_name,
                    dest=move.location_dest_id.display_name,
                )
            )
        # Lines without a lot were proposed by Odoo for the whole demand: replace them.
        commands = [
            Command.unlink(ml.id) for ml in move.move_line_ids if not ml.lot_id and not ml.lot_name
        ]
        for lot, line in zip(lots, lines, strict=True):
            vals = self._prepare_move_line_vals(move, lot, line)
            vals["location_dest_id"] = location.id
            vals.pop("move_id")
            commands.append(Command.create(vals))
        move.write({"move_line_ids": commands})
        return move

    def _get_result_action(self, lots):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_production_lot_form")
        if self.picking_id:
            return {"type": "ir.actions.act_window_close"}
        action["domain"] = [("id", "in", lots.ids)]
        action["context"] = {"search_default_group_by_location": False}
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }
