# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from functools import lru_cache

from odoo import api, models
from odoo.tools import SQL, float_round

from ..models.stock_lot_recall_lot import MASS_BALANCE_FIELDS
from ..orm_bypass.switch import orm_only
from ..tools.xlsx_writer import XlsxWriter

#: Delivery rows fetched from the database at a time by the export's cursor.
DELIVERY_BATCH = 2000


class RecallXlsx(models.AbstractModel):
    """The XLSX export of a recall: sheets Summary, Lots, Customers, On Hand, Unaccounted,
    Suppliers.

    Written by ``tools/xlsx_writer.py``: names and reasons stay text (never a formula),
    quantities are numbers, dates are dates, every table has a frozen header row and a
    filter.

    A hub's recall has up to 250,000 delivery rows: they are read by a database cursor
    (``DECLARE … CURSOR`` / ``FETCH``, :data:`DELIVERY_BATCH` rows at a time, the names of
    their products and addresses read once each) and, above the recall's list limit
    (``lot_traceability.recall_list_limit``), written by xlsxwriter in ``constant_memory``
    mode: memory does not grow with the rows. The cells are the ORM path's (the system
    parameter ``lot_traceability.orm_only`` runs it: every delivery read as a record)."""

    _name = "report.lot_traceability.recall_xlsx"
    _description = "Recall XLSX Export"

    @api.model
    def _generate_xlsx(self, recall):
        """Return the bytes of the XLSX workbook of ``recall``."""
        stream = not orm_only(self.env)
        sections = (
            self.env["report.lot_traceability.report_recall"]
            .with_context(lot_traceability_raw_values=True)
            ._get_recall_sections(recall, deliveries="none" if stream else "list")
        )
        writer = XlsxWriter(self.env, constant_memory=recall.delivery_paged)
        _ = self.env._
        sheet = writer.add_sheet(self.env._("Summary"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 60)
        for row, (label, value) in enumerate(sections["summary"]):
            writer.write_cell(sheet, row, 0, label, "bold")
            writer.write_cell(sheet, row, 1, value)

        def unaccounted_format(_row, value):
            return "alert" if value else None

        lot_columns = [
            (self.env._("Depth"), "depth"),
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("From Suspect Lot"), "suspect_lot"),
            (self.env._("Status"), "status"),
            (self.env._("Received / Produced"), "qty_in"),
            (self.env._("Consumed"), "qty_consumed"),
            (self.env._("Delivered"), "qty_delivered"),
            (self.env._("Returned to Suppliers"), "qty_returned"),
            (self.env._("On Hand"), "qty_on_hand"),
            (self.env._("Scrapped"), "qty_scrapped"),
            (self.env._("Inventory Losses"), "qty_inventory_loss"),
            (self.env._("Unaccounted"), "qty_unaccounted", {"format": unaccounted_format}),
            (self.env._("Unit"), "uom"),
        ]
        writer.write_table(
            self.env._("Lots"),
            lot_columns,
            self._iter_lot_rows(recall) if stream else sections["lots"],
        )

        customer_columns = [
            (self.env._("Customer"), "customer"),
            (self.env._("Email"), "email"),
            (self.env._("Delivery Address"), "address"),
            (self.env._("Date"), "date"),
            (self.env._("Document"), "document"),
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("Quantity"), "quantity"),
            (self.env._("Unit"), "uom"),
            (self.env._("Notified On"), "notified"),
            (self.env._("Acknowledged On"), "acknowledged"),
        ]
        if stream:
            customer_rows = self._iter_delivery_rows(recall, sections["customers"])
        else:
            customer_rows = [
                dict(
                    delivery,
                    customer=customer["customer"],
                    email=customer["email"],
                    notified=customer["notified"],
                    acknowledged=customer["acknowledged"],
                )
                for customer in sections["customers"]
                for delivery in customer["deliveries"]
            ]
        writer.write_table(self.env._("Customers"), customer_columns, customer_rows)

        onhand_columns = [
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("Location"), "location"),
            (self.env._("Quantity"), "quantity"),
            (self.env._("Unit"), "uom"),
            (self.env._("Held"), "held"),
            (self.env._("Held On"), "held_date"),
        ]
        onhand_rows = (
            dict(row, held=self.env._("Yes") if row["held"] else self.env._("No"))
            for row in (self._iter_onhand_rows(recall) if stream else sections["on_hand"])
        )
        writer.write_table(self.env._("On Hand"), onhand_columns, onhand_rows)
        unaccounted_rows = (
            (row for row in self._iter_lot_rows(recall) if row["qty_unaccounted"])
            if stream
            else sections["unaccounted"]
        )
        writer.write_table(self.env._("Unaccounted"), lot_columns, unaccounted_rows)
        supplier_columns = [
            (self.env._("Supplier"), "supplier"),
            (self.env._("Email"), "email"),
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("Supplier Lot"), "supplier_lot"),
            (self.env._("Suspect Lot"), "suspect"),
            (self.env._("Received"), "quantity"),
            (self.env._("Unit"), "uom"),
            (self.env._("Date"), "date"),
            (self.env._("Receipt"), "document"),
            (self.env._("Notified On"), "notified"),
        ]
        supplier_rows = [
            dict(row, suspect=self.env._("Yes") if row["suspect"] else self.env._("No"))
            for row in sections["suppliers"]
        ]
        writer.write_table(self.env._("Suppliers"), supplier_columns, supplier_rows)
        return writer.close()

    @api.model
    def _iter_delivery_rows(self, recall, customers):
        """The rows of the Customers sheet, one per delivery line of ``recall``, in the ORM
        path's order (by customer, then date and line), read from the database
        :data:`DELIVERY_BATCH` at a time; ``customers``: the report's customers (in order).

        The values are the ORM path's: the lot's name, its product's display name and unit,
        the done line's transfer name and address (its transfer's partner, else its move's),
        date and quantity as the fields convert them."""
        Delivery = self.env["stock.lot.recall.delivery"]
        by_customer = {customer["id"]: customer for customer in customers}
        date_field = Delivery._fields["date"]
        # as the field rounds what it reads (``Float.convert_to_cache``), its digits read once
        digits = Delivery._fields["quantity"].get_digits(self.env)
        products, addresses = {}, {}
        query = SQL(
            """
                SELECT delivery.customer_id, delivery.date, delivery.quantity, lot.name,
                       lot.product_id, picking.name,
                       COALESCE(picking.partner_id, move.partner_id)
                  FROM %(table)s delivery
                  JOIN UNNEST(%(customers)s::integer[]) WITH ORDINALITY AS customer (id, seq)
                    ON customer.id = delivery.customer_id
                  LEFT JOIN stock_lot lot ON lot.id = delivery.lot_id
                  LEFT JOIN stock_move_line line ON line.id = delivery.move_line_id
                  LEFT JOIN stock_picking picking ON picking.id = line.picking_id
                  LEFT JOIN stock_move move ON move.id = line.move_id
                 WHERE delivery.recall_id = %(recall)s
                 ORDER BY customer.seq, delivery.date, delivery.id
                """,
            table=SQL.identifier(Delivery._table),
            customers=list(by_customer),
            recall=recall.id,
        )
        for batch in self._fetch_batches(query):
            self._read_names(
                products,
                "product.product",
                {row[4] for row in batch if row[4]},
                lambda product: (product.display_name, product.uom_id.name),
            )
            self._read_names(
                addresses,
                "res.partner",
                {row[6] for row in batch if row[6]},
                lambda partner: partner.display_name,
            )
            for customer_id, date, quantity, lot, product_id, picking, address in batch:
                customer = by_customer[customer_id]
                product, uom = products.get(product_id, (False, False))
                yield {
                    "customer": customer["customer"],
                    "email": customer["email"],
                    "address": addresses.get(address) or "",
                    "date": date_field.convert_to_cache(date, Delivery) or False,
                    "document": picking or "",
                    "lot": lot or False,
                    "product": product,
                    "quantity": self._round(quantity, digits),
                    "uom": uom,
                    "notified": customer["notified"],
                    "acknowledged": customer["acknowledged"],
                }

    @api.model
    def _read_names(self, cache, model_name, ids, read):
        """Fill ``cache`` (``{id: read(record)}``) with the records of ``ids`` not in it yet,
        read in one batch."""
        missing = [record_id for record_id in ids if record_id not in cache]
        for record in self.env[model_name].browse(missing):
            cache[record.id] = read(record)

    @api.model
    def _fetch_batches(self, query):
        """The rows of ``query`` in lists of :data:`DELIVERY_BATCH`, read through a database
        cursor (``DECLARE`` / ``FETCH`` / ``CLOSE``, in the current transaction, after
        ``flush_all()``): the rows are never all in Python at once."""
        self.env.flush_all()
        cursor = SQL.identifier("lot_traceability_recall_xlsx")
        # every row is read: planned for all of them, not for the first 10% (PostgreSQL's
        # default for a cursor; 3x slower measured on a hub's deliveries), for this cursor only
        [(previous,)] = self.env.execute_query(
            SQL("SELECT current_setting('cursor_tuple_fraction')")
        )
        self.env.execute_query(SQL("SELECT set_config('cursor_tuple_fraction', '1', true)"))
        self.env.execute_query(
            SQL("DECLARE %(cursor)s NO SCROLL CURSOR FOR %(query)s", cursor=cursor, query=query)
        )
        self.env.execute_query(
            SQL("SELECT set_config('cursor_tuple_fraction', %(previous)s, true)", previous=previous)
        )
        try:
            while True:
                batch = self.env.execute_query(
                    SQL("FETCH %(count)s FROM %(cursor)s", count=DELIVERY_BATCH, cursor=cursor)
                )
                if not batch:
                    break
                yield batch
        finally:
            self.env.execute_query(SQL("CLOSE %(cursor)s", cursor=cursor))

    @api.model
    def _iter_lot_rows(self, recall):
        """The rows of the Lots sheet (the recall's affected lots, by depth then line), read
        :data:`DELIVERY_BATCH` at a time; the ORM path's values."""
        Line = self.env["stock.lot.recall.lot"]
        status = dict(
            self.env["stock.lot"]._fields["trace_status"]._description_selection(self.env)
        )
        digits = Line._fields["qty_in"].get_digits(self.env)
        quantities = list(MASS_BALANCE_FIELDS)
        products = {}
        query = SQL(
            """
            SELECT line.depth, lot.name, lot.product_id, suspect.name, lot.trace_status,
                   %(quantities)s
              FROM %(table)s line
              LEFT JOIN stock_lot lot ON lot.id = line.lot_id
              LEFT JOIN stock_lot suspect ON suspect.id = line.suspect_lot_id
             WHERE line.recall_id = %(recall)s
             ORDER BY line.depth, line.id
            """,
            quantities=SQL(", ").join(SQL.identifier("line", name) for name in quantities),
            table=SQL.identifier(Line._table),
            recall=recall.id,
        )
        for batch in self._fetch_batches(query):
            self._read_names(
                products,
                "product.product",
                {row[2] for row in batch if row[2]},
                lambda product: (product.display_name, product.uom_id.name),
            )
            for depth, lot, product_id, suspect, trace_status, *values in batch:
                product, uom = products.get(product_id, (False, False))
                yield {
                    "depth": depth or 0,
                    "lot": lot or False,
                    "product": product,
                    "suspect_lot": suspect or "",
                    "status": status.get(trace_status, ""),
                    **{
                        name: self._round(value, digits)
                        for name, value in zip(quantities, values, strict=True)
                    },
                    "uom": uom,
                }

    @api.model
    def _iter_onhand_rows(self, recall):
        """The rows of the On Hand sheet (by lot, then line), read :data:`DELIVERY_BATCH` at
        a time; the ORM path's values (``held`` as ``stock.lot.recall.onhand.held``)."""
        Onhand = self.env["stock.lot.recall.onhand"]
        digits = Onhand._fields["quantity"].get_digits(self.env)
        held_field = Onhand._fields["held_date"]
        products, locations = {}, {}
        query = SQL(
            """
            SELECT lot.name, lot.product_id, line.location_id, line.quantity, line.held_date,
                   lot.trace_status
              FROM %(table)s line
              LEFT JOIN stock_lot lot ON lot.id = line.lot_id
             WHERE line.recall_id = %(recall)s
             ORDER BY lot.name, lot.id, line.id
            """,
            table=SQL.identifier(Onhand._table),
            recall=recall.id,
        )
        for batch in self._fetch_batches(query):
            self._read_names(
                products,
                "product.product",
                {row[1] for row in batch if row[1]},
                lambda product: (product.display_name, product.uom_id.name),
            )
            self._read_names(
                locations,
                "stock.location",
                {row[2] for row in batch if row[2]},
                lambda location: location.display_name,
            )
            for lot, product_id, location_id, quantity, held_date, trace_status in batch:
                product, uom = products.get(product_id, (False, False))
                yield {
                    "lot": lot or False,
                    "product": product,
                    "location": locations.get(location_id, False),
                    "quantity": self._round(quantity, digits),
                    "uom": uom,
                    "held": bool(held_date) and (recall.is_exercise or trace_status != "available"),
                    "held_date": held_field.convert_to_cache(held_date, Onhand) or False,
                }

    @api.model
    def _round(self, value, digits):
        """``value`` as a Float field with ``digits`` reads it (``Float.convert_to_cache``)."""
        value = float(value or 0.0)  # never -0.0: the cache below cannot tell it from 0.0
        return _float_round(value, digits[1]) if digits else value


@lru_cache(maxsize=65536)
def _float_round(value, precision_digits):
    """``float_round`` of ``value``, remembered: a hub's workbook rounds 3 million quantities,
    most of them the same few values (zeros of the mass balance, usual delivered quantities)."""
    return float_round(value, precision_digits=precision_digits)
