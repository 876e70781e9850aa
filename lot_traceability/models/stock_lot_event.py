# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The tracking events of lots (FSMA 204 Critical Tracking Events, EPCIS events), derived.

No second copy of the stock history: a read-only SQL view over what Odoo already records —

* the done move lines with a lot that receive (vendor receipts, customer returns), ship
  (customer deliveries, returns to suppliers) or transform (manufacturing orders and this
  module's builds, unbuild orders, splits and merges: lines into or out of a *production*
  location). Internal moves, inventory adjustments and scraps are not tracking events;
* the changes of a lot's status (``trace_status``, tracked in the chatter): put on hold
  (quarantine, blocked), recalled, released.

What kind of move a line is, is decided by the move line classifier
(``stock_move_line_kind``, as for the lot timeline, the recall's mass balance and the holds):
:meth:`StockLotEvent._line_kind_sql` only keeps the kinds that are tracking events.
"""

from odoo import api, fields, models
from odoo.tools import SQL

LINE_KINDS = [
    ("receipt", "Receipt"),
    ("customer_return", "Customer Return"),
    ("delivery", "Delivery"),
    ("vendor_return", "Return to Vendor"),
    ("consumption", "Consumed"),
    ("production", "Produced"),
]
STATUS_KINDS = [("hold", "Hold"), ("recall", "Recall"), ("release", "Release")]
# kind -> Critical Tracking Event
CTE_BY_KIND = {
    "receipt": "receiving",
    "customer_return": "receiving",
    "delivery": "shipping",
    "vendor_return": "shipping",
    "consumption": "transformation",
    "production": "transformation",
    "hold": "hold",
    "recall": "recall",
    "release": "release",
}
CTES = [
    ("receiving", "Receiving"),
    ("shipping", "Shipping"),
    ("transformation", "Transformation"),
    ("hold", "Hold"),
    ("recall", "Recall"),
    ("release", "Release"),
]
# the new trace_status of a status change -> its kind
STATUS_KIND_BY_STATUS = {
    "quarantine": "hold",
    "blocked": "hold",
    "recalled": "recall",
    "available": "release",
}


class StockLotEvent(models.Model):
    """One row per tracking event of a lot: a done move line (its quantity, locations,
    partner and document) or a status change (hold, recall, release). Read with the user's
    rights: move lines and lots of companies the user may not read are not there."""

    _name = "stock.lot.event"
    _description = "Lot Tracking Event"
    _auto = False
    _order = "date, id"
    _rec_name = "reference"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(readonly=True)
    cte = fields.Selection(CTES, string="Event", readonly=True)
    kind = fields.Selection(LINE_KINDS + STATUS_KINDS, readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    move_line_id = fields.Many2one("stock.move.line", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Transfer", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Partner", readonly=True)
    location_id = fields.Many2one("stock.location", string="From", readonly=True)
    location_dest_id = fields.Many2one("stock.location", string="To", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)
    reference = fields.Char(readonly=True)
    origin = fields.Char(readonly=True, help="Source document of the transfer (e.g. the PO).")
    trace_status = fields.Char(
        string="New Status", readonly=True, help="For a status change: the status given."
    )
    message_id = fields.Many2one("mail.message", readonly=True)

    _depends = {
        "stock.move.line": [
            "lot_id",
            "state",
            "date",
            "location_id",
            "location_dest_id",
            "quantity",
            "product_uom_id",
            "move_id",
            "company_id",
            "product_id",
        ],
        "stock.move": [
            "picking_id",
            "production_id",
            "raw_material_production_id",
            "unbuild_id",
            "consume_unbuild_id",
            "reference",
        ],
        "stock.picking": ["partner_id", "origin", "name"],
        "stock.location": ["usage", "warehouse_id"],
        "mrp.production": ["name"],
        "mrp.unbuild": ["name"],
        "stock.lot.transformation": ["name", "move_ids"],
        "mail.tracking.value": ["new_value_char", "field_id", "mail_message_id"],
        "stock.lot": ["company_id", "product_id"],
    }

    @api.model
    def _line_kind_sql(self):
        """The classification of a move line (alias ``line``; ``dest`` its destination) as a
        tracking event: the move line classifier's kind (``stock_move_line_kind``), NULL for
        lines that are not an event (internal moves, scrap, inventory adjustments); a split or
        merge (kind ``transformation``) is consumed on its way into the Lot Transformation
        location and produced on its way out, as a manufacturing order. Plain expressions on
        the locations the view joins (``source``, ``dest``): no subquery per line."""
        return SQL(
            """
            CASE %(kind)s
                WHEN 'transformation' THEN
                    CASE WHEN dest.usage = 'production' THEN 'consumption'
                         ELSE 'production' END
                WHEN 'scrap' THEN NULL
                WHEN 'inventory' THEN NULL
                WHEN 'internal' THEN NULL
                ELSE %(kind)s
            END
            """,
            kind=self.env["stock.move.line"]._traceability_kind_sql(
                "line", source="source", destination="dest"
            ),
        )

    @api.model
    def _status_kind_sql(self):
        """The kind of a ``trace_status`` change from its tracked value: the chatter keeps the
        status *label* in the language of the user who changed it, so every active language's
        labels are mapped back to the status."""
        field = self.env["stock.lot"]._fields["trace_status"]
        cases = []
        for lang, __ in self.env["res.lang"].get_installed():
            labels = dict(field._description_selection(self.with_context(lang=lang).env))
            for status, label in labels.items():
                kind = STATUS_KIND_BY_STATUS[status]
                cases.append(SQL("WHEN %s THEN %s", label, kind))
        return SQL("CASE tracking.new_value_char %s END", SQL(" ").join(cases))

    @api.model
    def _status_key_sql(self):
        field = self.env["stock.lot"]._fields["trace_status"]
        cases = []
        for lang, __ in self.env["res.lang"].get_installed():
            labels = dict(field._description_selection(self.with_context(lang=lang).env))
            cases.extend(SQL("WHEN %s THEN %s", label, status) for status, label in labels.items())
        return SQL("CASE tracking.new_value_char %s END", SQL(" ").join(cases))

    @property
    def _table_query(self):
        field_id = self.env["ir.model.fields"]._get("stock.lot", "trace_status").id
        return SQL(
            """
            SELECT line.id * 2 AS id,
                   line.lot_id AS lot_id,
                   line.product_id AS product_id,
                   line.company_id AS company_id,
                   line.date AS date,
                   kinded.kind AS kind,
                   CASE WHEN kinded.kind IN ('receipt', 'customer_return') THEN 'receiving'
                        WHEN kinded.kind IN ('delivery', 'vendor_return') THEN 'shipping'
                        ELSE 'transformation' END AS cte,
                   line.quantity AS quantity,
                   line.product_uom_id AS uom_id,
                   line.id AS move_line_id,
                   move.picking_id AS picking_id,
                   picking.partner_id AS partner_id,
                   line.location_id AS location_id,
                   line.location_dest_id AS location_dest_id,
                   COALESCE(source.warehouse_id, dest.warehouse_id) AS warehouse_id,
                   CASE
                       WHEN trf_rel.stock_lot_transformation_id IS NOT NULL
                           THEN 'stock.lot.transformation'
                       WHEN COALESCE(move.unbuild_id, move.consume_unbuild_id) IS NOT NULL
                           THEN 'mrp.unbuild'
                       WHEN COALESCE(move.production_id, move.raw_material_production_id)
                           IS NOT NULL THEN 'mrp.production'
                       WHEN move.picking_id IS NOT NULL THEN 'stock.picking'
                       ELSE 'stock.move'
                   END AS res_model,
                   COALESCE(trf_rel.stock_lot_transformation_id, move.unbuild_id,
                            move.consume_unbuild_id, move.production_id,
                            move.raw_material_production_id, move.picking_id, move.id)
                       AS res_id,
                   move.reference AS reference,
                   picking.origin AS origin,
                   NULL AS trace_status,
                   NULL::integer AS message_id
              FROM stock_move_line line
              JOIN stock_move move ON move.id = line.move_id
              JOIN stock_location source ON source.id = line.location_id
              JOIN stock_location dest ON dest.id = line.location_dest_id
              CROSS JOIN LATERAL (SELECT %(kind)s AS kind) kinded
         LEFT JOIN stock_picking picking ON picking.id = move.picking_id
         LEFT JOIN stock_lot_transformation_stock_move_rel trf_rel
                ON trf_rel.stock_move_id = move.id
             WHERE line.state = 'done'
               AND line.lot_id IS NOT NULL
               AND kinded.kind IS NOT NULL
            UNION ALL
            SELECT tracking.id * 2 + 1,
                   lot.id,
                   lot.product_id,
                   lot.company_id,
                   message.date,
                   %(status_kind)s,
                   %(status_kind)s,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   'stock.lot',
                   lot.id,
                   lot.name,
                   NULL,
                   %(status_key)s,
                   message.id
              FROM mail_tracking_value tracking
              JOIN mail_message message ON message.id = tracking.mail_message_id
              JOIN stock_lot lot ON lot.id = message.res_id
             WHERE tracking.field_id = %(field_id)s
               AND message.model = 'stock.lot'
            """,
            kind=self._line_kind_sql(),
            status_kind=self._status_kind_sql(),
            status_key=self._status_key_sql(),
            field_id=field_id,
        )

    # ------------------------------------------------------------------
    # Reading events in bulk (exports): a server-side cursor, batch after batch
    # ------------------------------------------------------------------
    @api.model
    def _scope_match(self, alias, lots=None, products=None, date_from=None, date_to=None):
        """The SQL condition on the event alias ``alias`` of the events of ``lots``, or of
        ``products``, between ``date_from`` (included) and ``date_to`` (excluded)."""
        conditions = [SQL("TRUE")]
        if lots is not None:
            conditions.append(SQL("%s = ANY(%s)", SQL.identifier(alias, "lot_id"), lots.ids))
        if products is not None:
            conditions.append(
                SQL("%s = ANY(%s)", SQL.identifier(alias, "product_id"), products.ids)
            )
        if date_from:
            conditions.append(SQL("%s >= %s", SQL.identifier(alias, "date"), date_from))
        if date_to:
            conditions.append(SQL("%s < %s", SQL.identifier(alias, "date"), date_to))
        return SQL(" AND ").join(conditions)

    @api.model
    def _get_scope_condition(self, lots=None, products=None, date_from=None, date_to=None):
        """The SQL condition (on alias ``event``) of the events of ``lots``, or of ``products``
        between ``date_from`` (included) and ``date_to`` (excluded), and of the
        transformations they took part in (every input and output of those documents, the
        other products' included), within the companies the user may read.

        Written on the view's plain columns only (lot, product, date, company, move line),
        with the lines of the transformation documents read beforehand (a list of ids, one
        query): PostgreSQL then filters the move lines by index before classifying them. A
        condition holding a subquery is never pushed into the view, and one on the view's
        computed document (``res_model``, ``res_id``) would classify every done lot line of
        the database (minutes at 1M move lines)."""
        scope = {
            "lots": lots,
            "products": products,
            "date_from": date_from,
            "date_to": date_to,
        }
        self.env.flush_all()
        document_lines = self.env.execute_query(
            SQL(
                "SELECT ARRAY(%s)",
                self._transformation_lines_sql(self._scope_match("other", **scope)),
            )
        )[0][0]
        return SQL(
            """(event.company_id IS NULL OR event.company_id = ANY(%(companies)s))
               AND (%(match)s OR event.move_line_id = ANY(%(document_lines)s))""",
            companies=self.env.user.company_ids.ids,
            match=self._scope_match("event", **scope),
            document_lines=document_lines,
        )

    @api.model
    def _transformation_lines_sql(self, other_match):
        """The done lot lines of the transformation documents that an event matching
        ``other_match`` (alias ``other``) took part in, found through the documents' own
        indexed columns (a manufacturing or unbuild order's moves, a lot transformation's
        moves; a lone move or transfer into or out of a production location: its moves that
        are), so that only those lines are read."""
        return SQL(
            """
            WITH documents AS MATERIALIZED (
                SELECT DISTINCT other.res_model, other.res_id
                  FROM (%(view)s) other
                 WHERE other.cte = 'transformation' AND %(other_match)s
            ), moves AS (
                SELECT move.id FROM stock_move move
                  JOIN documents ON documents.res_model = 'mrp.production'
                   AND documents.res_id = move.raw_material_production_id
                UNION
                SELECT move.id FROM stock_move move
                  JOIN documents ON documents.res_model = 'mrp.production'
                   AND documents.res_id = move.production_id
                UNION
                SELECT move.id FROM stock_move move
                  JOIN documents ON documents.res_model = 'mrp.unbuild'
                   AND documents.res_id = move.unbuild_id
                UNION
                SELECT move.id FROM stock_move move
                  JOIN documents ON documents.res_model = 'mrp.unbuild'
                   AND documents.res_id = move.consume_unbuild_id
                UNION
                SELECT rel.stock_move_id
                  FROM stock_lot_transformation_stock_move_rel rel
                  JOIN documents ON documents.res_model = 'stock.lot.transformation'
                   AND documents.res_id = rel.stock_lot_transformation_id
                UNION
                SELECT documents.res_id FROM documents WHERE documents.res_model = 'stock.move'
                UNION
                SELECT move.id FROM stock_move move
                  JOIN documents ON documents.res_model = 'stock.picking'
                   AND documents.res_id = move.picking_id
                  JOIN stock_location source ON source.id = move.location_id
                  JOIN stock_location dest ON dest.id = move.location_dest_id
                 WHERE 'production' IN (source.usage, dest.usage)
            )
            SELECT line.id FROM stock_move_line line JOIN moves ON moves.id = line.move_id
            """,
            view=self._table_query,
            other_match=other_match,
        )

    @api.model
    def _iter_rows(self, condition, ctes, order, batch_size=2000):
        """Yield lists of at most ``batch_size`` event dicts (the columns of the view) matching
        ``condition`` whose CTE is in ``ctes``, in ``order`` (an SQL), read through a
        server-side cursor: memory does not grow with the number of events."""
        self.env.flush_all()
        cursor_name = SQL.identifier(f"lot_event_{id(self)}_{len(ctes)}")
        columns = [
            "id", "lot_id", "product_id", "company_id", "date", "kind", "cte", "quantity",
            "uom_id", "move_line_id", "picking_id", "partner_id", "location_id",
            "location_dest_id", "warehouse_id", "res_model", "res_id", "reference", "origin",
            "trace_status",
        ]  # fmt: skip
        cr = self.env.cr
        cr.execute(
            SQL(
                """DECLARE %(cursor)s NO SCROLL CURSOR FOR
                   SELECT %(columns)s FROM (%(view)s) event
                    WHERE event.cte = ANY(%(ctes)s) AND %(condition)s
                    ORDER BY %(order)s""",
                cursor=cursor_name,
                columns=SQL(", ").join(SQL.identifier("event", column) for column in columns),
                view=self._table_query,
                ctes=list(ctes),
                condition=condition,
                order=order,
            )
        )
        try:
            while True:
                cr.execute(SQL("FETCH FORWARD %s FROM %s", batch_size, cursor_name))
                rows = cr.fetchall()
                if not rows:
                    break
                yield [dict(zip(columns, row, strict=True)) for row in rows]
        finally:
            cr.execute(SQL("CLOSE %s", cursor_name))

    @api.model
    def _iter_groups(self, condition):
        """The events of ``condition`` as the exports want them, batch after batch: lists of
        ``(cte, [event dicts])`` — a receiving, shipping, hold, recall or release event alone,
        in date order; then every transformation with all its lines (inputs and outputs of
        one document), in document order."""
        single = ("receiving", "shipping", "hold", "recall", "release")
        for batch in self._iter_rows(condition, single, SQL("event.date, event.id")):
            yield [(event["cte"], [event]) for event in batch]
        group, key = [], None
        order = SQL("event.res_model, event.res_id, event.id")
        for batch in self._iter_rows(condition, ("transformation",), order):
            groups = []
            for event in batch:
                event_key = (event["res_model"], event["res_id"])
                if group and event_key != key:
                    groups.append(("transformation", group))
                    group = []
                group.append(event)
                key = event_key
            yield groups
        if group:
            yield [("transformation", group)]

    # ------------------------------------------------------------------
    # What a partner may read (the /epcis/events endpoint)
    # ------------------------------------------------------------------
    @api.model
    def _get_partner_lot_ids(self, partner, companies):
        """{company id: lot ids delivered by that company to ``partner`` (its commercial
        entity and addresses)}, among ``companies``."""
        self.env.flush_all()
        commercial = partner.commercial_partner_id
        self.env.cr.execute(
            SQL(
                """SELECT event.company_id, ARRAY_AGG(DISTINCT event.lot_id)
                     FROM (%(view)s) event
                     JOIN res_partner partner ON partner.id = event.partner_id
                    WHERE event.kind = 'delivery'
                      AND partner.commercial_partner_id = %(partner)s
                      AND event.company_id = ANY(%(companies)s)
                    GROUP BY event.company_id""",
                view=self._table_query,
                partner=commercial.id,
                companies=companies.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _get_partner_condition(self, partner, companies):
        """The SQL condition (alias ``event``) of the events ``partner`` may read: those of the
        lots our ``companies`` delivered to it and, per the delivering company's *Partner Query
        Scope*, of the lots they were made of (one step up: the transformations that made them
        and the receipts and holds of their inputs; full: our whole upstream chain). Never
        another customer's deliveries or returns, never another company's events, never the
        transformations that made other products of the same inputs."""
        commercial = partner.commercial_partner_id
        conditions = []
        genealogy = self.env["stock.lot.genealogy"].sudo()
        for company_id, lot_ids in self._get_partner_lot_ids(partner, companies).items():
            company = self.env["res.company"].sudo().browse(company_id)
            received = self.env["stock.lot"].sudo().browse(lot_ids)
            scope = company.epcis_partner_scope
            if scope == "full":
                chain = genealogy._get_lots(received, "upstream")
            elif scope == "one_step":
                links = genealogy._get_links(received, "upstream", max_depth=1)
                chain = received | received.browse(link["lot_id"] for link in links)
            else:
                chain = received
            made = (
                SQL(
                    """(event.res_model, event.res_id) IN (
                          SELECT other.res_model, other.res_id FROM (%(view)s) other
                           WHERE other.kind = 'production' AND other.lot_id = ANY(%(made)s))""",
                    view=self._table_query,
                    made=received.ids if scope == "one_step" else chain.ids,
                )
                if scope != "received"
                else SQL("FALSE")
            )
            conditions.append(
                SQL(
                    """((event.company_id = %(company)s OR event.company_id IS NULL)
                        AND ((event.lot_id = ANY(%(chain)s)
                              AND event.cte IN ('hold', 'recall', 'release'))
                          OR (event.lot_id = ANY(%(chain)s) AND event.kind = 'receipt'
                              AND %(upstream)s)
                          OR (event.lot_id = ANY(%(received)s)
                              AND event.kind IN ('delivery', 'customer_return')
                              AND event.partner_id IN (
                                  SELECT id FROM res_partner
                                   WHERE commercial_partner_id = %(partner)s))
                          OR (event.cte = 'transformation' AND %(made)s)))""",
                    company=company_id,
                    chain=chain.ids,
                    received=received.ids,
                    upstream=SQL("TRUE") if scope != "received" else SQL("FALSE"),
                    partner=commercial.id,
                    made=made,
                )
            )
        if not conditions:
            return SQL("FALSE")
        return SQL("(%s)", SQL(" OR ").join(conditions))
