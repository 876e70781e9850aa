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
        """Return {lot id: details dict} for ``lots``, for all of them at once: their move
        lines by one search, their genealogy by two walks of the genealogy engine (downstream
        with the deliveries, one level upstream for the components of their productions)."""
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
        downstream = lots._get_downstream_impact(["deliveries"], with_links=True)
        finished = self._get_finished_lots(downstream["links"])
        deliveries = self._get_deliveries(downstream["deliveries"], downstream["reached"])
        components = self._get_components(lots)
        kinds = move_lines._traceability_kind()
        events_by_lot = self._group_by_lot(timeline)
        quants_by_lot = self._group_by_lot(quants)
        partner_links = self._get_partner_links(lots)
        details = {}
        for lot in lots:
            lines = lines_by_lot[lot.id]
            details[lot.id] = {
                "origins": self._add_partner_origins(
                    lot,
                    self._get_origins(lines, kinds, components),
                    partner_links.get(lot.id, []),
                ),
                "transactions": timeline.browse(events_by_lot[lot.id]),
                "finished": finished[lot.id],
                "deliveries": deliveries[lot.id],
                "on_hand": quants.browse(quants_by_lot[lot.id]),
            }
        return details

    @api.model
    def _group_by_lot(self, records):
        """{lot id: ids of ``records`` of that lot, in the records' order}."""
        ids_by_lot = defaultdict(list)
        for record in records:
            ids_by_lot[record.lot_id.id].append(record.id)
        return ids_by_lot

    @api.model
    def _get_origins(self, lines, kinds, components):
        """Receipts from a supplier and productions that brought the lot in, each with the
        components consumed (one level): ``kinds`` {line: kind} of the lines (the move line
        classifier), ``components`` as ``_get_components`` returns them."""
        origins = []
        for line in lines:
            if kinds[line] == "receipt":
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
            elif kinds[line] == "production" and line.move_id.production_id:
                production = line.move_id.production_id
                origins.append(
                    {
                        "kind": "production",
                        "date": line.date,
                        "document": production,
                        "partner": self.env["res.partner"],
                        "quantity": line.quantity,
                        "uom": line.product_uom_id,
                        "components": components.get(
                            (line.lot_id.id, production._name, production.id), []
                        ),
                    }
                )
        return origins

    @api.model
    def _get_components(self, lots):
        """{(lot id, document model, document id): [{product, lot, quantity, uom}]}: the lots
        each document (manufacturing order, unbuild, split, merge) consumed to make a lot of
        ``lots``, one level up the genealogy (one walk for all the lots), in each component
        product's unit."""
        components = defaultdict(list)
        links = lots._get_genealogy_links("upstream", max_depth=1)
        reached = self.env["stock.lot"].browse({link["lot_id"] for link in links})
        lot_by_id = {lot.id: lot for lot in reached}
        for link in links:
            if not link["depth"]:
                continue
            lot = lot_by_id[link["lot_id"]]
            components[(link["root_lot_id"], link["res_model"], link["res_id"])].append(
                {
                    "product": lot.product_id,
                    "lot": lot,
                    "quantity": link["quantity"],
                    "uom": self.env["uom.uom"].browse(link["uom_id"]),
                }
            )
        return components

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
    def _get_finished_lots(self, links):
        """{start lot id: [finished dict]}: every lot made from each start lot, at every level
        (manufacturing, builds, splits, merges), with the document and quantity of each link,
        from the ``links`` of a downstream walk (``stock.lot._get_genealogy_links``)."""
        links = [link for link in links if link["depth"]]
        lots = self.env["stock.lot"].browse(
            {link["lot_id"] for link in links} | {link["parent_lot_id"] for link in links}
        )
        lots_by_id = {reached.id: reached for reached in lots}
        finished = defaultdict(list)
        for link in sorted(links, key=lambda link: (link["depth"], link["date"] or datetime.min)):
            reached = lots_by_id[link["lot_id"]]
            finished[link["root_lot_id"]].append(
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
    def _get_deliveries(self, deliveries, reached):
        """{start lot id: [delivery dict]}: shipments to customers (returns as negative
        quantities) of each start lot and of every lot made from it, at every level, from the
        ``deliveries`` and ``reached`` of one downstream walk
        (``stock.lot._get_downstream_impact``)."""
        by_lot = defaultdict(list)
        for delivery in deliveries:
            by_lot[delivery["lot_id"]].append(delivery)
        delivered_lots = self.env["stock.lot"].browse(by_lot)
        lot_by_id = {lot.id: lot for lot in delivered_lots}
        Picking, Partner, MoveLine, Uom = (
            self.env[name]
            for name in ("stock.picking", "res.partner", "stock.move.line", "uom.uom")
        )
        no_lot = self.env["stock.lot"]
        result = defaultdict(list)
        for start_id, lot_ids in reached.items():
            items = result[start_id]
            for lot_id in lot_ids:
                delivered_lot = lot_by_id.get(lot_id)
                for delivery in by_lot.get(lot_id, ()):
                    picking = Picking.browse(delivery["picking_id"])
                    items.append(
                        {
                            "date": delivery["date"],
                            "partner": Partner.browse(delivery["partner_id"]),
                            "document": picking
                            or MoveLine.browse(delivery["move_line_id"]).move_id,
                            "lot": delivered_lot,
                            "via": delivered_lot if lot_id != start_id else no_lot,
                            "quantity": delivery["quantity"],
                            "uom": Uom.browse(delivery["uom_id"]),
                        }
                    )
            items.sort(key=lambda item: (item["date"], item["lot"].id))
        return result

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
