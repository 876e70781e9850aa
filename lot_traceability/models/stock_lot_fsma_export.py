# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)) of lot events.

Columns are those of ``tools/fsma204_kde_columns.csv`` (the project's KDE table, with the CFR
section of each), a ``<role>_location`` column expanded to the location description of
§1.1310: ``<role>_business_name, _phone, _address, _city, _state, _postal_code, _country``,
plus ``<role>_gln``. Each row starts with ``cte``. One row per lot and event; a
transformation has one row per input lot and output lot of the document (§1.1350: inputs, and
the output's columns repeated). Hold, release and recall are not Critical Tracking Events:
they are in the EPCIS export, not here.

A KDE we do not have is never silently blank: the sheet *Missing KDEs* lists, per CTE, column
and record that lacks it (a contact without phone, a lot without supplier...), how many rows
it leaves blank and the first one — what an auditor will ask for.
"""

import csv
import io
from collections import OrderedDict
from pathlib import Path

from odoo import api, models

from ..tools.lot_event_resolver import LOCATION_PARTS, LotEventResolver
from ..tools.xlsx_writer import XlsxWriter

KDE_CSV = Path(__file__).parent.parent / "tools" / "fsma204_kde_columns.csv"
EXPORTED_CTES = ("receiving", "shipping", "transformation")
DATE_COLUMNS = {"receive_date", "ship_date", "transformation_date"}
QUANTITY_COLUMNS = {"quantity", "input_quantity"}


def _read_kde_table():
    """{cte: [(column, kde, cfr, condition)]} in the file's order."""
    table = OrderedDict()
    with KDE_CSV.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            table.setdefault(row["cte"], []).append(
                (row["column"], row["kde"], row["cfr_21"], row["condition"])
            )
    return table


KDE_TABLE = _read_kde_table()


def _expand(column):
    if column.endswith("_location"):
        role = column[: -len("_location")]
        return [f"{role}_{part}" for part in LOCATION_PARTS] + [f"{role}_gln"]
    return [column]


def sheet_columns(cte):
    """The spreadsheet columns of ``cte``: ``cte`` then the KDE columns, locations expanded."""
    columns = ["cte"]
    for column, *__ in KDE_TABLE[cte]:
        columns.extend(_expand(column))
    return columns


def csv_columns():
    """The CSV's columns: ``cte`` then every column of the exported CTEs, first seen first."""
    columns = []
    for cte in EXPORTED_CTES:
        columns.extend(column for column in sheet_columns(cte) if column not in columns)
    return columns


class StockLotFsmaExport(models.AbstractModel):
    _name = "stock.lot.fsma.export"
    _description = "FSMA 204 Sortable Spreadsheet"

    # ------------------------------------------------------------------
    # Rows
    # ------------------------------------------------------------------
    @api.model
    def _iter_kde_rows(self, condition, resolver, missing):
        """Yield ``(cte, row dict)`` for the events of ``condition`` (see
        ``stock.lot.event._get_scope_condition``); record the blank KDEs in ``missing``."""
        Event = self.env["stock.lot.event"]
        for groups in Event._iter_groups(condition):
            resolver.prefetch_lots(event["lot_id"] for __, events in groups for event in events)
            for cte, events in groups:
                if cte == "transformation":
                    rows = self._prepare_transformation_rows(events, resolver)
                elif cte in EXPORTED_CTES:
                    rows = [self._prepare_move_row(cte, events[0], resolver)]
                else:
                    continue
                for row, subjects in rows:
                    self._note_missing(cte, row, subjects, missing)
                    yield cte, row

    @api.model
    def _put_location(self, row, subjects, role, description):
        for part in LOCATION_PARTS:
            row[f"{role}_{part}"] = description[part] if description else ""
            subjects[f"{role}_{part}"] = description["subject"] if description else None
        row[f"{role}_gln"] = description["gln"] if description else ""
        if description and not description["state_expected"]:
            subjects[f"{role}_state"] = False  # no states in that country: not missing

    @api.model
    def _put_lot(self, row, subjects, prefix, lot_id, quantity, uom_id, resolver):
        lot = resolver.lot(lot_id)
        product = resolver.product(lot["product_id"])
        row[f"{prefix}traceability_lot_code"] = resolver.traceability_lot_code(lot_id)
        row[f"{prefix}product_description"] = product["name"]
        row[f"{prefix}quantity"] = quantity
        row[f"{prefix}unit_of_measure"] = resolver.uom(uom_id)["name"]
        subjects[f"{prefix}product_description"] = product["subject"]

    @api.model
    def _put_tlc_source(self, row, subjects, lot_id, resolver):
        description, reference = resolver.tlc_source(lot_id)
        self._put_location(row, subjects, "tlc_source", description)
        row["tlc_source_reference"] = reference
        lot_subject = self.env._("Lot %(lot)s", lot=resolver.lot(lot_id)["name"])
        if not description:
            for part in LOCATION_PARTS:
                subjects[f"tlc_source_{part}"] = lot_subject
        subjects["tlc_source_reference"] = lot_subject

    @api.model
    def _prepare_move_row(self, cte, event, resolver):
        """``(row, subjects)`` of a receiving or shipping event; ``subjects``: column -> the
        record to complete when the column is blank."""
        row, subjects = {"cte": cte}, {}
        self._put_lot(
            row, subjects, "", event["lot_id"], event["quantity"], event["uom_id"], resolver
        )
        ours = resolver.warehouse(event["warehouse_id"], event["company_id"])
        partner = resolver.partner(event["partner_id"]) if event["partner_id"] else None
        date = resolver.local_date(event["date"])
        if cte == "receiving":
            self._put_location(row, subjects, "previous_source", partner)
            self._put_location(row, subjects, "receiving", ours)
            row["receive_date"] = date
        else:
            self._put_location(row, subjects, "subsequent_recipient", partner)
            self._put_location(row, subjects, "ship_from", ours)
            row["ship_date"] = date
        if not partner:
            subject = self.env._("Transfer %(name)s (no partner)", name=event["reference"])
            role = "previous_source" if cte == "receiving" else "subsequent_recipient"
            subjects.update({f"{role}_{part}": subject for part in LOCATION_PARTS})
        self._put_tlc_source(row, subjects, event["lot_id"], resolver)
        doc_type, number = resolver.document(event)
        row["reference_document_type"], row["reference_document_number"] = doc_type, number
        return row, subjects

    @api.model
    def _prepare_transformation_rows(self, events, resolver):
        """Rows of one transformation document: one per (output lot, input lot), the output's
        columns repeated; quantities summed per lot and unit."""
        inputs, outputs = OrderedDict(), OrderedDict()
        for event in events:
            side = inputs if event["kind"] == "consumption" else outputs
            key = (event["lot_id"], event["uom_id"])
            side[key] = side.get(key, 0.0) + event["quantity"]
        last = max(events, key=lambda event: event["date"])
        doc_type, number = resolver.document(last)
        date = resolver.local_date(last["date"])
        place = resolver.warehouse(
            next((e["warehouse_id"] for e in events if e["warehouse_id"]), None),
            last["company_id"],
        )
        result = []
        for (lot_id, uom_id), quantity in outputs.items() or [((None, None), 0.0)]:
            base, base_subjects = {"cte": "transformation"}, {}
            if lot_id:
                self._put_lot(base, base_subjects, "", lot_id, quantity, uom_id, resolver)
            self._put_location(base, base_subjects, "tlc_source", place)
            base["tlc_source_reference"] = ""
            base_subjects["tlc_source_reference"] = False  # "if applicable"
            base["transformation_date"] = date
            base["reference_document_type"] = doc_type
            base["reference_document_number"] = number
            subject = self.env._("%(type)s %(number)s", type=doc_type, number=number)
            for (in_lot_id, in_uom_id), in_quantity in inputs.items() or [((None, None), 0.0)]:
                row, subjects = dict(base), dict(base_subjects)
                if in_lot_id:
                    self._put_lot(
                        row, subjects, "input_", in_lot_id, in_quantity, in_uom_id, resolver
                    )
                else:
                    subjects["input_traceability_lot_code"] = subject
                if not lot_id:
                    subjects["traceability_lot_code"] = subject
                result.append((row, subjects))
        return result

    @api.model
    def _note_missing(self, cte, row, subjects, missing):
        """Count the blank KDE columns of ``row`` in ``missing``: {(cte, column, subject):
        [count, first TLC, first date]}. Optional columns (GLN, "if applicable") and the
        TLC source location when the reference is given (and the other way round) are not
        missing."""
        tlc_pair = cte in ("receiving", "shipping")
        has_source = row.get("tlc_source_business_name") or row.get("tlc_source_reference")
        for column in sheet_columns(cte):
            if column == "cte" or column.endswith("_gln") or row.get(column) not in (None, ""):
                continue
            if tlc_pair and column.startswith("tlc_source_") and has_source:
                continue
            subject = subjects.get(column)
            if subject is False:
                continue
            date = row.get("receive_date") or row.get("ship_date") or row.get("transformation_date")
            entry = missing.setdefault(
                (cte, column, subject or ""), [0, row.get("traceability_lot_code"), date]
            )
            entry[0] += 1

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    @api.model
    def _get_glossary(self):
        """(column, KDE, 21 CFR, condition) of every exported column."""
        rows = []
        for cte in EXPORTED_CTES:
            for column, kde, cfr, condition in KDE_TABLE[cte]:
                for name in _expand(column):
                    rows.append({"cte": cte, "column": name, "kde": kde, "cfr": cfr,
                                 "condition": condition})  # fmt: skip
        return rows

    @api.model
    def _missing_rows(self, missing):
        glossary = {(row["cte"], row["column"]): row for row in self._get_glossary()}
        rows = []
        for (cte, column, subject), (count, tlc, date) in sorted(
            missing.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])
        ):
            entry = glossary.get((cte, column), {})
            rows.append(
                {
                    "cte": cte,
                    "column": column,
                    "kde": entry.get("kde", ""),
                    "cfr": entry.get("cfr", ""),
                    "complete_on": subject or self.env._("(unknown)"),
                    "rows": count,
                    "first_tlc": tlc or "",
                    "first_date": date,
                }
            )
        return rows

    @api.model
    def _export_xlsx(self, condition):
        """The spreadsheet of the events of ``condition``: one sheet per CTE (frozen header,
        autofilter, ISO dates), *Missing KDEs*, *Glossary*. Written in xlsxwriter's
        constant-memory mode: rows go to disk as they are written."""
        resolver = LotEventResolver(self.env)
        writer = XlsxWriter(self.env, constant_memory=True)
        writer.formats["date"] = writer.workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheets, next_row, missing = {}, {}, {}
        for cte in EXPORTED_CTES:
            sheet = writer.add_sheet(cte.capitalize())
            columns = sheet_columns(cte)
            for col, column in enumerate(columns):
                sheet.write_string(0, col, column, writer.formats["header"])
                sheet.set_column(col, col, max(12, len(column) + 2))
            sheet.freeze_panes(1, 0)
            sheets[cte], next_row[cte] = (sheet, columns), 1
        for cte, row in self._iter_kde_rows(condition, resolver, missing):
            sheet, columns = sheets[cte]
            index = next_row[cte]
            for col, column in enumerate(columns):
                value = row.get(column)
                if column in DATE_COLUMNS and value:
                    sheet.write_datetime(index, col, value, writer.formats["date"])
                else:
                    writer.write_cell(sheet, index, col, value)
            next_row[cte] = index + 1
        for cte, (sheet, columns) in sheets.items():
            sheet.autofilter(0, 0, max(next_row[cte] - 1, 1), len(columns) - 1)
        missing_columns = [
            (self.env._("CTE"), "cte"),
            (self.env._("Column"), "column"),
            (self.env._("Key Data Element"), "kde", {"width": 50}),
            (self.env._("21 CFR"), "cfr"),
            (self.env._("Complete On"), "complete_on", {"width": 40}),
            (self.env._("Rows Left Blank"), "rows"),
            (self.env._("First Traceability Lot Code"), "first_tlc", {"width": 30}),
            (self.env._("First Date"), "first_date", {"format": "date"}),
        ]
        writer.write_table(self.env._("Missing KDEs"), missing_columns, self._missing_rows(missing))
        glossary_columns = [
            (self.env._("CTE"), "cte"),
            (self.env._("Column"), "column"),
            (self.env._("Key Data Element"), "kde", {"width": 60}),
            (self.env._("21 CFR"), "cfr"),
            (self.env._("Condition"), "condition", {"width": 30}),
        ]
        writer.write_table(self.env._("Glossary"), glossary_columns, self._get_glossary())
        return writer.close(), missing

    @api.model
    def _export_csv(self, condition):
        """The same rows as one CSV (UTF-8, ISO dates): ``cte`` then every column."""
        resolver = LotEventResolver(self.env)
        columns = csv_columns()
        output = io.StringIO()
        writer = csv.DictWriter(output, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        missing = {}
        for __, row in self._iter_kde_rows(condition, resolver, missing):
            writer.writerow(
                {
                    key: value.isoformat() if key in DATE_COLUMNS and value else value
                    for key, value in row.items()
                }
            )
        return output.getvalue().encode("utf-8"), missing

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _lots_condition(self, lots):
        """The events of the whole chain of ``lots``: what they were made of, what was made of
        them (the genealogy engine, both directions)."""
        genealogy = self.env["stock.lot.genealogy"]
        chain = genealogy._get_lots(lots, "upstream") | genealogy._get_lots(lots, "downstream")
        return self.env["stock.lot.event"]._get_scope_condition(lots=chain)

    @api.model
    def _action_download(self, condition, name, record, file_format="xlsx"):
        """Create the file as an attachment of ``record`` (readable by whoever reads it) and
        return the action that downloads it."""
        if file_format == "csv":
            content, __ = self._export_csv(condition)
            mimetype, extension = "text/csv", "csv"
        else:
            content, __ = self._export_xlsx(condition)
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            extension = "xlsx"
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.{extension}",
                "raw": content,
                "mimetype": mimetype,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
