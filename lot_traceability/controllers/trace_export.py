# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The trace of a lot as an XLSX workbook, streamed by a read-only route: nothing is written
(no attachment), so with ``db_replica_host`` set Odoo answers it from the replica."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TraceExport(http.Controller):
    @http.route(
        "/lot_traceability/trace/<int:lot_id>/xlsx",
        type="http",
        methods=["GET"],
        auth="user",
        readonly=True,
    )
    def trace_xlsx(self, lot_id, direction="both", **kwargs):
        trace = request.env["stock.lot.trace"]
        if direction not in dict(trace._fields["direction"].selection):
            raise NotFound()
        lot = request.env["stock.lot"].browse(lot_id)
        try:
            # a record in memory: the export writes nothing
            content = trace.new({"lot_id": lot.id, "direction": direction})._get_xlsx_content()
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(f"trace-{lot.name}.xlsx")),
                ("Cache-Control", "no-store"),
            ],
        )
