# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, formatLang

from ..tools.numeric import MAX_COUNT, check_number

EXPIRY_FIELDS = ("expiration_date", "use_date", "removal_date", "alert_date")


class StockLotSplitWizard(models.TransientModel):
    """Split a batch lot into unit lots (trays, cases, pallets), each linked to the batch."""

    _name = "stock.lot.split.wizard"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Split Lot Into Units"
    _check_company_auto = True

    lot_id = fields.Many2one("stock.lot", string="Batch", required=True, check_company=True)
    product_id = fields.Many2one(related="lot_id.product_id")
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Batch Unit")
    location_id = fields.Many2one(
        "stock.location",
        string="Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        compute="_compute_location_id",
        store=True,
        readonly=False,
        help="Where the batch is taken from; the units are put in the same location.",
    )
    available_quantity = fields.Float(
        string="On Hand Here",
        compute="_compute_available_quantity",
        digits="Product Unit of Measure",
    )
    split_mode = fields.Selection(
        [("equal", "Equal units"), ("list", "List of quantities")],
        required=True,
        default="equal",
    )
    unit_count = fields.Integer(string="Number of Units", default=1)
    unit_quantity = fields.Float(
        string="Quantity per Unit", default=1.0, digits="Product Unit of Measure"
    )
    quantity_list = fields.Char(
        string="Quantities",
        help="One quantity per unit, separated by commas, spaces or semicolons, e.g. 5, 5, 2.5",
    )
    unit_product_id = fields.Many2one(
        "product.product",
        string="Unit Product",
        check_company=True,
        compute="_compute_unit_product_id",
        store=True,
        readonly=False,
        domain="[('is_storable', '=', True), ('tracking', '!=', 'none')]",
        help="The product of the units: the batch's own product, or a unit product such as a "
        "cookie tray made of a cookie batch in kg.",
    )
    unit_uom_id = fields.Many2one(related="unit_product_id.uom_id", string="Unit of the Units")
    # the units' names as plain text next to quantities (fits a phone's line)
    uom_name = fields.Char(related="lot_id.product_id.uom_id.name", string="Batch Unit Name")
    unit_uom_name = fields.Char(related="unit_product_id.uom_id.name", string="Unit Name")
    unit_factor = fields.Float(
        string="Batch Quantity per Unit",
        compute="_compute_unit_factor",
        store=True,
        readonly=False,
        digits="Product Unit of Measure",
        help="How much of the batch (in the batch's unit) one unit of the unit product holds, "
        "e.g. 0.5 kg of cookies per tray.",
    )
    naming = fields.Selection(
        [("batch", "Batch name + number (BATCH-001)"), ("rule", "Numbering rule of the product")],
        string="Unit Names",
        required=True,
        default="batch",
    )
    consumed_quantity = fields.Float(
        string="Taken From Batch",
        compute="_compute_consumed_quantity",
        digits="Product Unit of Measure",
    )
    preview = fields.Char(compute="_compute_consumed_quantity")
    preview_ok = fields.Boolean(compute="_compute_consumed_quantity")

    @api.depends("lot_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.lot_id.company_id or self.env.company

    @api.depends("lot_id")
    def _compute_location_id(self):
        for wizard in self:
            wizard.location_id = (
                self.env["stock.quant"]
                .search(
                    [
                        ("lot_id", "=", wizard.lot_id.id),
                        ("location_id.usage", "=", "internal"),
                        ("package_id", "=", False),
                        ("quantity", ">", 0),
                    ],
                    order="quantity desc, id",
                    limit=1,
                )
                .location_id
            )

    @api.depends("lot_id")
    def _compute_unit_product_id(self):
        for wizard in self:
            wizard.unit_product_id = wizard._get_default_unit_product()

    @api.depends("unit_product_id")
    def _compute_unit_factor(self):
        for wizard in self:
            wizard.unit_factor = (
                wizard._get_default_unit_factor()
                if wizard.unit_product_id and wizard.unit_product_id != wizard.product_id
                else 1.0
            )

    def _get_default_unit_product(self):
        """The unit product the last split of this batch product made (trays of a cookie
        batch), else the batch's own product."""
        self.ensure_one()
        product = self.lot_id.product_id
        if not product:
            return self.env["product.product"]
        last = self.env["stock.lot.transformation"].search(
            [
                ("transformation_type", "=", "split"),
                ("product_id", "=", product.id),
                ("output_lot_ids.product_id", "!=", product.id),
            ],
            order="date desc, id desc",
            limit=1,
        )
        return last.output_lot_ids.product_id[:1] or product

    @api.depends("lot_id", "location_id")
    def _compute_available_quantity(self):
        transformation = self.env["stock.lot.transformation"]
        for wizard in self:
            wizard.available_quantity = (
                transformation._get_lot_on_hand_at(wizard.lot_id, wizard.location_id)
                if wizard.lot_id and wizard.location_id
                else 0.0
            )

    @api.depends(
        "lot_id",
        "location_id",
        "split_mode",
        "unit_count",
        "unit_quantity",
        "quantity_list",
        "unit_product_id",
        "unit_factor",
    )
    def _compute_consumed_quantity(self):
        for wizard in self:
            wizard.consumed_quantity = 0.0
            wizard.preview_ok = False
            try:
                quantities = wizard._get_unit_quantities()
                wizard.consumed_quantity = wizard._get_consumed_quantity(quantities)
                wizard._check_split(quantities)
                self.env["stock.lot.transformation"]._check_consumptions(
                    wizard._prepare_consumptions(quantities)
                )
            except UserError as error:
                wizard.preview = error.args[0]
                continue
            wizard.preview = wizard._get_preview(quantities)
            wizard.preview_ok = True

    def _get_preview(self, quantities):
        """What the split will do, in one sentence, for valid ``quantities``."""
        self.ensure_one()
        digits = "Product Unit of Measure"
        values = {
            "count": len(quantities),
            "product": self.unit_product_id.display_name,
            "quantities": ", ".join(
                formatLang(self.env, quantity, dp=digits) for quantity in quantities
            ),
            "unit_uom": self.unit_uom_id.name,
            "taken": formatLang(self.env, self.consumed_quantity, dp=digits),
            "rest": formatLang(
                self.env, self.available_quantity - self.consumed_quantity, dp=digits
            ),
            "uom": self.uom_id.name,
        }
        if len(quantities) == 1:
            return self.env._(
                "1 unit of %(product)s (%(quantities)s %(unit_uom)s): %(taken)s %(uom)s taken "
                "from the batch, %(rest)s %(uom)s stay in it.",
                **values,
            )
        if len(set(quantities)) == 1:
            values["quantities"] = formatLang(self.env, quantities[0], dp=digits)
            return self.env._(
                "%(count)s units of %(product)s, %(quantities)s %(unit_uom)s each: %(taken)s "
                "%(uom)s taken from the batch, %(rest)s %(uom)s stay in it.",
                **values,
            )
        return self.env._(
            "%(count)s units of %(product)s (%(quantities)s %(unit_uom)s): %(taken)s %(uom)s "
            "taken from the batch, %(rest)s %(uom)s stay in it.",
            **values,
        )

    def _get_default_unit_factor(self):
        """The factor used by the last split of this batch product into this unit product."""
        last = self.env["stock.lot.transformation"].search(
            [
                ("transformation_type", "=", "split"),
                ("product_id", "=", self.product_id.id),
                ("output_lot_ids.product_id", "=", self.unit_product_id.id),
            ],
            limit=1,
        )
        if last:
            consumed = sum(
                last.move_ids.filtered(lambda m: m.product_id == self.product_id).mapped("quantity")
            )
            produced = sum(
                last.move_ids.filtered(lambda m: m.product_id == self.unit_product_id).mapped(
                    "quantity"
                )
            )
            if produced:
                return consumed / produced
        return 1.0

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    @api.model
    def _get_numeric_input_rules(self):
        return {"unit_count": {"minimum": None, "maximum": MAX_COUNT, "integer": True}}

    def _get_unit_quantities(self):
        """Quantities of the units to create, in the unit product's unit of measure."""
        self.ensure_one()
        check_number(
            self.env, self.unit_factor, self.env._("Batch Quantity per Unit"), minimum=None
        )
        if self.split_mode == "equal":
            if self.unit_count < 1:
                raise UserError(self.env._("The number of units must be at least 1."))
            check_number(
                self.env, self.unit_count, self.env._("Number of Units"), maximum=MAX_COUNT
            )
            check_number(
                self.env, self.unit_quantity, self.env._("Quantity per Unit"), minimum=None
            )
            return [self.unit_quantity] * self.unit_count
        tokens = [token for token in re.split(r"[\s,;]+", self.quantity_list or "") if token]
        if not tokens:
            raise UserError(self.env._("Enter at least one quantity, e.g. 5, 5, 2.5"))
        if len(tokens) > MAX_COUNT:
            raise UserError(self.env._("At most %(max)s units at once.", max=MAX_COUNT))
        quantities = []
        for index, token in enumerate(tokens, start=1):
            try:
                quantity = float(token)
            except ValueError:
                raise UserError(
                    self.env._(
                        "%(token)s is not a quantity: use numbers separated by commas.", token=token
                    )
                ) from None
            label = self.env._("Quantity %(index)s", index=index)
            quantities.append(check_number(self.env, quantity, label, minimum=None))
        return quantities

    def _get_consumed_quantity(self, quantities):
        """Quantity taken from the batch, in the batch product's unit of measure."""
        factor = 1.0 if self.unit_product_id == self.product_id else self.unit_factor
        return float_round(
            sum(quantities) * factor, precision_rounding=self.uom_id.rounding or 0.001
        )

    def _get_unit_names(self, count):
        """``count`` new names: ``<batch>-001``... (continuing after existing ones) or the
        numbering rule of the unit product.

        ``<batch>-NNN`` continues after every lot named so, of ANY product and company (read
        as superuser): the units of a batch split once into trays and once into cases must
        not share a name, or a plain-name scan would find two lots."""
        self.ensure_one()
        if self.naming == "rule":
            return self.unit_product_id._propose_lot_names(
                count, values={"company": self.lot_id.company_id or self.env.company}
            )
        prefix = f"{self.lot_id.name}-"
        existing = self.env["stock.lot"].sudo().search([("name", "=like", f"{prefix}%")])
        numbers = [
            int(name[len(prefix) :])
            for name in existing.mapped("name")
            if name.startswith(prefix) and name[len(prefix) :].isdigit()
        ]
        start = max(numbers, default=0) + 1
        width = max(3, len(str(start + count - 1)))
        return [f"{prefix}{number:0{width}d}" for number in range(start, start + count)]

    def _check_unit_names(self, names):
        """Refuse names used twice in ``names`` or already used by a lot of any product (a
        numbering rule checks only the lots of its own product)."""
        self.ensure_one()
        duplicates = [name for name in dict.fromkeys(names) if names.count(name) > 1]
        taken = self.env["stock.lot"].sudo().search([("name", "in", list(names))], limit=1)
        name = duplicates[0] if duplicates else taken.name
        if name:
            raise UserError(
                self.env._(
                    "The unit name %(name)s is already used by another lot: a split never gives"
                    " two lots the same name. Change the numbering rule of %(product)s or name"
                    " the units after the batch.",
                    name=name,
                    product=self.unit_product_id.display_name,
                )
            )

    def _prepare_unit_lot_vals(self, name):
        self.ensure_one()
        vals = {
            "name": name,
            "product_id": self.unit_product_id.id,
            "company_id": self.lot_id.company_id.id,
            # the units were produced with the batch
            "production_date": self.lot_id.production_date,
            "shift": self.lot_id.shift,
            "production_line_id": self.lot_id.production_line_id.id,
        }
        if self.unit_product_id.product_tmpl_id._fields.get("use_expiration_date") and (
            self.unit_product_id.use_expiration_date
        ):
            for field_name in EXPIRY_FIELDS:
                if self.lot_id[field_name]:
                    vals[field_name] = self.lot_id[field_name]
        return vals

    def _prepare_consumptions(self, quantities):
        self.ensure_one()
        return [
            {
                "lot": self.lot_id,
                "location": self.location_id,
                "quantity": self._get_consumed_quantity(quantities),
            }
        ]

    def _prepare_productions(self, quantities):
        self.ensure_one()
        names = self._get_unit_names(len(quantities))
        factor = 1.0 if self.unit_product_id == self.product_id else self.unit_factor
        price_unit = self.product_id.standard_price * factor
        return [
            {
                "product": self.unit_product_id,
                "lot_vals": self._prepare_unit_lot_vals(name),
                "quantity": quantity,
                "location": self.location_id,
                "price_unit": price_unit,
            }
            for name, quantity in zip(names, quantities, strict=True)
        ]

    def _check_split(self, quantities):
        self.ensure_one()
        self.lot_id._check_trace_status_available(self.env._("split"))
        unit_product = self.unit_product_id
        if not unit_product or unit_product.tracking == "none":
            raise UserError(self.env._("Choose a unit product tracked by lots or serial numbers."))
        rounding = unit_product.uom_id.rounding
        for quantity in quantities:
            if float_compare(quantity, 0.0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._(
                        "Every unit quantity must be positive: %(qty)s is not.", qty=quantity
                    )
                )
            if unit_product.tracking == "serial" and float_compare(
                quantity, 1.0, precision_rounding=rounding
            ):
                raise UserError(
                    self.env._(
                        "%(product)s is tracked by serial numbers: each unit holds exactly 1,"
                        " not %(qty)s.",
                        product=unit_product.display_name,
                        qty=quantity,
                    )
                )
        if unit_product != self.product_id and (
            float_compare(self.unit_factor, 0.0, precision_rounding=self.uom_id.rounding) <= 0
        ):
            raise UserError(self.env._("The batch quantity per unit must be positive."))
        if not self.location_id:
            raise UserError(
                self.env._(
                    "Lot %(lot)s has no stock outside packages to split.", lot=self.lot_id.name
                )
            )

    def action_split(self):
        """Create the unit lots and open them."""
        return self._split().action_view_output_lots()

    def action_split_and_print(self):
        """Create the unit lots and print a label for each of them (57 x 32 mm)."""
        return self._split().output_lot_ids._action_print_traceability_labels("label")

    def _split(self):
        """Run the split; return its stock.lot.transformation."""
        self.ensure_one()
        quantities = self._get_unit_quantities()
        self._check_split(quantities)
        productions = self._prepare_productions(quantities)
        self._check_unit_names([production["lot_vals"]["name"] for production in productions])
        return self.env["stock.lot.transformation"]._run_transformation(
            "split",
            self._prepare_consumptions(quantities),
            productions,
        )
