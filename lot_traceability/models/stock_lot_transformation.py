# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from ..tools.numeric import check_number


class StockLotTransformation(models.Model):
    """The document of a split or a merge: which lots were consumed, which were produced, and
    the stock moves that did it.

    Input lots leave their location for the virtual *Lot Transformation* location and the
    output lots come back from it, so on-hand quantities (and valuation, when stock_account is
    installed) stay right. Each output line is linked to the input lines through Odoo's own
    ``consume_line_ids`` relation: the genealogy engine and Odoo's traceability report and
    delivery lookups follow the split or merge like a manufacturing order.

    The document is a record of what happened: nobody creates one (no create access, RPC
    included); the split and merge operations create it with ``sudo()`` after their checks,
    and who (``user_id``) and when (``date``) are set here, never taken from the values.
    Managers may only correct its note.
    """

    _name = "stock.lot.transformation"
    _description = "Lot Split or Merge"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    transformation_type = fields.Selection(
        [("split", "Split"), ("merge", "Merge")],
        string="Type",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Done By", readonly=True, default=lambda self: self.env.user
    )
    product_id = fields.Many2one(
        "product.product", string="Input Product", readonly=True, check_company=True
    )
    input_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_lot_transformation_input_rel",
        "transformation_id",
        "lot_id",
        string="Input Lots",
        readonly=True,
        check_company=True,
    )
    output_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_lot_transformation_output_rel",
        "transformation_id",
        "lot_id",
        string="Output Lots",
        readonly=True,
        check_company=True,
    )
    move_ids = fields.Many2many(
        "stock.move",
        "stock_lot_transformation_stock_move_rel",
        "stock_lot_transformation_id",
        "stock_move_id",
        string="Stock Moves",
        readonly=True,
        check_company=True,
    )
    move_line_ids = fields.One2many(
        "stock.move.line", compute="_compute_move_line_ids", string="Move Lines"
    )
    output_lot_count = fields.Integer(compute="_compute_move_line_ids")
    note = fields.Text()

    @api.depends("move_ids.move_line_ids", "output_lot_ids")
    def _compute_move_line_ids(self):
        for transformation in self:
            transformation.move_line_ids = transformation.move_ids.move_line_ids
            transformation.output_lot_count = len(transformation.output_lot_ids)

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            # who and when are the system's (env.uid stays the real user under sudo())
            vals.update(user_id=self.env.uid, date=now)
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "stock.lot.transformation"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - self._get_writable_fields():
            raise AccessError(
                self.env._(
                    "A split or merge document records what was done: only its note can be"
                    " changed (%(fields)s).",
                    fields=", ".join(sorted(set(vals) - self._get_writable_fields())),
                )
            )
        return super().write(vals)

    @api.model
    def _get_writable_fields(self):
        """Fields a user with write access may change on a done document."""
        return {"note"}

    def action_view_output_lots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_production_lot_form")
        action["domain"] = [("id", "in", self.output_lot_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business logic: the one place that moves stock for splits and merges
    # ------------------------------------------------------------------
    @api.model
    def _get_transformation_location(self):
        return self.env.ref("lot_traceability.stock_location_lot_transformation")

    @api.model
    def _run_transformation(self, transformation_type, consumptions, productions, **values):
        """Consume ``consumptions`` and produce ``productions`` through the virtual
        transformation location, link every produced line to every consumed line, and return
        the new ``stock.lot.transformation``.

        :param consumptions: dicts ``lot`` (stock.lot), ``location`` (stock.location),
            ``quantity`` (in the lot product's unit of measure)
        :param productions: dicts ``product`` (product.product), ``lot_vals`` (values of the
            new stock.lot), ``quantity`` (in the product's unit), ``location``, ``price_unit``
        :param values: extra values of the transformation record (note, company_id, ...)
        """
        if not consumptions or not productions:
            raise UserError(self.env._("A split or merge needs at least one input and one output."))
        self._check_consumptions(consumptions)
        for production in productions:
            check_number(
                self.env,
                production["quantity"],
                self.env._("Quantity of %(product)s", product=production["product"].display_name),
                strict=True,
            )
        company = consumptions[0]["lot"].company_id or self.env.company
        name = self.env["ir.sequence"].with_company(company).next_by_code(
            "stock.lot.transformation"
        ) or self.env._("New")
        virtual_location = self._get_transformation_location()
        consume_moves = self.env["stock.move"].create(
            [
                self._prepare_consume_move_vals(consumption, virtual_location, name, company)
                for consumption in consumptions
            ]
        )
        consume_moves._action_done()
        new_lots = self.env["stock.lot"].create([p["lot_vals"] for p in productions])
        produce_moves = self.env["stock.move"].create(
            [
                self._prepare_produce_move_vals(production, lot, virtual_location, name, company)
                for production, lot in zip(productions, new_lots, strict=True)
            ]
        )
        produce_moves._action_done()
        consumed_lines = consume_moves.move_line_ids
        produce_moves.move_line_ids._link_consumed_lines(consumed_lines)
        # The document is created last, complete, by this operation only: users have no
        # create access (a forged document through RPC), the checks above ran as the user.
        return (
            self.sudo()
            .create(
                {
                    "name": name,
                    "transformation_type": transformation_type,
                    "company_id": company.id,
                    "product_id": consumptions[0]["lot"].product_id.id,
                    "input_lot_ids": [(6, 0, [c["lot"].id for c in consumptions])],
                    "output_lot_ids": [(6, 0, new_lots.ids)],
                    "move_ids": [(6, 0, (consume_moves | produce_moves).ids)],
                    **values,
                }
            )
            .sudo(False)
        )

    @api.model
    def _check_consumptions(self, consumptions):
        """Refuse, before anything is written, a consumption that is not positive or above
        what is on hand (outside packages) for that lot at that location."""
        wanted = {}
        for consumption in consumptions:
            lot, location = consumption["lot"], consumption["location"]
            lot.check_access("read")
            check_number(
                self.env,
                consumption["quantity"],
                self.env._("Quantity of lot %(lot)s", lot=lot.name),
                minimum=None,
            )
            rounding = lot.product_id.uom_id.rounding
            if float_compare(consumption["quantity"], 0.0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._(
                        "The quantity to take from lot %(lot)s must be positive, not %(qty)s.",
                        lot=lot.name,
                        qty=consumption["quantity"],
                    )
                )
            key = (lot, location)
            wanted[key] = wanted.get(key, 0.0) + consumption["quantity"]
        for (lot, location), quantity in wanted.items():
            on_hand = self._get_lot_on_hand_at(lot, location)
            if (
                float_compare(quantity, on_hand, precision_rounding=lot.product_id.uom_id.rounding)
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Only %(on_hand)s %(uom)s of lot %(lot)s are on hand in %(location)s:"
                        " %(qty)s %(uom)s cannot be taken.",
                        on_hand=on_hand,
                        uom=lot.product_id.uom_id.name,
                        lot=lot.name,
                        location=location.display_name,
                        qty=quantity,
                    )
                )

    @api.model
    def _get_lot_on_hand_at(self, lot, location):
        """On-hand quantity of ``lot`` exactly at ``location``, outside packages, in the
        product's unit of measure."""
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("location_id", "=", location.id),
                    ("package_id", "=", False),
                ]
            )
        )
        on_hand = sum(quants.mapped("quantity"))
        if float_is_zero(on_hand, precision_rounding=lot.product_id.uom_id.rounding):
            return 0.0
        return on_hand

    @api.model
    def _prepare_consume_move_vals(self, consumption, virtual_location, name, company):
        lot, location = consumption["lot"], consumption["location"]
        product = lot.product_id
        return {
            "name": name,
            "origin": name,
            "reference": name,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": consumption["quantity"],
            "location_id": location.id,
            "location_dest_id": virtual_location.id,
            "company_id": company.id,
            "picked": True,
            "move_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "lot_id": lot.id,
                        "quantity": consumption["quantity"],
                        "location_id": location.id,
                        "location_dest_id": virtual_location.id,
                        "company_id": company.id,
                    },
                )
            ],
        }

    @api.model
    def _prepare_produce_move_vals(self, production, lot, virtual_location, name, company):
        product = production["product"]
        return {
            "name": name,
            "origin": name,
            "reference": name,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": production["quantity"],
            "location_id": virtual_location.id,
            "location_dest_id": production["location"].id,
            "company_id": company.id,
            "price_unit": production.get("price_unit", 0.0),
            "picked": True,
            "move_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "lot_id": lot.id,
                        "quantity": production["quantity"],
                        "location_id": virtual_location.id,
                        "location_dest_id": production["location"].id,
                        "company_id": company.id,
                    },
                )
            ],
        }
