# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class StockLotScanner(models.AbstractModel):
    """Server side of the Traceability Scanner (a handheld client action): one scan in, one
    lot card out, and the actions a worker takes from the card."""

    _name = "stock.lot.scanner"
    _description = "Traceability Scanner"

    @api.model
    def _check_scanner_access(self):
        """An abstract model has no access rights of its own: any logged-in user (portal
        included) may call its public methods through RPC. The scanner is for Traceability
        users only."""
        if not self.env.su and not self.env.user.has_group(
            "lot_traceability.group_traceability_user"
        ):
            raise AccessError(self.env._("The Traceability Scanner is for Traceability users."))

    @api.model
    def _get_lot_card_by_id(self, lot_id):
        """The card of the lot chosen in the "which one?" list: a lot the user may read."""
        lot = self.env["stock.lot"]
        if isinstance(lot_id, int) and not isinstance(lot_id, bool):
            lot = lot.search([("id", "=", lot_id)])
        if not lot:
            return {"error": self.env._("This lot no longer exists; scan it again.")}
        return self._prepare_lot_card(lot)

    @api.model
    @api.readonly
    def get_lot_card(self, code, lot_id=None):
        """Return the card of the lot designated by ``code`` (plain lot name, GS1 element
        string or GS1 Digital Link URI), or ``{"error": message}`` for an unknown or malformed
        scan: the screen shows the message, never a traceback.

        A code naming several lots the user may read (the same name for two products, or in
        two companies) gives ``{"choices": [{"id", "name", "product", "company"}, ...],
        "message": ...}``: the screen asks which one and calls again with its ``lot_id``."""
        self._check_scanner_access()
        if lot_id:
            return self._get_lot_card_by_id(lot_id)
        try:
            parsed = self.env["stock.lot"]._parse_traceability_scan(code)
        except UserError as error:
            return {"error": error.args[0]}
        lot = parsed["lot"]
        if not lot:
            homonyms = self._find_homonym_lots(parsed["lot_name"], parsed["product"])
            if len(homonyms) > 1:
                return self._prepare_lot_choices(parsed["lot_name"], homonyms)
            if parsed["product"]:
                message = self.env._(
                    "No lot or serial %(lot)s of %(product)s was found.",
                    lot=parsed["lot_name"] or self.env._("(none in the scan)"),
                    product=parsed["product"].display_name,
                )
            else:
                message = self.env._(
                    "Nothing is known under %(code)s.", code=parsed["lot_name"] or code
                )
            return {"error": message}
        return self._prepare_lot_card(lot)

    @api.model
    def _find_homonym_lots(self, lot_name, product):
        """The lots the user may read named ``lot_name`` (of ``product`` when given)."""
        if not lot_name:
            return self.env["stock.lot"]
        domain = [("name", "=", lot_name)]
        if product:
            domain.append(("product_id", "=", product.id))
        return self.env["stock.lot"].search(domain, order="product_id, company_id, id", limit=50)

    @api.model
    def _prepare_lot_choices(self, lot_name, lots):
        return {
            "message": self.env._(
                "%(count)s lots are named %(lot)s: which one?", count=len(lots), lot=lot_name
            ),
            "choices": [
                {
                    "id": lot.id,
                    "name": lot.name,
                    "product": lot.product_id.display_name,
                    "company": lot.company_id.name if len(lots.company_id) > 1 else "",
                }
                for lot in lots
            ],
        }

    @api.model
    def _prepare_lot_card(self, lot):
        status_labels = dict(lot._fields["trace_status"]._description_selection(self.env))
        upstream_links = lot._get_genealogy_links("upstream")
        upstream = self.env["stock.lot"].browse(
            {link["lot_id"] for link in upstream_links if link["depth"]}
        )
        parents = self.env["stock.lot"].browse(
            {link["lot_id"] for link in upstream_links if link["depth"] == 1}
        )
        # who received it or anything made from it: rolled up by the genealogy engine (a hub
        # lot scanned at receiving reaches 1,000 customers through 250,000 deliveries)
        impact = lot._get_downstream_impact(["lots", "customers"])
        customers = self.env["res.partner"].browse(
            {
                customer["commercial_partner_id"]
                for customer in impact["customers"]
                if customer["commercial_partner_id"]
            }
        )
        # the lot's own stock, by internal location
        on_hand = [
            {
                "location": location.display_name,
                "quantity": quantity,
                "uom": lot.product_id.uom_id.name,
            }
            for location, quantity in self.env["stock.quant"]._read_group(
                [("lot_id", "=", lot.id), ("location_id.usage", "=", "internal")],
                ["location_id"],
                ["quantity:sum"],
            )
            if quantity
        ]
        return {
            "id": lot.id,
            "name": lot.name,
            "product": lot.product_id.display_name,
            "tracking": lot.product_id.tracking,
            "status": lot.trace_status,
            "status_label": status_labels[lot.trace_status],
            "status_reason": lot.trace_status_reason or "",
            # serialized (UTC): the screen formats them as forms do, in the user's date format
            # and time zone
            "expiration_date": fields.Datetime.to_string(lot.expiration_date),
            "production_date": fields.Date.to_string(lot.production_date),
            "expired": bool(lot.expiration_date and lot.expiration_date < fields.Datetime.now()),
            "on_hand": on_hand,
            # the lots the user may read, from the walks above (not a walk each way more)
            "upstream_count": len(upstream),
            "downstream_count": len(impact["lots"] - lot),
            "made_from": [self._prepare_lot_summary(parent, status_labels) for parent in parents],
            "ingredients_on_hold": [
                self._prepare_lot_summary(ingredient, status_labels)
                for ingredient in upstream.filtered(lambda up: up.trace_status != "available")
            ],
            "customers": customers.mapped("display_name"),
            "open_recalls": [
                {"id": recall.id, "name": recall.name} for recall in lot.open_recall_ids
            ],
            "can_split": lot.product_id.tracking == "lot" and bool(on_hand),
            "actions": self._get_card_actions(lot, on_hand),
        }

    @api.model
    def _get_card_actions(self, lot, on_hand):
        """The buttons the card offers for ``lot``: only what can be done in its status
        (a lot on hold or recalled is neither split, put on hold again nor built)."""
        actions = ["print_label"]
        if lot.trace_status == "available":
            if lot.product_id.tracking == "lot" and on_hand:
                actions.append("split")
            actions += ["hold", "build"]
        return [*actions, "open"]

    @api.model
    def _prepare_lot_summary(self, lot, status_labels):
        return {
            "id": lot.id,
            "name": lot.name,
            "product": lot.product_id.display_name,
            "status": lot.trace_status,
            "status_label": status_labels[lot.trace_status],
        }

    @api.model
    def action_from_card(self, lot_id, action):
        """The window action behind a button of the lot card: ``print_label``, ``split``,
        ``hold``, ``build`` or ``open``. A lot that does not exist and a lot the user may
        not read get the same answer: the id tells nothing."""
        self._check_scanner_access()
        if isinstance(lot_id, bool) or not isinstance(lot_id, int):
            raise UserError(self.env._("This lot no longer exists; scan it again."))
        lot = self.env["stock.lot"].browse(lot_id).exists()._filtered_access("read")
        if not lot:
            raise UserError(self.env._("This lot no longer exists; scan it again."))
        if action in ("split", "build"):
            lot._check_trace_status_available(
                self.env._("split") if action == "split" else self.env._("used in a build")
            )
        if action == "hold" and lot.trace_status != "available":
            raise UserError(
                self.env._(
                    "Lot %(lot)s is already on hold (%(status)s): change its hold from the lot "
                    "form.",
                    lot=lot.name,
                    status=dict(lot._fields["trace_status"]._description_selection(self.env))[
                        lot.trace_status
                    ],
                )
            )
        if action == "split":
            return lot.action_open_split_wizard()
        if action == "hold":
            hold = self.env["ir.actions.act_window"]._for_xml_id(
                "lot_traceability.stock_lot_hold_action"
            )
            hold["context"] = {"active_model": "stock.lot", "active_ids": lot.ids}
            return hold
        if action == "build":
            build = self.env["ir.actions.act_window"]._for_xml_id("lot_traceability.build_action")
            build["context"] = {"default_scan_code": lot.name}
            return build
        if action == "print_label":
            return lot._action_print_traceability_labels("label")
        if action == "open":
            return {
                "type": "ir.actions.act_window",
                "res_model": "stock.lot",
                "res_id": lot.id,
                "views": [(False, "form")],
            }
        raise UserError(self.env._("Unknown scanner action %(action)s.", action=action))
