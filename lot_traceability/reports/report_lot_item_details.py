# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import datetime

from odoo import api, models


class ReportLotItemDetails(models.AbstractModel):
    """Everything about a lot in one place: where it came from (supplier receipt, or
    production and its components), every transaction, the finished lots it went into, the
    customers it was shipped to and what is on hand. Used by the PDF and by the Item Details
    screen of the lot."""

    _name = "report.lot_traceability.report_lot_item_details"
    _description = "Lot Item Details Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        return {
            "doc_ids": lots.ids,
            "doc_model": "stock.lot",
            "docs": lots,
            "details": self._get_lots_details(lots),
            "show_links": bool((data or {}).get("show_links")),
            "printed_on": self.env["ir.actions.report"]._get_print_date(),
        }

    @api.model
    def _get_lots_details(self, lots):
        """Return {lot id: details dict} for ``lots``, reading the move lines of all of them
        in one search."""
        lines_by_lot = defaultdict(lambda: self.env["stock.move.line"])
        move_lines = self.env["stock.move.line"].search(
            [("lot_id", "in", lots.ids), ("state", "=", "done")], order="date, id"
        )
        for line in move_lines:
            lines_by_lot[line.lot_id.id] |= line
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "in", lots.ids),
                ("location_id.usage", "=", "internal"),
                ("quantity", ">", 0),
            ],
            order="location_id",
        )
        timeline = self.env["stock.lot.timeline"].search([("lot_id", "in", lots.ids)])
        partner_links = self._get_partner_links(lots)
        details = {}
        for lot in lots:
            lines = lines_by_lot[lot.id]
            details[lot.id] = {
                "origins": self._add_partner_origins(
                    lot, self._get_origins(lines), partner_links.get(lot.id, [])
                ),
                "transactions": timeline.filtered(lambda event, lot=lot: event.lot_id == lot),
                "finished": self._get_finished_lots(lot),
                "deliveries": self._get_deliveries(lot),
                "on_hand": quants.filtered(lambda quant, lot=lot: quant.lot_id == lot),
            }
        return details

    @api.model
    def _get_origins(self, lines):
        """Receipts from a supplier and productions that brought the lot in, each with the
        components consumed (one level)."""
        origins = []
        for line in lines:
            if line.location_id.usage == "supplier":
                origins.append(
                    {
                        "kind": "receipt",
                        "date": line.date,
                        "document": line.picking_id or line.move_id,
                        "partner": line.picking_id.partner_id,
                        "quantity": line.quantity,
                        "uom": line.product_uom_id,
                        "components": [],
                    }
                )
            elif line.location_id.usage == "production" and line.move_id.production_id:
                origins.append(
                    {
                        "kind": "production",
                        "date": line.date,
                        "document": line.move_id.production_id,
                        "partner": self.env["res.partner"],
                        "quantity": line.quantity,
                        "uom": line.product_uom_id,
                        "components": self._group_lines(line.consume_line_ids),
                    }
                )
        return origins

    @api.model
    def _get_partner_links(self, lots):
        """{lot id: its links from partners' EPCIS TransformationEvents, the lot as output}:
        what the supplier made the lot (or the supplier's own lot) from."""
        Link = self.env["stock.lot.epcis.link"]
        if not Link.has_access("read"):  # imported events: Traceability users
            return {}
        links = Link.search([("output_lot_id", "in", lots.ids)])
        result = defaultdict(list)
        for link in links:
            result[link.output_lot_id.id].append(link)
        return result

    @api.model
    def _add_partner_origins(self, lot, origins, links):
        """``origins`` with what the partner's EPCIS events say the lot came from: the inputs
        of the supplier's transformation as the components of our receipt of the lot, or, for
        a partner's lot (external), the partner's transformation itself."""
        if not links:
            if lot.is_external and lot.epcis_event_ids.has_access("read"):
                origins.append(
                    {
                        "kind": "epcis",
                        "date": lot.epcis_event_ids[:1].event_time,
                        "document": lot.epcis_event_ids[:1],
                        "partner": lot.supplier_id,
                        "quantity": 0.0,
                        "uom": lot.product_id.uom_id,
                        "components": [],
                    }
                )
            return origins
        components = [
            {
                "product": link.input_lot_id.product_id,
                "lot": link.input_lot_id,
                "quantity": link.input_quantity,
                "uom": self._get_epcis_uom(link.input_uom, link.input_lot_id.product_id),
            }
            for link in links
        ]
        receipts = [origin for origin in origins if origin["kind"] == "receipt"]
        if receipts:
            receipts[0]["components"] += components
            return origins
        origins.append(
            {
                "kind": "epcis",
                "date": links[0].date,
                "document": links[0].event_id,
                "partner": lot.supplier_id,
                "quantity": links[0].output_quantity,
                "uom": self._get_epcis_uom(links[0].output_uom, lot.product_id),
                "components": components,
            }
        )
        return origins

    @api.model
    def _get_epcis_uom(self, code, product):
        """The unit of an EPCIS quantity (UN/CEFACT code; none: a count of items)."""
        xmlid = {
            False: "uom.product_uom_unit",
            "KGM": "uom.product_uom_kgm",
            "GRM": "uom.product_uom_gram",
            "TNE": "uom.product_uom_ton",
            "LTR": "uom.product_uom_litre",
        }.get(code)
        return (xmlid and self.env.ref(xmlid, raise_if_not_found=False)) or product.uom_id

    @api.model
    def _get_finished_lots(self, lot):
        """Every lot made from the lot, at every level (manufacturing, builds, splits, merges),
        with the document and quantity of each link: one genealogy query."""
        links = [link for link in lot._get_genealogy_links("downstream") if link["depth"]]
        lots = self.env["stock.lot"].browse(
            {link["lot_id"] for link in links} | {link["parent_lot_id"] for link in links}
        )
        lots_by_id = {reached.id: reached for reached in lots}
        finished = []
        for link in sorted(links, key=lambda link: (link["depth"], link["date"] or datetime.min)):
            reached = lots_by_id[link["lot_id"]]
            finished.append(
                {
                    "lot": reached,
                    "parent": lots_by_id[link["parent_lot_id"]],
                    "depth": link["depth"],
                    "product": reached.product_id,
                    "date": link["date"],
                    "document": link["res_model"]
                    and self.env[link["res_model"]].browse(link["res_id"]),
                    "quantity": link["quantity"],
                    "uom": self.env["uom.uom"].browse(link["uom_id"]),
                }
            )
        return finished

    @api.model
    def _get_deliveries(self, lot):
        """Shipments to customers (returns as negative quantities) of the lot and of every lot
        made from it, at every level: one genealogy query."""
        deliveries = []
        for delivery in lot._get_customer_deliveries():
            delivered_lot = self.env["stock.lot"].browse(delivery["lot_id"])
            picking = self.env["stock.picking"].browse(delivery["picking_id"])
            deliveries.append(
                {
                    "date": delivery["date"],
                    "partner": self.env["res.partner"].browse(delivery["partner_id"]),
                    "document": picking
                    or self.env["stock.move.line"].browse(delivery["move_line_id"]).move_id,
                    "lot": delivered_lot,
                    "via": delivered_lot if delivered_lot != lot else self.env["stock.lot"],
                    "quantity": delivery["quantity"],
                    "uom": self.env["uom.uom"].browse(delivery["uom_id"]),
                }
            )
        return sorted(deliveries, key=lambda item: (item["date"], item["lot"].id))

    @api.model
    def _group_lines(self, lines):
        """[{product, lot, quantity, uom}] summed per product and lot."""
        grouped = {}
        for line in lines:
            key = (line.product_id, line.lot_id, line.product_uom_id)
            grouped[key] = grouped.get(key, 0.0) + line.quantity
        return [
            {"product": product, "lot": lot, "quantity": quantity, "uom": uom}
            for (product, lot, uom), quantity in grouped.items()
        ]
