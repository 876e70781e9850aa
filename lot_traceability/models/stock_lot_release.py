# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Release on receipt (positive release): lots of a product or category marked *Quarantine on
Receipt* enter in quarantine, "awaiting release", until a Traceability manager records their
inspection (``stock.lot.inspection``): pass releases them, fail blocks them and offers their
return to the supplier."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    awaiting_release_since = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the lot was received in quarantine, awaiting its release inspection.",
    )
    inspection_ids = fields.One2many(
        "stock.lot.inspection",
        "lot_id",
        string="Inspections",
        groups="lot_traceability.group_traceability_user",
    )

    def _check_release_inspection(self):
        """A lot awaiting release becomes available only through a passed inspection
        recorded since it was received (Inspect & Release), on every write path."""
        for lot in self.filtered("awaiting_release_since"):
            passed = lot.inspection_ids.filtered(
                lambda inspection, lot=lot: inspection.result == "pass"
                and inspection.date >= lot.awaiting_release_since
            )
            if not passed:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s of %(product)s awaits its release inspection: record it"
                        " with Inspect & Release.",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                    )
                )

    def _quarantine_on_receipt(self):
        """Put the lots of self, just received from a supplier, in quarantine awaiting
        release when their product (or its category) asks for it. Lots on hold (a lot
        already awaiting release included) keep their status and reason."""
        templates = self.product_id.product_tmpl_id
        flagged = templates.filtered(lambda template: template._is_quarantined_on_receipt())
        lots = self.filtered(
            lambda lot: lot.trace_status == "available"
            and lot.product_id.product_tmpl_id in flagged
        )
        if not lots:
            return lots
        # the receiving user need not be a Traceability user: the system holds the lots
        lots.sudo().write(
            {
                "trace_status": "quarantine",
                "trace_status_reason": self.env._("Awaiting release"),
                "awaiting_release_since": fields.Datetime.now(),
            }
        )
        return lots

    def _check_can_inspect(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Traceability managers can release a lot received in quarantine: %(lots)s",
                    lots=", ".join(self.mapped("display_name")),
                )
            )

    @api.model
    def _get_release_inspection_refusal(self, lot):
        if not lot.awaiting_release_since:
            return self.env._(
                "Lot %(lot)s of %(product)s is not awaiting release.",
                lot=lot.name,
                product=lot.product_id.display_name,
            )
        return False

    def _record_inspection(self, result, notes=False, attachments=None):
        """Record the release inspection of the lot: pass makes it available, fail blocks it.
        Returns the ``stock.lot.inspection``. Managers only; the lot must await release."""
        self.ensure_one()
        self._check_can_inspect()
        refusal = self._get_release_inspection_refusal(self)
        if refusal:
            raise UserError(refusal)
        if result not in ("pass", "fail"):
            raise UserError(self.env._("An inspection passes or fails, not %(r)s.", r=result))
        inspection = self.env["stock.lot.inspection"].create(
            {
                "lot_id": self.id,
                "result": result,
                "notes": notes,
                "attachment_ids": [fields.Command.set(attachments.ids if attachments else [])],
            }
        )
        if result == "pass":
            self.write({"trace_status": "available", "trace_status_reason": False})
        else:
            self.write(
                {
                    "trace_status": "blocked",
                    "trace_status_reason": self.env._(
                        "Failed release inspection%(notes)s",
                        notes=f": {notes}" if notes else "",
                    ),
                }
            )
            self._unreserve_refused_operations()
        self.write({"awaiting_release_since": False})
        self.message_post(
            body=self.env._(
                "Release inspection: %(result)s%(notes)s",
                result=dict(inspection._fields["result"]._description_selection(self.env))[result],
                notes=f" ({notes})" if notes else "",
            ),
            attachment_ids=inspection.attachment_ids.ids,
        )
        return inspection

    def action_open_release_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Inspect & Release"),
            "res_model": "stock.lot.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_id": self.id},
        }

    def _get_supplier_receipt_lines(self):
        """The done lines that received this lot from a supplier, latest first."""
        self.ensure_one()
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.id),
                ("state", "=", "done"),
                ("location_id.usage", "=", "supplier"),
            ],
            order="date desc, id desc",
        )

    def action_return_to_supplier(self):
        """One click: a return to the supplier of the lot's on-hand stock (every internal
        location), reserved on this lot and ready to validate; opens it. For a blocked lot
        (a failed inspection), by Traceability managers."""
        self.ensure_one()
        self._check_can_inspect()
        if self.trace_status != "blocked":
            raise UserError(
                self.env._(
                    "Only a blocked lot is returned to its supplier from here; %(lot)s is not.",
                    lot=self.name,
                )
            )
        receipt_line = self._get_supplier_receipt_lines()[:1]
        supplier = self.supplier_id or receipt_line.picking_id.partner_id.commercial_partner_id
        if not receipt_line or not supplier:
            raise UserError(
                self.env._(
                    "Lot %(lot)s was not received from a supplier: there is no one to return it"
                    " to.",
                    lot=self.name,
                )
            )
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.id),
                ("location_id.usage", "=", "internal"),
                ("quantity", ">", 0),
            ]
        )
        quantity = sum(quants.mapped("quantity")) - sum(quants.mapped("reserved_quantity"))
        if not quants or quantity <= 0:
            raise UserError(
                self.env._("Lot %(lot)s has no free stock left to return.", lot=self.name)
            )
        picking = self.env["stock.picking"].create(
            self._prepare_supplier_return_picking_vals(receipt_line, supplier, quants)
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        for quant in quants:
            free = quant.quantity - quant.reserved_quantity
            if free > 0:
                self.env["stock.move.line"].create(
                    {
                        "move_id": picking.move_ids.id,
                        "picking_id": picking.id,
                        "product_id": self.product_id.id,
                        "lot_id": self.id,
                        "location_id": quant.location_id.id,
                        "location_dest_id": picking.location_dest_id.id,
                        "quantity": free,
                        "product_uom_id": self.product_id.uom_id.id,
                    }
                )
        self.inspection_ids.filtered(lambda i: i.result == "fail")[:1].sudo().write(
            {"return_picking_id": picking.id}
        )
        self.message_post(
            body=self.env._(
                "Return to supplier %(supplier)s prepared: %(picking)s",
                supplier=supplier.display_name,
                picking=picking.name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "views": [(False, "form")],
        }

    def _prepare_supplier_return_picking_vals(self, receipt_line, supplier, quants):
        self.ensure_one()
        receipt_type = (
            receipt_line.move_id.picking_type_id or receipt_line.picking_id.picking_type_id
        )
        warehouse = quants[:1].location_id.warehouse_id
        picking_type = receipt_type.return_picking_type_id or warehouse.out_type_id
        source = warehouse.lot_stock_id if len(quants.location_id) > 1 else quants.location_id
        quantity = sum(quant.quantity - quant.reserved_quantity for quant in quants)
        return {
            "picking_type_id": picking_type.id,
            "partner_id": supplier.id,
            "location_id": source.id,
            "location_dest_id": receipt_line.location_id.id,
            "origin": self.env._("Return of %(lot)s", lot=self.name),
            "company_id": self.company_id.id or self.env.company.id,
            "move_ids": [
                fields.Command.create(
                    {
                        "name": self.product_id.display_name,
                        "product_id": self.product_id.id,
                        "product_uom": self.product_id.uom_id.id,
                        "product_uom_qty": quantity,
                        "location_id": source.id,
                        "location_dest_id": receipt_line.location_id.id,
                        "company_id": self.company_id.id or self.env.company.id,
                    }
                )
            ],
        }
