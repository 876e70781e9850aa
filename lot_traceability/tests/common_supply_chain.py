# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import os
from pathlib import Path

from .common_recall import RecallCommon

# GS1's EPCIS 2.0 JSON schema is not shipped with the add-on (GS1's terms, see README): the
# tests read the project's reference copy, or the file named by LT_EPCIS_SCHEMA.
EPCIS_SCHEMA = Path(
    os.environ.get(
        "LT_EPCIS_SCHEMA",
        Path(__file__).resolve().parents[3] / "shared/standards/epcis/EPCIS-JSON-Schema.json",
    )
)
if not EPCIS_SCHEMA.exists():
    EPCIS_SCHEMA = Path("/work/shared/standards/epcis/EPCIS-JSON-Schema.json")


def epcis_validator():
    """A draft-07 validator of GS1's EPCIS schema that checks formats (uri, date-time)."""
    import jsonschema

    schema = json.loads(EPCIS_SCHEMA.read_text())
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


class SupplyChainCommon(RecallCommon):
    """The bakery recall story (see RecallCommon) with what supply-chain exports need: GTINs
    on flour and trays (butter and the cookie batch have none), GLNs and addresses on the
    company, the warehouse, the mill and the bistro (the grocer has neither: its KDEs are
    missing), the flour lot's supplier lot number, and a hold then a recall of FLOUR-BAD
    recorded in the chatter."""

    FLOUR_GTIN = "09521234543213"
    TRAY_GTIN = "09521234000020"
    COMPANY_GLN = "9521234000013"
    WAREHOUSE_GLN = "9521234000044"
    MILL_GLN = "9521111000006"
    BISTRO_GLN = "9522222000008"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        usa = cls.env.ref("base.us")
        texas = cls.env["res.country.state"].search(
            [("country_id", "=", usa.id), ("code", "=", "TX")], limit=1
        )
        cls.env.company.write(
            {
                "global_location_number": cls.COMPANY_GLN,
                "street": "1 Oven Street",
                "city": "Austin",
                "zip": "73301",
                "state_id": texas.id,
                "country_id": usa.id,
                "phone": "+1 512 555 0100",
            }
        )
        cls.warehouse.global_location_number = cls.WAREHOUSE_GLN
        address = {"street": "2 Mill Road", "city": "Dallas", "zip": "75001",
                   "state_id": texas.id, "country_id": usa.id}  # fmt: skip
        cls.mill.write(dict(address, global_location_number=cls.MILL_GLN, phone="+1 214 555 0101"))
        cls.bistro.write(
            dict(
                address,
                street="3 Main Street",
                global_location_number=cls.BISTRO_GLN,
                phone="+1 214 555 0102",
            )  # fmt: skip
        )
        cls.bistro_kitchen.write(dict(address, street="3 Main Street (back door)"))
        cls.flour.barcode = cls.FLOUR_GTIN
        cls.cookie_tray.barcode = cls.TRAY_GTIN
        cls.flour_bad.supplier_lot_name = "MILL-W-0711"
        tracked = cls.flour_bad.with_context(tracking_disable=False, mail_notrack=False)
        # the chatter's tracking values are written when the transaction commits, by the
        # first environment that asked for them: run what earlier writes left pending first
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        for status, reason in (("quarantine", "Lab check"), ("recalled", "Glass")):
            tracked.write({"trace_status": status, "trace_status_reason": reason})
            cls.env.flush_all()
            cls.env.cr.precommit.run()
        cls.Event = cls.env["stock.lot.event"]
        cls.db_uuid = cls.env["ir.config_parameter"].get_param("database.uuid")

    def _events(self, lots, **domain):
        return self.Event.search([("lot_id", "in", lots.ids)], order="date, id")

    @classmethod
    def _receive_in_company(cls, company, lot_name, quantity, partner):
        """A receipt of ``quantity`` kg of flour as lot ``lot_name`` in another ``company``."""
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        lot = env["stock.lot"].create(
            {"name": lot_name, "product_id": cls.flour.id, "company_id": company.id}
        )
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": partner.id,
                "location_id": cls.supplier_location.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Flour",
                            "product_id": cls.flour.id,
                            "product_uom": cls.flour.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": cls.supplier_location.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        },
                    )  # fmt: skip
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        env["stock.move.line"].create(
            {
                "move_id": picking.move_ids.id,
                "picking_id": picking.id,
                "product_id": cls.flour.id,
                "product_uom_id": cls.flour.uom_id.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "location_id": cls.supplier_location.id,
                "location_dest_id": warehouse.lot_stock_id.id,
            }
        )
        picking.move_ids.picked = True
        picking._action_done()
        return lot, picking
