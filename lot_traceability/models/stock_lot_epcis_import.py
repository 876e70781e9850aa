# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""EPCIS import: the supplier's chain joins ours.

A partner's EPCIS 2.0 document (uploaded on a receipt or a lot, or fetched from the partner's
query endpoint) is read and checked as a whole before anything is written:

1. JSON, then GS1's JSON schema (``tools/epcis_reader.py``);
2. each lot or serial it names (LGTIN/SGTIN URN or GS1 Digital Link) is matched: the product
   by its barcode (= GTIN), our lot among the lots received from the partner by its supplier
   lot number, else its name;
3. the events kept are those about the lots we received from the partner, and the partner's
   transformations upstream of them (their inputs become *external lots*: ``stock.lot``
   records flagged ``is_external``, the partner as supplier, no stock, read-only), followed
   to the top of the document's chain;
4. any event about none of these (a lot we never received), any GTIN of no product: a
   UserError naming the event (index and eventID) and the field; nothing is written.

Events are kept once per partner (``stock.lot.epcis.event``, by eventID): the same document
imported twice adds nothing. Each TransformationEvent's input/output pairs are
``stock.lot.epcis.link`` rows, which the genealogy engine walks with Odoo's own links.

A supplier recall is never imported silently: a new event recalling a lot (disposition or
persistent disposition ``recalled``) or holding it (bizStep ``holding``, disposition
``non_sellable_other``, ``non_conformant``, ``damaged`` or ``expired``) about a lot we received
from the partner, or about one of the partner's lots upstream of it, puts the received lot in
quarantine (the module's hold: no delivery, no consumption, reservations taken off), posts the
event on the lot's chatter, gives its product's responsible (else the importing user) a to-do,
and the import's result says so (``supplier_hold_lot_ids``).
"""

import base64
import json

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import epcis, epcis_client, epcis_reader
from ..tools.epcis_reader import EpcisReadError

TRACEABILITY_USER_GROUP = "lot_traceability.group_traceability_user"
FETCH_MAX_PAGES_PARAM = "lot_traceability.epcis_fetch_max_pages"
FETCH_MAX_PAGES = 100
# a partner's event putting its lot on hold: bizStep holding with one of these dispositions
SUPPLIER_HOLD_DISPOSITIONS = {"non_sellable_other", "non_conformant", "damaged", "expired"}


class StockLotEpcisImport(models.Model):
    _name = "stock.lot.epcis.import"
    _description = "Partner's EPCIS Document Import"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Partner", required=True, readonly=True, check_company=True
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Receipt", readonly=True, check_company=True
    )
    lot_id = fields.Many2one("stock.lot", readonly=True, check_company=True)
    source = fields.Selection(
        [("upload", "Uploaded"), ("fetch", "Fetched from the Partner")],
        required=True,
        readonly=True,
        default="upload",
    )
    event_ids = fields.One2many("stock.lot.epcis.event", "import_id", readonly=True)
    supplier_hold_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_lot_epcis_import_supplier_hold_rel",
        "import_id",
        "lot_id",
        string="Lots Held on Supplier Recall",
        readonly=True,
        help="Our lots received from the partner that its events of this import recall or put "
        "on hold (directly, or through the partner's lots upstream of them): put in "
        "quarantine by the import.",
    )
    event_count = fields.Integer(compute="_compute_counts")
    external_lot_count = fields.Integer(compute="_compute_counts")

    @api.depends("event_ids")
    def _compute_counts(self):
        for document in self:
            document.event_count = len(document.event_ids)
            document.external_lot_count = len(document.event_ids.lot_ids.filtered("is_external"))

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------
    @api.model
    def _import_document(self, data, partner, picking=None, lot=None, name=None, source="upload"):
        """Import the EPCIS document ``data`` (bytes, text or dict) of ``partner`` for the
        receipt ``picking`` or the lot ``lot`` (their company is the import's). Return the new
        ``stock.lot.epcis.import`` record, or an empty recordset when every event of the
        document was imported before. Raises UserError (nothing written) on a bad document."""
        self._check_can_import()
        picking = picking or self.env["stock.picking"]
        lot = lot or self.env["stock.lot"]
        for record in (picking, lot):
            if record:
                record.check_access("read")
        company = (picking or lot).company_id or self.env.company
        partner = partner.commercial_partner_id
        if not partner:
            raise UserError(self.env._("Choose the partner whose EPCIS document this is."))
        try:
            document = epcis_reader.load_document(data)
            epcis_reader.validate_document(document)
            events = epcis_reader.read_events(document)
        except EpcisReadError as error:
            raise UserError(self._format_error(error)) from error
        plan = self._plan_import(events, partner, company)
        if not plan["events"]:
            return self.browse()
        return self._write_import(plan, data, partner, company, picking, lot, name, source)

    # ------------------------------------------------------------------
    # Checking (nothing written)
    # ------------------------------------------------------------------
    @api.model
    def _check_can_import(self):
        """Traceability users import (and code running as superuser, e.g. the demo data)."""
        if not self.env.su and not self.env.user.has_group(TRACEABILITY_USER_GROUP):
            raise AccessError(self.env._("Only Traceability users import EPCIS documents."))

    @api.model
    def _format_error(self, error, event=None):
        """The UserError message of an EpcisReadError (or of ``event`` and a reason)."""
        index = event["index"] if event else error.event
        event_id = event["event_id"] if event else error.event_id
        where = self.env._("the document")
        if index:
            where = (
                self.env._("event %(index)s (%(event_id)s)", index=index, event_id=event_id)
                if event_id
                else self.env._("event %(index)s", index=index)
            )
        if error.field:
            return self.env._(
                "EPCIS document refused: %(where)s, field %(field)s: %(reason)s",
                where=where,
                field=error.field,
                reason=error.reason,
            )
        return self.env._(
            "EPCIS document refused: %(where)s: %(reason)s", where=where, reason=error.reason
        )

    @api.model
    def _refuse(self, event, field, reason):
        raise UserError(self._format_error(EpcisReadError(reason, field=field), event=event))

    @api.model
    def _parse_digital_link(self, uri):
        nomenclature = self.env["barcode.nomenclature"]
        try:
            values = nomenclature._parse_gs1_traceability(uri)
        except UserError as error:
            raise ValueError(error.args[0]) from error
        return values[0] if values else None

    @api.model
    def _read_identities(self, events):
        """Give each object of ``events`` its ``identity`` (GTIN, lot or serial), or None for
        what is not a lot or serial (pallets, whole product classes)."""
        for event in events:
            for item in event["objects"]:
                try:
                    values = epcis.parse_identifier(
                        item["uri"], strict=True, parse_digital_link=self._parse_digital_link
                    )
                except ValueError as error:
                    self._refuse(
                        event,
                        item["field"],
                        self.env._(
                            "%(uri)s is not a readable lot or serial identifier: %(reason)s",
                            uri=item["uri"],
                            reason=error,
                        ),
                    )
                if values and values["kind"] in ("lot", "serial") and values["gtin"]:
                    item["identity"] = (values["gtin"], values["serial"] or values["lot"])
                else:
                    item["identity"] = None

    @api.model
    def _get_products_by_gtin(self, gtins, company):
        """{GTIN: product} of the products (archived ones included) whose barcode is the GTIN
        (as GTIN-14, -13, -12 or -8), of ``company`` or shared."""
        nomenclature = self.env["barcode.nomenclature"]
        variants = {
            variant: gtin
            for gtin in gtins
            for variant in nomenclature._gs1_gtin_barcode_variants(gtin)
        }
        products = (
            self.env["product.product"]
            .with_context(active_test=False)
            .search(
                [
                    ("barcode", "in", list(variants)),
                    ("company_id", "in", [company.id, False]),
                ],
                order="id",
            )
        )
        result = {}
        for product in products:
            result.setdefault(variants[product.barcode], product)
        return result

    @api.model
    def _get_partner_lots(self, identities, products, partner, company):
        """{identity: lot} of the ``identities`` that are lots we received from ``partner``
        (done lines from a supplier location of a receipt of the partner), matched by the
        lot's supplier lot number, else its name; and of the partner's external lots."""
        names = {name for __, name in identities}
        product_ids = [product.id for product in products.values()]
        lines = self.env["stock.move.line"].search(
            [
                ("state", "=", "done"),
                ("location_id.usage", "=", "supplier"),
                ("company_id", "=", company.id),
                ("product_id", "in", product_ids),
                ("picking_id.partner_id", "child_of", partner.id),
                "|",
                ("lot_id.supplier_lot_name", "in", list(names)),
                ("lot_id.name", "in", list(names)),
            ]
        )
        by_supplier_name, by_name = {}, {}
        for received in lines.lot_id:
            if received.supplier_lot_name:
                by_supplier_name[received.product_id, received.supplier_lot_name] = received
            by_name[received.product_id, received.name] = received
        external = self.env["stock.lot"].search(
            [
                ("is_external", "=", True),
                ("company_id", "=", company.id),
                ("product_id", "in", product_ids),
                ("name", "in", list(names)),
            ]
        )
        by_external_name = {(lot.product_id, lot.name): lot for lot in external}
        result = {}
        for identity in identities:
            product = products.get(identity[0])
            key = (product, identity[1])
            found = by_supplier_name.get(key) or by_name.get(key) or by_external_name.get(key)
            if product and found:
                result[identity] = found
        return result

    @api.model
    def _plan_import(self, events, partner, company):
        """What the import writes, checked whole: ``events`` (the new ones, with their
        identities), ``lots`` ({identity: lot} of the lots known) and ``new_lots`` ({identity:
        product} of the external lots to create)."""
        self._read_identities(events)
        identities = {
            item["identity"] for event in events for item in event["objects"] if item["identity"]
        }
        products = self._get_products_by_gtin({gtin for gtin, __ in identities}, company)
        lots = self._get_partner_lots(identities, products, partner, company)
        known = self._get_chain_identities(events, set(lots))
        self._check_events_known(events, known, products, partner)
        imported = set(
            self.env["stock.lot.epcis.event"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", partner.id),
                    ("reference", "in", [event["reference"] for event in events]),
                ]
            )
            .mapped("reference")
        )
        new_events = [
            event
            for event in events
            if event["reference"] not in imported
            and any(item["identity"] for item in event["objects"])
        ]
        new_lots = {}
        for event in new_events:
            for item in event["objects"]:
                identity = item["identity"]
                if not identity or identity in lots or identity in new_lots:
                    continue
                if identity[0] not in products:
                    self._refuse(event, item["field"], self._unknown_gtin_reason(identity[0]))
                new_lots[identity] = products[identity[0]]
        self._check_new_lot_names(new_lots, new_events, company)
        return {"events": new_events, "lots": lots, "new_lots": new_lots}

    @api.model
    def _get_chain_identities(self, events, known):
        """``known`` (the identities of our lots and of the partner's known lots) and the
        partner's lots above them: a transformation with a known lot makes all its lots known,
        until nothing changes (the document's order does not matter). Transformations joined
        by a transformationID are one transformation."""
        known = set(known)
        groups = {}
        for event in events:
            if event["type"] == "TransformationEvent":
                key = event["transformation_id"] or ("event", event["index"])
                groups.setdefault(key, set()).update(
                    item["identity"] for item in event["objects"] if item["identity"]
                )
        changed = True
        while changed:
            changed = False
            for group_identities in groups.values():
                if group_identities & known and not group_identities <= known:
                    known |= group_identities
                    changed = True
        return known

    @api.model
    def _check_events_known(self, events, known, products, partner):
        """Refuse the first event about none of the ``known`` lots: about a lot never received
        from the partner, or of a GTIN no product has. An event naming no GS1 lot or serial
        (only pallets, whole product classes, a partner's private identifiers) says nothing
        about our lots: skipped (see ``_plan_import``)."""
        for event in events:
            event_identities = [item for item in event["objects"] if item["identity"]]
            if not event_identities or any(item["identity"] in known for item in event_identities):
                continue
            unknown = [item for item in event_identities if item["identity"][0] not in products]
            if unknown:
                gtin = unknown[0]["identity"][0]
                self._refuse(event, unknown[0]["field"], self._unknown_gtin_reason(gtin))
            item = event_identities[0]
            gtin, name = item["identity"]
            self._refuse(
                event,
                item["field"],
                self.env._(
                    "lot %(lot)s of %(product)s was never received from %(partner)s.",
                    lot=name,
                    product=products[gtin].display_name,
                    partner=partner.display_name,
                ),
            )

    @api.model
    def _unknown_gtin_reason(self, gtin):
        return self.env._(
            "GTIN %(gtin)s is the barcode of no product: create the product (barcode %(gtin)s) "
            "first, then import again.",
            gtin=gtin,
        )

    @api.model
    def _check_new_lot_names(self, new_lots, events, company):
        """An external lot is named by the partner's lot number: refuse when one of our own
        lots of the product already has that name (it was not received from the partner)."""
        if not new_lots:
            return
        clashes = self.env["stock.lot"].search(
            [
                ("company_id", "=", company.id),
                ("product_id", "in", [product.id for product in new_lots.values()]),
                ("name", "in", [name for __, name in new_lots]),
            ]
        )
        for clash in clashes:
            for (__, name), product in new_lots.items():
                if clash.product_id == product and clash.name == name:
                    event, item = next(
                        (event, item)
                        for event in events
                        for item in event["objects"]
                        if item["identity"] and item["identity"][1] == name
                    )
                    self._refuse(
                        event,
                        item["field"],
                        self.env._(
                            "the partner's lot %(lot)s of %(product)s has the name of one of "
                            "our own lots, not received from this partner.",
                            lot=name,
                            product=product.display_name,
                        ),
                    )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    @api.model
    def _prepare_external_lot_vals(self, identity, product, partner, company, events):
        """Values of the external lot ``identity`` (the partner's lot): its dates from the
        ILMD (lot master data) of the event that made it, when the document gives them."""
        vals = {
            "name": identity[1],
            "product_id": product.id,
            "company_id": company.id,
            "supplier_id": partner.id,
            "supplier_lot_name": identity[1],
            "is_external": True,
        }
        for event in events:
            outputs = [item for item in event["objects"] if item["role"] != "input"]
            if any(item["identity"] == identity for item in outputs) and event["ilmd"]:
                ilmd = event["ilmd"]
                expiry = ilmd.get("cbvmda:itemExpirationDate") or ilmd.get("cbvmda:bestBeforeDate")
                produced = ilmd.get("cbvmda:productionDate") or ilmd.get("cbvmda:manufacturingDate")
                if expiry and "expiration_date" in self.env["stock.lot"]._fields:
                    vals["expiration_date"] = fields.Datetime.to_datetime(expiry[:10])
                if produced:
                    vals["production_date"] = fields.Date.to_date(produced[:10])
        return vals

    @api.model
    def _write_import(self, plan, data, partner, company, picking, lot, name, source):
        lots = dict(plan["lots"])
        Lot = self.env["stock.lot"].with_context(lot_traceability_epcis_import=True)
        new_identities = list(plan["new_lots"])
        new_lots = Lot.with_company(company).create(
            [
                self._prepare_external_lot_vals(
                    identity, plan["new_lots"][identity], partner, company, plan["events"]
                )
                for identity in new_identities
            ]
        )
        lots.update(zip(new_identities, new_lots, strict=True))
        document = self.create(
            {
                "name": name or self.env._("EPCIS document of %(partner)s", partner=partner.name),
                "company_id": company.id,
                "partner_id": partner.id,
                "picking_id": picking.id,
                "lot_id": lot.id,
                "source": source,
            }
        )
        if isinstance(data, dict):
            data = json.dumps(data, indent=2)
        if isinstance(data, str):
            data = data.encode()
        # the document kept with the import (attached by the import: users do not edit it)
        self.env["ir.attachment"].sudo().create(
            {
                "name": f"{document.name}.jsonld",
                "res_model": document._name,
                "res_id": document.id,
                "datas": base64.b64encode(data),
                "mimetype": "application/ld+json",
            }
        )
        # written by the import alone (users read them): after the checks above
        events = (
            self.env["stock.lot.epcis.event"]
            .sudo()
            .create([self._prepare_event_vals(document, event, lots) for event in plan["events"]])
        )
        links = []
        for event, record in zip(plan["events"], events, strict=True):
            if event["type"] == "TransformationEvent":
                links += self._prepare_link_vals(record, event, plan["events"], lots)
        self.env["stock.lot.epcis.link"].sudo().create(links)
        self._hold_on_supplier_alerts(document, plan["events"], events, partner, company)
        return document

    # ------------------------------------------------------------------
    # Supplier recall: our received lots put on hold, never silently
    # ------------------------------------------------------------------
    @api.model
    def _get_supplier_alert(self, event):
        """``recall``, ``hold`` or None: what the partner's ``event`` (read) says of its lots."""
        if event["disposition"] == "recalled" or "recalled" in event["persistent_dispositions"]:
            return "recall"
        if event["biz_step"] == "holding" and event["disposition"] in SUPPLIER_HOLD_DISPOSITIONS:
            return "hold"
        return None

    @api.model
    def _get_received_lots(self, lots, partner, company):
        """The lots of ``lots`` we received from ``partner`` (done lines from a supplier
        location of a receipt of the partner)."""
        if not lots:
            return lots
        return (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("company_id", "=", company.id),
                    ("lot_id", "in", lots.ids),
                    ("picking_id.partner_id", "child_of", partner.id),
                ]
            )
            .lot_id.with_env(self.env)
        )

    @api.model
    def _hold_on_supplier_alerts(self, document, read_events, records, partner, company):
        """Put our received lots that the partner's new events recall or hold in quarantine,
        post the event on their chatter and give their responsible a to-do."""
        alerts = {}  # our received lot -> [(alert, event record, the partner's lots named)]
        genealogy = self.env["stock.lot.genealogy"].sudo()
        for event, record in zip(read_events, records, strict=True):
            alert = self._get_supplier_alert(event)
            if not alert:
                continue
            named = record.lot_ids
            external = named.filtered("is_external")
            reached = named - external
            if external:
                reached |= genealogy._get_lots(external, "downstream").filtered(
                    lambda lot: not lot.is_external
                )
            for lot in self._get_received_lots(reached, partner, company):
                alerts.setdefault(lot, []).append((alert, record, named))
        if not alerts:
            return
        held = self.env["stock.lot"]
        statuses = dict(
            self.env["stock.lot"]._fields["trace_status"]._description_selection(self.env)
        )
        for lot, lot_alerts in alerts.items():
            alert, record, named = lot_alerts[0]
            # as the partner knows them: its lot number (our received lot's supplier lot)
            partner_lots = ", ".join(
                named.mapped(lambda named_lot: named_lot.supplier_lot_name or named_lot.name)
            )
            reason = (
                self.env._(
                    "Supplier recall: %(partner)s recalled %(lots)s (EPCIS event %(event)s)",
                    partner=partner.name,
                    lots=partner_lots,
                    event=record.reference,
                )
                if alert == "recall"
                else self.env._(
                    "Supplier hold: %(partner)s put %(lots)s on hold (%(disposition)s, EPCIS "
                    "event %(event)s)",
                    partner=partner.name,
                    lots=partner_lots,
                    disposition=record.disposition,
                    event=record.reference,
                )
            )
            if lot.trace_status == "available":
                lot.write({"trace_status": "quarantine", "trace_status_reason": reason})
                held |= lot
                outcome = self.env._("The lot is put in quarantine.")
            else:
                outcome = self.env._(
                    "The lot stays %(status)s (%(reason)s).",
                    status=statuses[lot.trace_status],
                    reason=lot.trace_status_reason or "-",
                )
            body = Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (
                self.env._(
                    "%(partner)s's EPCIS events (import %(import)s) say:",
                    partner=partner.name,
                    **{"import": document.name},
                ),
                Markup().join(
                    Markup("<li>%s</li>")
                    % self.env._(
                        "%(time)s: %(step)s / %(disposition)s of %(lots)s (event %(event)s)",
                        time=fields.Datetime.to_string(event_record.event_time),
                        step=event_record.biz_step or event_record.event_type,
                        disposition=event_record.disposition or "-",
                        lots=", ".join(event_lots.mapped("display_name")),
                        event=event_record.reference,
                    )
                    for __, event_record, event_lots in lot_alerts
                ),
                outcome,
            )
            lot.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
            user = lot.product_id.responsible_id
            if not user or user._is_superuser() or user.share:
                user = self.env.user
            lot.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Supplier recall: check lot %(lot)s", lot=lot.name)
                if alert == "recall"
                else self.env._("Supplier hold: check lot %(lot)s", lot=lot.name),
                note=reason,
                user_id=user.id,
            )
        held._unreserve_refused_operations()
        # written by the import alone (users read it)
        document.sudo().supplier_hold_lot_ids = [Command.set([lot.id for lot in alerts])]

    @api.model
    def _prepare_event_vals(self, document, event, lots):
        event_lots = {lots[item["identity"]].id for item in event["objects"] if item["identity"]}
        return {
            "import_id": document.id,
            "reference": event["reference"],
            "event_type": event["type"],
            "event_time": event["time"],
            "biz_step": event["biz_step"],
            "disposition": event["disposition"],
            "lot_ids": [Command.set(sorted(event_lots))],
        }

    @api.model
    def _prepare_link_vals(self, record, event, events, lots):
        """Every (input, output) pair of the transformation of ``event`` whose input is in
        ``event`` (inputs and outputs of one transformationID may come in several events)."""
        if event["transformation_id"]:
            group = [e for e in events if e["transformation_id"] == event["transformation_id"]]
        else:
            group = [event]
        inputs = [item for item in event["objects"] if item["role"] == "input" and item["identity"]]
        outputs = [
            item
            for member in group
            for item in member["objects"]
            if item["role"] == "output" and item["identity"]
        ]
        vals = {}
        for source in inputs:
            for target in outputs:
                input_lot, output_lot = lots[source["identity"]], lots[target["identity"]]
                if input_lot == output_lot:
                    continue
                vals[input_lot.id, output_lot.id] = {
                    "event_id": record.id,
                    "input_lot_id": input_lot.id,
                    "output_lot_id": output_lot.id,
                    "input_quantity": source["quantity"] or 0.0,
                    "input_uom": source["uom"] or False,
                    "output_quantity": target["quantity"] or 0.0,
                    "output_uom": target["uom"] or False,
                }
        return list(vals.values())

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_lots(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lots of %(document)s", document=self.name),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", self.event_ids.lot_ids.ids)],
        }

    # ------------------------------------------------------------------
    # Fetch from the partner's EPCIS endpoint
    # ------------------------------------------------------------------
    @api.model
    def _get_query_epcs(self, lots):
        """The lots as the partner knows them, as GS1 Digital Link URIs: the product's GTIN
        (barcode) and the partner's lot number (supplier lot, else our name)."""
        nomenclature = self.env["barcode.nomenclature"]
        epcs = []
        for lot in lots:
            gtin = nomenclature._gs1_normalize_gtin(lot.product_id.barcode)
            if not gtin:
                continue
            build_id = (
                epcis.serial_id if lot.product_id.tracking == "serial" else epcis.lot_class_id
            )
            epcs.append(build_id(None, gtin, lot.product_id.id, lot.supplier_lot_name or lot.name))
        return epcs

    @api.model
    def _get_known_partner_lots(self, lots, partner):
        """The external lots of ``partner`` upstream of ``lots`` (known from its events)."""
        upstream = self.env["stock.lot.genealogy"]._get_lots(lots, "upstream")
        return upstream.filtered(
            lambda lot: lot.is_external and lot.supplier_id.commercial_partner_id == partner
        ).sorted("id")

    @api.model
    def _get_fetch_max_pages(self):
        """How many pages of a partner's answer Fetch from Supplier reads at most."""
        value = self.env["ir.config_parameter"].sudo().get_param(FETCH_MAX_PAGES_PARAM)
        try:
            return max(1, int(value)) if value else FETCH_MAX_PAGES
        except ValueError:
            return FETCH_MAX_PAGES

    @api.model
    def _fetch_from_partner(self, partner, lots, picking=None, lot=None):
        """Ask ``partner``'s EPCIS endpoint for the events of ``lots`` (received from it) and
        import the answer (see ``_import_document``). Returns the import (empty: nothing new)."""
        self._check_can_import()
        partner = partner.commercial_partner_id
        partner.check_access("read")
        if not partner.epcis_endpoint_url:
            raise UserError(
                self.env._(
                    "%(partner)s has no EPCIS endpoint: enter it on the contact (Sales & "
                    "Purchase tab, EPCIS Endpoint).",
                    partner=partner.display_name,
                )
            )
        # and the partner's lots above them known from earlier imports: a recall of one of
        # them (e.g. the mill recalls its wheat lot) names that lot, not ours
        epcs = self._get_query_epcs(lots)
        epcs += [epc for epc in self._get_query_epcs(self._get_known_partner_lots(lots, partner))
                 if epc not in epcs]  # fmt: skip
        if not epcs:
            raise UserError(
                self.env._(
                    "None of the lots %(lots)s has a product with a GTIN (barcode): there is "
                    "nothing to ask %(partner)s for.",
                    lots=", ".join(lots.mapped("display_name")) or "-",
                    partner=partner.display_name,
                )
            )
        # the key is read by managers only: users fetch with it, never see it
        api_key = partner.sudo().epcis_api_key
        max_pages = self._get_fetch_max_pages()
        try:
            # every page of every query (many lots: several queries, the URL stays short),
            # imported below as one document (one transaction, all or nothing)
            answer, __, __ = epcis_client.fetch_events_of(
                partner.epcis_endpoint_url, api_key, epcs, max_pages=max_pages
            )
        except epcis_client.EpcisTooManyPagesError as error:
            raise UserError(
                self.env._(
                    "Fetch from %(partner)s stopped: its answer has more than %(pages)s pages "
                    "of events (%(reason)s). Nothing was imported. Ask %(partner)s for a "
                    "larger page size, or raise the system parameter %(parameter)s.",
                    partner=partner.display_name,
                    pages=max_pages,
                    reason=error,
                    parameter=FETCH_MAX_PAGES_PARAM,
                )
            ) from error
        except epcis_client.EpcisFetchError as error:
            raise UserError(
                self.env._(
                    "Fetch from %(partner)s failed: %(reason)s",
                    partner=partner.display_name,
                    reason=error,
                )
            ) from error
        return self._import_document(
            answer,
            partner,
            picking=picking,
            lot=lot,
            name=self.env._(
                "Events of %(partner)s fetched for %(document)s",
                partner=partner.name,
                document=(picking or lot).display_name,
            ),
            source="fetch",
        )

    @api.model
    def _action_import_done(self, document):
        """The notification after an import (``document`` empty: nothing new)."""
        if not document:
            message = self.env._("Nothing new: every event of this document was imported before.")
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"message": message, "type": "info", "sticky": False},
            }
        message = self.env._(
            "%(events)s events imported, %(lots)s lots of the partner's chain above ours.",
            events=document.event_count,
            lots=document.external_lot_count,
        )
        held = document.supplier_hold_lot_ids
        if held:
            message += " " + self.env._(
                "Supplier recall or hold: %(count)s of our received lots held (quarantine), "
                "their responsible has a to-do: %(lots)s. Check what was made of them and "
                "start a recall if needed.",
                count=len(held),
                lots=", ".join(held.mapped("display_name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "warning" if held else "success",
                "sticky": bool(held),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
