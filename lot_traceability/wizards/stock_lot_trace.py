# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models

from ..orm_bypass.sql_create import sql_create
from ..tools.xlsx_writer import XlsxWriter

INDENT = "\u00a0\u00a0\u00a0\u00a0"


class StockLotTrace(models.TransientModel):
    """The trace screen: a lot, what it was made of (upstream) and what it became, where it is
    and who received it (downstream), as one indented, fully expanded tree."""

    _name = "stock.lot.trace"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Lot Trace"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", required=True)
    product_id = fields.Many2one(related="lot_id.product_id")
    direction = fields.Selection(
        [("both", "Both Ways"), ("upstream", "Upstream"), ("downstream", "Downstream")],
        required=True,
        default="both",
    )
    max_lines = fields.Integer(default=2000, help="Lines shown on screen; the export has all.")
    line_ids = fields.One2many("stock.lot.trace.line", "trace_id", string="Trace", readonly=True)
    upstream_count = fields.Integer(readonly=True)
    downstream_count = fields.Integer(readonly=True)
    delivery_count = fields.Integer(readonly=True)
    customer_count = fields.Integer(readonly=True)
    to_stop_count = fields.Integer(readonly=True)
    truncated_note = fields.Char(readonly=True)

    @api.depends("lot_id")
    def _compute_display_name(self):
        for trace in self:
            trace.display_name = self.env._("Trace of %(lot)s", lot=trace.lot_id.display_name or "")

    @api.model
    def _action_open_trace(self, lot, direction="both"):
        trace = self.create({"lot_id": lot.id, "direction": direction})
        trace.action_refresh()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Trace of %(lot)s", lot=lot.display_name),
            "res_model": self._name,
            "res_id": trace.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_refresh(self):
        """Show the counts and the first ``max_lines`` lines of the trace: for a hub, without
        building the whole tree (``stock_lot_trace_page.py``)."""
        for trace in self:
            page = trace._get_screen_page()
            if page is None:
                rows = trace._get_trace_rows()
                shown = rows[: trace.max_lines] if trace.max_lines > 0 else rows
                counts, total = trace._count_rows(rows), len(rows)
            else:
                shown, counts, total = page
            trace.line_ids.unlink()
            trace._create_lines(shown)
            trace.write(
                {
                    **counts,
                    "truncated_note": len(shown) < total
                    and self.env._(
                        "Showing %(shown)s of %(total)s lines: export to Excel to see them all.",
                        shown=len(shown),
                        total=total,
                    ),
                }
            )
        return True

    def _create_lines(self, rows):
        """The lines of ``rows``, in their order: one INSERT (``orm_bypass/sql_create.py``:
        the ORM create of a screen's 2,000 lines took more than the trace itself), or the ORM
        create when it declines (system parameter ``lot_traceability.orm_only``)."""
        self.ensure_one()
        Line = self.env["stock.lot.trace.line"]
        vals_list = [
            dict(self._prepare_line_vals(seq, row), trace_id=self.id)
            for seq, row in enumerate(rows)
        ]
        if not vals_list:
            return Line
        lines = sql_create(Line, vals_list)
        return Line.create(vals_list) if lines is None else lines

    def _count_rows(self, rows):
        """The counts of the trace screen, from the whole trace's ``rows``."""
        lots = [row for row in rows if row["line_type"] == "lot"]
        deliveries = [row for row in rows if row["line_type"] in ("delivery", "return")]
        return {
            "upstream_count": len({r["lot_id"] for r in lots if r["direction"] == "upstream"}),
            "downstream_count": len({r["lot_id"] for r in lots if r["direction"] == "downstream"}),
            "delivery_count": len({r["picking_id"] for r in deliveries if r["picking_id"]}),
            "customer_count": len({r["commercial_partner_id"] for r in deliveries}),
            "to_stop_count": len([r for r in rows if r["line_type"] == "to_stop"]),
        }

    def _prepare_line_vals(self, sequence, row):
        vals = {key: row.get(key) for key in self.env["stock.lot.trace.line"]._get_row_fields()}
        vals["sequence"] = sequence
        return vals

    # ------------------------------------------------------------------
    # Building the tree
    # ------------------------------------------------------------------
    def _get_trace_rows(self):
        """The lines of the trace in display order: the lot, the tree of what it was made of
        (upstream), then the tree of what it became (downstream), each lot followed by its
        deliveries, customer returns and shipments to stop."""
        self.ensure_one()
        lot = self.lot_id
        # a trace is created with any lot id (RPC): nothing of a lot the user may not read
        lot.check_access("read")
        rows = [self._lot_row(lot, "start", 0, quantity=None)]
        if self.direction in ("both", "upstream"):
            links = lot._get_genealogy_links("upstream")
            rows += self._tree_rows(links, "upstream")[1:]
        if self.direction in ("both", "downstream"):
            # one walk: the tree's links and the deliveries and shipments of its lots
            impact = lot._get_downstream_impact(["deliveries", "shipments"], with_links=True)
            links = impact["links"]
            events = defaultdict(list)
            for line_type, records in (
                ("delivery", impact["deliveries"]),
                ("to_stop", impact["shipments"]),
            ):
                for record in sorted(records, key=lambda r: (r["date"], r["move_line_id"])):
                    events[record["lot_id"]].append((line_type, record))
            # the first row is the traced lot itself, already there: keep what follows it
            rows += self._tree_rows(links, "downstream", events)[1:]
        self._add_on_hand(rows)
        return rows

    def _tree_rows(self, links, direction, events=None):
        """Depth-first rows of the tree from the start lot; a lot reached again through
        another parent is shown again but not expanded twice."""
        children = defaultdict(list)
        root_id = None
        for link in links:
            if link["depth"] == 0:
                root_id = link["lot_id"]
            else:
                children[link["parent_lot_id"]].append(link)
        lots = self.env["stock.lot"].browse({link["lot_id"] for link in links})
        lots_by_id = {lot.id: lot for lot in lots}
        documents = self._get_documents(links)
        rows = []
        expanded = set()

        def visit(lot_id, link, depth):
            lot = lots_by_id[lot_id]
            row = self._lot_row(lot, direction, depth, link=link, documents=documents)
            rows.append(row)
            if lot_id in expanded:
                row["name"] += self.env._(" (see above)")
                return
            expanded.add(lot_id)
            if events:
                rows.extend(
                    self._event_row(line_type, record, depth + 1)
                    for line_type, record in events.get(lot_id, [])
                )
            for child in children.get(lot_id, []):
                visit(child["lot_id"], child, depth + 1)

        if root_id is not None:
            visit(root_id, None, 0)
        return rows

    def _lot_row(self, lot, direction, depth, link=None, quantity=False, documents=None):
        """``documents``: the result of ``_get_documents`` for the links of the tree (else
        the document of ``link`` is read on its own)."""
        arrow = {"upstream": "↑", "downstream": "↓"}.get(direction, "")
        key = (link and link["res_model"], link and link["res_id"])
        if documents is None:
            document = self._get_document(*key)
        else:
            document = documents.get(key, (False, False, False))
        return {
            "direction": direction,
            "depth": depth,
            "level": f"{arrow}{depth}" if depth else "0",
            "line_type": "lot",
            "name": INDENT * depth + (("└ " if depth else "") + lot.name),
            "lot_id": lot.id,
            "product_id": lot.product_id.id,
            "quantity": link["quantity"] if link else quantity,
            "uom_id": lot.product_id.uom_id.id,
            "date": link["date"] if link else lot.create_date,
            "link_type": link and link["link_type"],
            "res_model": document[0],
            "res_id": document[1],
            "document": document[2],
            "partner_id": False,
            "commercial_partner_id": False,
            "picking_id": False,
        }

    def _event_row(self, line_type, record, depth, prefetch=None):
        """``prefetch``: ``{model: ids}`` read together with this row's records."""
        if line_type == "delivery" and record["quantity"] < 0:
            line_type = "return"
        picking = self.env["stock.picking"].browse(record["picking_id"])
        partner = self.env["res.partner"].browse(record["partner_id"])
        lot = self.env["stock.lot"].browse(record["lot_id"])
        if prefetch:
            picking = picking.with_prefetch(prefetch["stock.picking"])
            partner = partner.with_prefetch(prefetch["res.partner"])
            lot = lot.with_prefetch(prefetch["stock.lot"])
        label = {
            "delivery": self.env._("Delivered to"),
            "return": self.env._("Returned by"),
            "to_stop": self.env._("To stop:"),
        }[line_type]
        return {
            "direction": "downstream",
            "depth": depth,
            "level": f"↓{depth}",
            "line_type": line_type,
            "name": INDENT * depth + f"→ {label} {partner.display_name or ''}",
            "lot_id": lot.id,
            "product_id": lot.product_id.id,
            "quantity": record["quantity"],
            "uom_id": record["uom_id"],
            "date": record["date"],
            "link_type": False,
            "res_model": picking and "stock.picking",
            "res_id": picking.id,
            "document": picking.name or "",
            "partner_id": partner.id,
            "commercial_partner_id": record["commercial_partner_id"],
            "picking_id": picking.id,
        }

    def _get_documents(self, links):
        """``{(res_model, res_id): (res_model, res_id, display name)}`` of the documents of
        ``links`` that exist and the user may read: one check per model, not per link."""
        ids_by_model = defaultdict(set)
        for link in links:
            if link["res_model"] and link["res_id"]:
                ids_by_model[link["res_model"]].add(link["res_id"])
        documents = {}
        for res_model, ids in ids_by_model.items():
            records = self.env[res_model].browse(sorted(ids)).exists()
            for record in records._filtered_access("read"):
                documents[res_model, record.id] = (res_model, record.id, record.display_name)
        return documents

    def _get_document(self, res_model, res_id):
        if not res_model or not res_id:
            return False, False, False
        record = self.env[res_model].browse(res_id).exists()
        if not record or not record.has_access("read"):
            return False, False, False
        return res_model, res_id, record.display_name

    def _add_on_hand(self, rows):
        lot_ids = {row["lot_id"] for row in rows if row["line_type"] == "lot"}
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", list(lot_ids)), ("location_id.usage", "=", "internal")],
            ["lot_id"],
            ["quantity:sum"],
        )
        on_hand = {lot.id: quantity for lot, quantity in groups}
        for row in rows:
            row["on_hand"] = on_hand.get(row["lot_id"], 0.0) if row["line_type"] == "lot" else False
            if row["quantity"] is None:
                row["quantity"] = row["on_hand"]

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def action_export_xlsx(self):
        """Download the whole trace as XLSX from a read-only route (``controllers/
        trace_export.py``): nothing is written, a replica may answer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/lot_traceability/trace/{self.lot_id.id}/xlsx?direction={self.direction}",
            "target": "self",
        }

    def _get_xlsx_content(self):
        """The whole trace (not only the lines shown) as an XLSX workbook: one sheet named
        after the lot, the screen's columns and words, levels and quantities as numbers, dates
        as dates, a frozen header row with filters (``tools/xlsx_writer.py``)."""
        self.ensure_one()
        rows = self._get_trace_rows()
        Line = self.env["stock.lot.trace.line"]

        def label(field_name):
            return Line._fields[field_name]._description_string(self.env)

        def names(model, field_name, key="display_name"):
            records = self.env[model].browse({r[field_name] for r in rows if r[field_name]})
            return {record.id: record[key] for record in records}

        products = names("product.product", "product_id")
        uoms = names("uom.uom", "uom_id", "name")
        partners = names("res.partner", "partner_id")
        customers = names("res.partner", "commercial_partner_id")
        directions = dict(Line._fields["direction"]._description_selection(self.env))
        link_types = dict(Line._fields["link_type"]._description_selection(self.env))
        table = [
            {
                "direction": directions.get(row["direction"], ""),
                "depth": row["depth"],
                "name": row["name"].replace("\u00a0", " "),
                "product": products.get(row["product_id"], ""),
                "quantity": row["quantity"],
                "uom": uoms.get(row["uom_id"], ""),
                "on_hand": row["on_hand"] if row["line_type"] == "lot" else False,
                "date": row["date"],
                "link_type": link_types.get(row["link_type"], ""),
                "document": row["document"] or "",
                "customer": customers.get(row["commercial_partner_id"], ""),
                "address": partners.get(row["partner_id"], ""),
            }
            for row in rows
        ]
        columns = [
            (label("direction"), "direction", {"width": 12}),
            (label("level"), "depth", {"width": 8}),
            (label("name"), "name", {"width": 40}),
            (label("product_id"), "product", {"width": 30}),
            (label("quantity"), "quantity", {"width": 14}),
            (label("uom_id"), "uom", {"width": 10}),
            (label("on_hand"), "on_hand", {"width": 14}),
            (label("date"), "date", {"width": 18}),
            (label("link_type"), "link_type", {"width": 14}),
            (label("document"), "document", {"width": 18}),
            (label("commercial_partner_id"), "customer", {"width": 30}),
            (label("partner_id"), "address", {"width": 30}),
        ]
        writer = XlsxWriter(self.env)
        sheet = writer.write_table(self.lot_id.name, columns, table)
        for index, row in enumerate(rows, start=1):
            sheet.set_row(index, None, None, {"level": min(row["depth"], 7)})
        return writer.close()
