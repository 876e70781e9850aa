# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class BaseImport(models.TransientModel):
    """Two fixes of Odoo's import screen the lot import needs (they help every model):

    - a header holding a slash that is a field's label (``Lot/Serial Number``, the label of
      ``stock.lot.name``, also what Odoo's export writes) maps to that field: Odoo reads any
      slash as a path into a relation ("Lot" then "Serial Number") and maps nothing;
    - error messages give the row of the file (the header is row 1) instead of the index of
      the record among the imported rows (the second data row was "row 1").
    """

    _inherit = "base_import.import"

    def _get_mapping_suggestion(self, header, fields_tree, header_types, mapping_fields):
        if "/" in header and not mapping_fields.get(header.lower()):
            field = self._get_field_by_label(header, fields_tree)
            if field:
                return {"field_path": [field["name"]], "distance": 0}
        return super()._get_mapping_suggestion(header, fields_tree, header_types, mapping_fields)

    def _get_field_by_label(self, header, fields_tree):
        """The field of ``fields_tree`` whose label (the user's or the English one) is
        ``header``, or None."""
        wanted = header.strip().casefold()
        english = self.with_context(lang="en_US").env["ir.model.fields"]
        for field in fields_tree:
            labels = {field["string"]}
            if field.get("model_name"):
                labels.add(english.get_field_string(field["model_name"]).get(field["name"]))
            if any(label and label.casefold() == wanted for label in labels):
                return field
        return None

    def execute_import(self, fields, columns, options, dryrun=False):
        file_rows = self._get_file_row_numbers(fields, options)
        result = super().execute_import(fields, columns, options, dryrun=dryrun)
        self._set_file_row_numbers(result, file_rows, options)
        return result

    def _get_file_row_numbers(self, fields, options):
        """The file's row number (1-based, the header is row 1) of each row the import hands to
        ``load``: Odoo drops the header, the rows empty in every mapped column and the first
        ``skip`` rows (see ``_convert_import_data``)."""
        indices = [index for index, field in enumerate(fields) if field]
        if not indices:
            return []
        try:
            _length, rows = self._read_file(dict(options))
        except Exception:  # Odoo's own call (super) reports what is wrong with the file
            return []
        first = 2 if options.get("has_headers") else 1
        numbers = [
            number
            for number, row in enumerate(rows[first - 1 :], start=first)
            if any(row[index] for index in indices if index < len(row))
        ]
        return numbers[options.get("skip") or 0 :]

    def _set_file_row_numbers(self, result, file_rows, options):
        """Turn the rows of ``load``'s messages (indexes among the imported rows) into the file's
        rows: ``record`` is the file's row number, ``rows`` the 0-based file rows (the import
        screen shows ``rows.from + 1``), and the names the screen shows next to a row follow."""
        if not file_rows:
            return

        def file_row(index):
            return file_rows[index] if 0 <= index < len(file_rows) else index + 1

        for message in result.get("messages") or ():
            rows = message.get("rows")
            if isinstance(rows, dict) and isinstance(rows.get("from"), int):
                message["rows"] = {
                    "from": file_row(rows["from"]) - 1,
                    "to": file_row(rows.get("to", rows["from"])) - 1,
                }
                message["record"] = file_row(rows["from"])
            elif isinstance(message.get("record"), int):
                message["record"] = file_row(message["record"])
        names = result.get("name")
        if names:
            skip = options.get("skip") or 0
            by_row = [""] * max(file_rows)
            for index, number in enumerate(file_rows):
                if skip + index < len(names):
                    by_row[number - 1] = names[skip + index]
            result["name"] = by_row
