# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ReportRecall(models.AbstractModel):
    """Values of the recall report (PDF), also used by the XLSX export."""

    _name = "report.lot_traceability.report_recall"
    _description = "Recall Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        recalls = self.env["stock.lot.recall"].browse(docids)
        return {
            "doc_ids": recalls.ids,
            "doc_model": "stock.lot.recall",
            "docs": recalls,
            "sections": {recall.id: self._get_recall_sections(recall) for recall in recalls},
            "printed_on": self.env["ir.actions.report"]._get_print_date(),
        }

    @api.model
    def _get_recall_sections(self, recall):
        """The report's content for one recall, as plain values (shared by PDF and XLSX)."""
        selection = dict(recall._fields["classification"]._description_selection(self.env))
        states = dict(recall._fields["state"]._description_selection(self.env))
        summary = [
            (recall._fields["name"].get_description(self.env)["string"], recall.name),
            (recall._fields["state"].get_description(self.env)["string"], states[recall.state]),
            (
                recall._fields["classification"].get_description(self.env)["string"],
                selection[recall.classification],
            ),
            (recall._fields["reason"].get_description(self.env)["string"], recall.reason),
            (
                recall._fields["is_exercise"].get_description(self.env)["string"],
                self.env._("Yes") if recall.is_exercise else self.env._("No"),
            ),
            (
                recall._fields["responsible_id"].get_description(self.env)["string"],
                recall.responsible_id.name,
            ),
            (
                recall._fields["suspect_lot_ids"].get_description(self.env)["string"],
                ", ".join(recall.suspect_lot_ids.mapped("display_name")),
            ),
            (self.env._("Opened On"), self._format_datetime(recall.opened_date)),
            (self.env._("Affected Set Computed On"), self._format_datetime(recall.affected_date)),
            (self.env._("Stock Held On"), self._format_datetime(recall.held_date)),
            (
                self.env._("Report Completed On"),
                self._format_datetime(recall.report_completed_date),
            ),
            (
                self.env._("Time to Complete Report (hours)"),
                self._format_number(recall.report_duration, 2)
                if recall.report_completed_date
                else "",
            ),
            (
                self.env._("Suspect Quantity Accounted For (%)"),
                self._format_number(recall.accounted_share, 1) if recall.affected_date else "",
            ),
            (self.env._("Closed On"), self._format_datetime(recall.closed_date)),
            (self.env._("Affected Lots"), recall.affected_lot_count),
            (self.env._("Customers"), recall.customer_count),
            (self.env._("Customers Not Notified"), recall.customer_to_notify_count),
            (self.env._("Deliveries"), recall.delivery_count),
            (self.env._("On-Hand Quantities"), recall.onhand_count),
            (self.env._("On-Hand Quantities Not Held"), recall.onhand_to_hold_count),
            (self.env._("Shipments to Stop"), recall.shipment_count),
            (self.env._("Unaccounted"), recall.unaccounted_summary or self.env._("none")),
        ]
        status = dict(
            self.env["stock.lot"]._fields["trace_status"]._description_selection(self.env)
        )
        lots = [
            {
                "depth": line.depth,
                "lot": line.lot_id.name,
                "product": line.product_id.display_name,
                "suspect_lot": line.suspect_lot_id.name or "",
                "status": status.get(line.trace_status, ""),
                "qty_in": line.qty_in,
                "qty_consumed": line.qty_consumed,
                "qty_delivered": line.qty_delivered,
                "qty_returned": line.qty_returned,
                "qty_on_hand": line.qty_on_hand,
                "qty_scrapped": line.qty_scrapped,
                "qty_inventory_loss": line.qty_inventory_loss,
                "qty_unaccounted": line.qty_unaccounted,
                "uom": line.uom_id.name,
            }
            for line in recall.affected_lot_ids
        ]
        customers = [
            {
                "customer": customer.display_name,
                "email": customer.email or "",
                "addresses": ", ".join(customer.address_ids.mapped("display_name")),
                "quantity": customer.quantity_summary or "",
                "notified": self._format_datetime(customer.notified_date),
                "simulated": customer.notification_simulated,
                "acknowledged": self._format_datetime(customer.acknowledged_date),
                "deliveries": [
                    {
                        "address": delivery.address_id.display_name or "",
                        "date": self._format_datetime(delivery.date),
                        "document": delivery.picking_id.name or "",
                        "lot": delivery.lot_id.name,
                        "product": delivery.product_id.display_name,
                        "quantity": delivery.quantity,
                        "uom": delivery.uom_id.name,
                    }
                    for delivery in customer.delivery_ids
                ],
            }
            for customer in recall.customer_ids
        ]
        on_hand = [
            {
                "lot": onhand.lot_id.name,
                "product": onhand.product_id.display_name,
                "location": onhand.location_id.display_name,
                "quantity": onhand.quantity,
                "uom": onhand.uom_id.name,
                "held": onhand.held,
                "held_date": self._format_datetime(onhand.held_date),
            }
            for onhand in recall.onhand_ids
        ]
        shipments = [
            {
                "document": shipment.picking_id.name or "",
                "address": shipment.address_id.display_name or "",
                "date": self._format_datetime(shipment.date),
                "lot": shipment.lot_id.name,
                "product": shipment.product_id.display_name,
                "quantity": shipment.quantity,
                "uom": shipment.uom_id.name,
                "stopped": self._format_datetime(shipment.stopped_date),
            }
            for shipment in recall.shipment_ids
        ]
        return {
            "summary": summary,
            "lots": lots,
            "unaccounted": [lot for lot in lots if lot["qty_unaccounted"]],
            "customers": customers,
            "on_hand": on_hand,
            "shipments": shipments,
            # the supplier side, one step back
            "suppliers": [
                {
                    "supplier": receipt.partner_id.display_name or "",
                    "email": receipt.email or "",
                    "lot": receipt.lot_id.name,
                    "product": receipt.product_id.display_name,
                    "supplier_lot": receipt.supplier_lot_name or "",
                    "suspect": receipt.suspect,
                    "quantity": receipt.quantity,
                    "uom": receipt.uom_id.name,
                    "date": self._format_datetime(receipt.date),
                    "document": receipt.picking_id.name or "",
                    "notified": self._format_datetime(receipt.notified_date),
                }
                for receipt in recall.supplier_receipt_ids
            ],
        }

    @api.model
    def _format_number(self, value, digits):
        """Text for the PDF; the number itself for the XLSX export (context
        ``lot_traceability_raw_values``)."""
        if self.env.context.get("lot_traceability_raw_values"):
            return round(value, digits)
        return f"{value:.{digits}f}"

    @api.model
    def _format_datetime(self, value):
        """Text in the user's time zone for the PDF; the datetime itself (naive UTC, or
        False) for the XLSX export (context ``lot_traceability_raw_values``)."""
        if self.env.context.get("lot_traceability_raw_values"):
            return value or False
        if not value:
            return ""
        return fields.Datetime.to_string(
            fields.Datetime.context_timestamp(self.with_context(tz=self.env.user.tz), value)
        )[:16]
