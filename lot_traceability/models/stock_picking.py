# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # EPCIS import: the supplier's events of the lots of a receipt
    epcis_import_ids = fields.One2many(
        "stock.lot.epcis.import", "picking_id", string="EPCIS Imports", readonly=True
    )
    epcis_import_count = fields.Integer(compute="_compute_epcis_import_count")

    @api.depends("epcis_import_ids")
    def _compute_epcis_import_count(self):
        for picking in self:
            picking.epcis_import_count = len(picking.epcis_import_ids)

    def _get_epcis_received_lots(self):
        """The lots this receipt received from its supplier."""
        self.ensure_one()
        if self.picking_type_code != "incoming" or not self.partner_id:
            raise UserError(
                self.env._(
                    "%(picking)s is not a receipt from a supplier: EPCIS events are imported "
                    "on vendor receipts.",
                    picking=self.display_name,
                )
            )
        return self.move_line_ids.filtered(
            lambda line: line.state == "done" and line.location_id.usage == "supplier"
        ).lot_id

    def action_epcis_import(self):
        """Open the upload of a supplier's EPCIS document for this receipt."""
        self.ensure_one()
        self._get_epcis_received_lots()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import the Supplier's EPCIS Events"),
            "res_model": "stock.lot.epcis.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    def action_epcis_fetch(self):
        """Fetch from Supplier: ask the supplier's EPCIS endpoint for the events of the lots
        of this receipt and import them."""
        self.ensure_one()
        lots = self._get_epcis_received_lots()
        if not lots:
            raise UserError(
                self.env._("%(picking)s received no lot yet.", picking=self.display_name)
            )
        Import = self.env["stock.lot.epcis.import"]
        document = Import._fetch_from_partner(self.partner_id, lots, picking=self)
        return Import._action_import_done(document)

    def action_view_epcis_imports(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("EPCIS Imports"),
            "res_model": "stock.lot.epcis.import",
            "view_mode": "list,form",
            "domain": [("picking_id", "=", self.id)],
        }
