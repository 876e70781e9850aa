# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from lxml import etree

from odoo import api, models
from odoo.tools import convert_file, file_open

_logger = logging.getLogger(__name__)

STOCK_STORIES_FILE = "demo/stock_lot_demo_stock.xml"
# the documents of that file, which an uninstall cannot delete once they are done
STOCK_STORIES_DOCUMENT_MODELS = ("stock.picking", "mrp.production")


class LotTraceabilityDemo(models.AbstractModel):
    _name = "stock.lot.demo"
    _description = "Lot Traceability Demo Data Loader"

    @api.model
    def _load_stock_stories(self, filename=STOCK_STORIES_FILE):
        """Load the stock of the demo stories (:data:`STOCK_STORIES_FILE`: inventories,
        receipts, manufacturing orders, split, deliveries) unless its documents are still in
        the database. Odoo cannot delete done transfers and manufacturing orders when the
        module is uninstalled: they stay, with their lots and products and their external ids,
        and a reinstall loading the file again would rewrite done documents (refused: the
        demo data fails, then the install) and count their stock twice. The demo's other
        records (partners, products, lots, composition lists) are written again as usual.

        ``filename``: the file of stock stories, each demo file of the module loading its own
        (the release stories need the flour released on receipt, after the bakery's stock)."""
        if self._get_stock_stories_left(filename):
            _logger.info(
                "Demo stock of lot_traceability kept from a previous install: not loaded again"
            )
            return False
        convert_file(
            self.env,
            "lot_traceability",
            filename,
            {},
            mode="init",
            noupdate=True,
            kind="demo",
        )
        return True

    @api.model
    def _get_stock_stories_left(self, filename=STOCK_STORIES_FILE):
        """The external ids of the stock documents of ``filename`` that exist (left by an
        uninstall)."""
        with file_open(f"lot_traceability/{filename}", "rb") as file:
            names = [
                record.get("id").rpartition(".")[2]
                for record in etree.parse(file).iter("record")
                if record.get("model") in STOCK_STORIES_DOCUMENT_MODELS
            ]
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", "lot_traceability"),
                    ("model", "in", STOCK_STORIES_DOCUMENT_MODELS),
                    ("name", "in", names),
                ]
            )
        )
        return data.filtered(lambda imd: self.env[imd.model].browse(imd.res_id).exists())

    @api.model
    def _load_epcis_document(self, filename, partner_id, picking_id=False):
        """Import the partner's EPCIS document ``filename`` (a file of the module) on the
        receipt ``picking_id``, as a user would (``stock.lot.epcis.import``). A reinstall
        imports nothing twice (the events are kept by their eventID)."""
        with file_open(f"lot_traceability/{filename}", "rb") as file:
            data = file.read()
        picking = self.env["stock.picking"].browse(picking_id).exists()
        document = self.env["stock.lot.epcis.import"]._import_document(
            data,
            self.env["res.partner"].browse(partner_id),
            picking=picking,
            name=filename.rpartition("/")[2],
        )
        return bool(document)
