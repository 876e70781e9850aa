# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLotEpcisImportWizard(models.TransientModel):
    """Upload a supplier's EPCIS 2.0 JSON-LD document on a receipt or a lot: its events about
    the lots received from the supplier extend their genealogy upstream with the supplier's
    lots (see ``stock.lot.epcis.import``)."""

    _name = "stock.lot.epcis.import.wizard"
    _description = "Import a Partner's EPCIS Document"
    _check_company_auto = True

    picking_id = fields.Many2one("stock.picking", string="Receipt", check_company=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        check_company=True,
        help="Whose document it is: its events must be about lots received from it.",
    )
    document = fields.Binary(string="EPCIS Document", required=True, attachment=False)
    filename = fields.Char()

    @api.model
    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        picking = self.env["stock.picking"].browse(vals.get("picking_id"))
        lot = self.env["stock.lot"].browse(vals.get("lot_id"))
        vals.update(
            {
                key: value
                for key, value in self._get_default_partner_values(picking, lot).items()
                if value
            }
        )
        return vals

    @api.model
    def _get_default_partner_values(self, picking, lot):
        """The supplier and company of the receipt, or of the lot (its receipt's vendor, else
        its supplier)."""
        if picking:
            return {
                "partner_id": picking.partner_id.commercial_partner_id.id,
                "company_id": picking.company_id.id,
            }
        if lot:
            receipt = lot._get_supplier_receipt_lines()[:1]
            partner = receipt.picking_id.partner_id or lot.supplier_id
            return {
                "partner_id": partner.commercial_partner_id.id,
                "company_id": lot.company_id.id,
            }
        return {}

    def _prepare_import_values(self):
        """The arguments of ``stock.lot.epcis.import._import_document``."""
        self.ensure_one()
        if not self.document:
            raise UserError(self.env._("Choose the EPCIS document (a .json or .jsonld file)."))
        return {
            "data": base64.b64decode(self.document),
            "partner": self.partner_id,
            "picking": self.picking_id,
            "lot": self.lot_id,
            "name": self.filename or None,
        }

    def action_import(self):
        self.ensure_one()
        Import = self.env["stock.lot.epcis.import"]
        document = Import._import_document(**self._prepare_import_values())
        return Import._action_import_done(document)
