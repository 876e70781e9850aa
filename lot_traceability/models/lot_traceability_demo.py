# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, models
from odoo.tools import convert_file

_logger = logging.getLogger(__name__)

STOCK_STORIES_FILE = "demo/lot_traceability_demo_stock.xml"
# the documents of that file, which an uninstall cannot delete once they are done
STOCK_STORIES_DOCUMENT_MODELS = ("stock.picking", "mrp.production")


class LotTraceabilityDemo(models.AbstractModel):
    _name = "lot_traceability.demo"
    _description = "Lot Traceability Demo Data Loader"

    @api.model
    def _load_stock_stories(self):
        """Load the stock of the demo stories (:data:`STOCK_STORIES_FILE`: inventories,
        receipts, manufacturing orders, split, deliveries) unless its documents are still in
        the database. Odoo cannot delete done transfers and manufacturing orders when the
        module is uninstalled: they stay, with their lots and products and their external ids,
        and a reinstall loading the file again would rewrite done documents (refused: the
        demo data fails, then the install) and count their stock twice. The demo's other
        records (partners, products, lots, composition lists) are written again as usual."""
        if self._get_stock_stories_left():
            _logger.info(
                "Demo stock of lot_traceability kept from a previous install: not loaded again"
            )
            return False
        convert_file(
            self.env,
            "lot_traceability",
            STOCK_STORIES_FILE,
            {},
            mode="init",
            noupdate=True,
            kind="demo",
        )
        return True

    @api.model
    def _get_stock_stories_left(self):
        """The external ids of the demo's stock documents that exist (left by an uninstall)."""
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", "lot_traceability"),
                    ("model", "in", STOCK_STORIES_DOCUMENT_MODELS),
                ]
            )
        )
        return data.filtered(lambda imd: self.env[imd.model].browse(imd.res_id).exists())
