# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL, float_round

from ..models.stock_lot_recall_lot import MASS_BALANCE_FIELDS


class ReportRecall(models.AbstractModel):
    """Values of the recall report (PDF), also used by the XLSX export."""

    _name = "report.lot_traceability.report_recall"
    _description = "Recall Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        recalls = self.env["stock.lot.recall"].browse(docids)
        recalls._check_affected_set_ready(self.env._("printing it"))
        return {
            "doc_ids": recalls.ids,
            "doc_model": "stock.lot.recall",
            "docs": recalls,
            "sections": {recall.id: self._get_recall_sections(recall) for recall in recalls},
            "printed_on": self.env["ir.actions.report"]._get_print_date(),
        }

    @api.model
    def _get_recall_sections(self, recall, deliveries="auto"):
        """The report's content for one recall, as plain values (shared by PDF and XLSX).

        ``deliveries``: ``"list"``: each customer's deliveries one by one; ``"summary"``: by
        product (``_get_delivery_summary``), the delivery lines not read; ``"none"``: neither,
        nor the lots and on-hand lines (the XLSX export streams them); ``"auto"``: the
        summary above the recall's list limit (``lot_traceability.recall_list_limit``), else
        the list. With ``"summary"``, the affected lots and the on-hand quantities above the
        limit are summarized too, by product (and location)."""
        if deliveries == "auto":
            deliveries = "summary" if recall.delivery_paged else "list"
        summarize_lots = deliveries == "summary" and recall.affected_lot_paged
        summarize_on_hand = deliveries == "summary" and recall.onhand_paged
        # "none": the XLSX export streams the lots and on-hand lines too
        skip_lots = summarize_lots or deliveries == "none"
        skip_on_hand = summarize_on_hand or deliveries == "none"
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
        lots = (
            []
            if skip_lots
            else [
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
        )
        # the customers' net quantities rolled up by PostgreSQL when their deliveries are not
        # listed (a hub: not read one by one through their customers)
        delivery_summary = (
            self._get_delivery_summary(recall) if deliveries in ("summary", "none") else {}
        )
        customers = [
            {
                "id": customer.id,
                "customer": customer.display_name,
                "email": customer.email or "",
                "addresses": ", ".join(customer.address_ids.mapped("display_name")),
                "quantity": (
                    self._format_summary_quantities(delivery_summary.get(customer.id, []))
                    if deliveries != "list"
                    else customer.quantity_summary or ""
                ),
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
                    for delivery in (customer.delivery_ids if deliveries == "list" else [])
                ],
                "products": delivery_summary.get(customer.id, []),
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
            for onhand in (recall.onhand_ids if not skip_on_hand else [])
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
            # above the list limit (PDF): the counts and roll-ups instead of every line
            "deliveries_summarized": deliveries == "summary",
            "lots_summarized": summarize_lots,
            "lot_summary": self._get_lot_summary(recall) if summarize_lots else [],
            "on_hand_summarized": summarize_on_hand,
            "on_hand_summary": self._get_on_hand_summary(recall) if summarize_on_hand else [],
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
    def _get_delivery_summary(self, recall):
        """``{recall customer id: [{product, deliveries, lots, quantity, uom}]}``: the recall's
        delivery lines rolled up by customer and product by PostgreSQL (net of returns, in the
        product's unit), products by name."""
        Delivery = self.env["stock.lot.recall.delivery"]
        Delivery.flush_model()
        self.env["stock.lot"].flush_model(["product_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT delivery.customer_id, lot.product_id, COUNT(*),
                       COUNT(DISTINCT delivery.lot_id), SUM(delivery.quantity)::float8
                  FROM %(table)s delivery
                  JOIN stock_lot lot ON lot.id = delivery.lot_id
                 WHERE delivery.recall_id = %(recall)s
                 GROUP BY delivery.customer_id, lot.product_id
                """,
                table=SQL.identifier(Delivery._table),
                recall=recall.id,
            )
        )
        products = self.env["product.product"].browse({row[1] for row in rows})
        summary = {}
        for customer_id, product_id, deliveries, lots, quantity in rows:
            product = products.browse(product_id)
            summary.setdefault(customer_id, []).append(
                {
                    "product": product.display_name,
                    "deliveries": deliveries,
                    "lots": lots,
                    "quantity": quantity,
                    "uom": product.uom_id.name,
                    "uom_id": product.uom_id,
                }
            )
        for lines in summary.values():
            lines.sort(key=lambda line: line["product"])
        return summary

    @api.model
    def _format_summary_quantities(self, lines):
        """'12 Units, 3.5 kg': the net quantities of ``lines`` (``_get_delivery_summary``) per
        unit, as a customer's ``quantity_summary``."""
        totals = {}
        for line in lines:
            totals[line["uom_id"]] = totals.get(line["uom_id"], 0.0) + line["quantity"]
        return ", ".join(
            f"{float_round(qty, precision_rounding=uom.rounding or 0.01):g} {uom.name}"
            for uom, qty in totals.items()
        )

    @api.model
    def _get_lot_summary(self, recall):
        """The recall's affected lots by product: number of lots and their mass balance."""
        fields_sum = list(MASS_BALANCE_FIELDS)
        groups = self.env["stock.lot.recall.lot"]._read_group(
            [("recall_id", "=", recall.id)],
            ["product_id"],
            ["__count", *(f"{name}:sum" for name in fields_sum)],
        )
        return sorted(
            (
                {
                    "product": product.display_name,
                    "lots": count,
                    **dict(zip(fields_sum, sums, strict=True)),
                    "uom": product.uom_id.name,
                }
                for product, count, *sums in groups
            ),
            key=lambda line: line["product"],
        )

    @api.model
    def _get_on_hand_summary(self, recall):
        """The recall's on-hand quantities by product and location: lots, quantity, how many
        held."""
        Onhand = self.env["stock.lot.recall.onhand"]
        groups = Onhand._read_group(
            [("recall_id", "=", recall.id)],
            ["product_id", "location_id"],
            ["__count", "quantity:sum"],
        )
        held_domain = [("recall_id", "=", recall.id), ("held_date", "!=", False)]
        if not recall.is_exercise:
            held_domain.append(("lot_id.trace_status", "!=", "available"))
        held = {
            (product, location): count
            for product, location, count in Onhand._read_group(
                held_domain, ["product_id", "location_id"], ["__count"]
            )
        }
        return sorted(
            (
                {
                    "product": product.display_name,
                    "location": location.display_name,
                    "lots": count,
                    "quantity": quantity,
                    "uom": product.uom_id.name,
                    "held": held.get((product, location), 0),
                }
                for product, location, count, quantity in groups
            ),
            key=lambda line: (line["product"], line["location"]),
        )

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
