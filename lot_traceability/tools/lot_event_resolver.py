# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the exports of lot events (FSMA 204 spreadsheet, EPCIS) need to know about the records
an event names — products, lots, partners, warehouses, companies, documents — read once per
record and kept in bounded caches, so that 100,000 events cost a few thousand reads.

Location descriptions (FSMA 204, 21 CFR 1.1310) are dicts ``business_name``, ``phone``,
``address``, ``city``, ``state``, ``postal_code``, ``country``, ``gln`` plus ``state_expected``
(the country has states), ``subject`` (the record that holds them, for the list of missing
KDEs) and ``epcis_id`` / ``party_id`` (EPCIS location and party identifiers).
"""

from odoo import fields
from odoo.tools import SQL

from . import epcis

LOCATION_PARTS = ("business_name", "phone", "address", "city", "state", "postal_code", "country")
CACHE_MAX = 20000

# English, as the FDA reads the spreadsheet (21 CFR 1.1455(c)(4)).
DOCUMENT_TYPES = {
    "receipt": "Receipt",
    "customer_return": "Return Receipt",
    "delivery": "Delivery Order",
    "vendor_return": "Return to Vendor",
    "mrp.production": "Manufacturing Order",
    "mrp.unbuild": "Unbuild Order",
    "split": "Lot Split",
    "merge": "Lot Merge",
    "stock.move": "Stock Move",
}


class LotEventResolver:
    """Lookups for the events of one export, by id, cached."""

    def __init__(self, env):
        self.env = env
        self.db_uuid = env["ir.config_parameter"].sudo().get_param("database.uuid")
        self._partners = {}
        self._warehouses = {}
        self._companies = {}
        self._products = {}
        self._uoms = {}
        self._lots = {}
        self._documents = {}

    # ------------------------------------------------------------------
    def _description(self, partner, business_name, subject, gln):
        country = partner.country_id
        return {
            "business_name": business_name or "",
            "phone": partner.phone or partner.commercial_partner_id.phone or "",
            "address": ", ".join(filter(None, (partner.street, partner.street2))),
            "city": partner.city or "",
            "state": partner.state_id.name or "",
            "postal_code": partner.zip or "",
            "country": country.name or "",
            "gln": gln or "",
            "state_expected": bool(not country or country.state_ids),
            "subject": subject,
        }

    def partner(self, partner_id):
        """The location description of a partner address (business name: its company)."""
        if partner_id not in self._partners:
            partner = self.env["res.partner"].sudo().browse(partner_id)
            commercial = partner.commercial_partner_id
            # the address's own GLN: a delivery address is another location than its company
            gln = partner.global_location_number
            description = self._description(
                partner,
                commercial.name,
                self.env._("Contact %(name)s", name=partner.display_name),
                gln,
            )
            description["epcis_id"] = epcis.location_id(self.db_uuid, gln, "partner", partner.id)
            description["party_id"] = epcis.party_id(
                self.db_uuid, commercial.global_location_number, commercial.id
            )
            description["partner_id"] = commercial.id
            self._partners[partner_id] = description
        return self._partners[partner_id]

    def company(self, company_id):
        if company_id not in self._companies:
            company = self.env["res.company"].sudo().browse(company_id)
            gln = company.global_location_number
            description = self._description(
                company.partner_id,
                company.name,
                self.env._("Company %(name)s", name=company.name),
                gln,
            )
            description["epcis_id"] = epcis.location_id(self.db_uuid, gln, "company", company.id)
            description["party_id"] = epcis.party_id(self.db_uuid, gln, company.partner_id.id)
            self._companies[company_id] = description
        return self._companies[company_id]

    def warehouse(self, warehouse_id, company_id):
        """Our site: the warehouse's address and GLN (else the company's)."""
        if not warehouse_id:
            return self.company(company_id or self.env.company.id)
        if warehouse_id not in self._warehouses:
            warehouse = self.env["stock.warehouse"].sudo().browse(warehouse_id)
            company = warehouse.company_id
            address = warehouse.partner_id or company.partner_id
            gln = (
                warehouse.global_location_number
                or (warehouse.partner_id.global_location_number)
                or company.global_location_number
            )
            description = self._description(
                address,
                company.name,
                self.env._("Warehouse %(name)s", name=warehouse.display_name),
                gln,
            )
            description["epcis_id"] = epcis.location_id(
                self.db_uuid, gln, "warehouse", warehouse.id
            )
            description["party_id"] = self.company(company.id)["party_id"]
            self._warehouses[warehouse_id] = description
        return self._warehouses[warehouse_id]

    # ------------------------------------------------------------------
    def product(self, product_id):
        """``name`` (product description), ``gtin`` (or False), ``tracking``, ``subject``."""
        if product_id not in self._products:
            product = self.env["product.product"].sudo().with_context(active_test=False)
            product = product.browse(product_id)
            packaging = product.packaging_ids[:1]
            name = product.with_context(display_default_code=False).display_name
            if packaging:
                name = f"{name} ({packaging.name}, {packaging.qty:g} {product.uom_id.name})"
            self._products[product_id] = {
                "name": name,
                "gtin": epcis.normalize_gtin(product.barcode),
                "tracking": product.tracking,
                "subject": self.env._("Product %(name)s", name=product.display_name),
            }
        return self._products[product_id]

    def uom(self, uom_id):
        """``name`` and EPCIS ``code`` / ``factor`` (see ``epcis.uom_code``)."""
        if uom_id not in self._uoms:
            uom = self.env["uom.uom"].sudo().browse(uom_id)
            code, factor = epcis.uom_code(uom)
            self._uoms[uom_id] = {"name": uom.name, "code": code, "factor": factor}
        return self._uoms[uom_id]

    def prefetch_lots(self, lot_ids):
        """Read the lots ``lot_ids`` not cached yet in one query: name, dates, supplier lot
        and where their code was assigned — the warehouse that made them (a line out of
        production) or the supplier they were received from."""
        missing = [lot_id for lot_id in set(lot_ids) if lot_id and lot_id not in self._lots]
        if not missing:
            return
        if len(self._lots) > CACHE_MAX:
            self._lots.clear()
        self.env.cr.execute(
            SQL(
                """
                SELECT lot.id, lot.name, lot.product_id, lot.company_id, lot.expiration_date,
                       lot.use_date, lot.production_date, lot.supplier_lot_name,
                       lot.supplier_id, made.warehouse_id, made.company_id,
                       received.partner_id
                  FROM stock_lot lot
             LEFT JOIN LATERAL (
                    SELECT dest.warehouse_id, line.company_id
                      FROM stock_move_line line
                      JOIN stock_location source ON source.id = line.location_id
                      JOIN stock_location dest ON dest.id = line.location_dest_id
                     WHERE line.lot_id = lot.id AND line.state = 'done'
                       AND source.usage = 'production'
                     ORDER BY line.date, line.id LIMIT 1) made ON TRUE
             LEFT JOIN LATERAL (
                    SELECT picking.partner_id
                      FROM stock_move_line line
                      JOIN stock_location source ON source.id = line.location_id
                      JOIN stock_move move ON move.id = line.move_id
                      JOIN stock_picking picking ON picking.id = move.picking_id
                     WHERE line.lot_id = lot.id AND line.state = 'done'
                       AND source.usage = 'supplier'
                     ORDER BY line.date, line.id LIMIT 1) received ON TRUE
                 WHERE lot.id = ANY(%s)
                """,
                missing,
            )
        )
        for row in self.env.cr.fetchall():
            (lot_id, name, product_id, company_id, expiration, use_date, production) = row[:7]
            supplier_lot, supplier_id, made_warehouse, made_company, receipt_partner = row[7:]
            self._lots[lot_id] = {
                "name": name,
                "product_id": product_id,
                "company_id": company_id,
                "expiration_date": expiration,
                "use_date": use_date,
                "production_date": production,
                "supplier_lot_name": supplier_lot or "",
                "made": made_company is not None,
                "made_warehouse_id": made_warehouse,
                "made_company_id": made_company,
                "supplier_id": supplier_id or receipt_partner,
            }

    def lot(self, lot_id):
        if lot_id not in self._lots:
            self.prefetch_lots([lot_id])
        return self._lots[lot_id]

    def traceability_lot_code(self, lot_id):
        """The TLC: GTIN (01) + lot (10) as a GS1 element string, or the lot alone."""
        lot = self.lot(lot_id)
        gtin = self.product(lot["product_id"])["gtin"]
        return f"(01){gtin}(10){lot['name']}" if gtin else lot["name"]

    def lot_epc(self, lot_id):
        """``(kind, id)``: ``("class", lot class id)`` or ``("instance", serial id)``."""
        lot = self.lot(lot_id)
        product = self.product(lot["product_id"])
        if product["tracking"] == "serial":
            return "instance", epcis.serial_id(
                self.db_uuid, product["gtin"], lot["product_id"], lot["name"]
            )
        return "class", epcis.lot_class_id(
            self.db_uuid, product["gtin"], lot["product_id"], lot["name"]
        )

    def tlc_source(self, lot_id, company_id=None):
        """``(location description or None, TLC source reference)``: our warehouse for lots
        we made, the supplier for lots we received (reference: the supplier's lot number)."""
        lot = self.lot(lot_id)
        if lot["made"]:
            return self.warehouse(lot["made_warehouse_id"], lot["made_company_id"]), ""
        if lot["supplier_id"]:
            return self.partner(lot["supplier_id"]), lot["supplier_lot_name"]
        return None, lot["supplier_lot_name"]

    # ------------------------------------------------------------------
    def document(self, event):
        """``(type, number)`` of the reference document of ``event``."""
        key = (event["res_model"], event["res_id"], event["kind"])
        if key not in self._documents:
            if len(self._documents) > CACHE_MAX:
                self._documents.clear()
            model, res_id = event["res_model"], event["res_id"]
            record = self.env[model].sudo().browse(res_id)
            if model == "stock.picking":
                doc_type = DOCUMENT_TYPES[event["kind"]]
            elif model == "stock.lot.transformation":
                doc_type = DOCUMENT_TYPES[record.transformation_type]
            else:
                doc_type = DOCUMENT_TYPES.get(model, record._description)
            number = record.display_name if model != "stock.move" else event["reference"]
            self._documents[key] = (doc_type, number or "")
        return self._documents[key]

    def local_date(self, value):
        """A naive UTC datetime as a date in the user's time zone."""
        return fields.Datetime.context_timestamp(self.env.user, value).date()
