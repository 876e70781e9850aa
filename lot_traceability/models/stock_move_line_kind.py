# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a move line does to its lot: the one classifier of move lines, in Python and in SQL.

Every reader that asks "what kind of move is this line" (the lot timeline, the recall's mass
balance, Item Details, the hold checks) asks it here. The kind depends only on the line's
source and destination locations (their type, whether they are scrap locations, whether one is
the *Lot Transformation* location of splits and merges), so a line being edited can be
classified with the locations it would have. ``KIND_RULES`` is read by both twins: the first
rule that matches gives the kind, ``internal`` when none does.
"""

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

TRACEABILITY_KINDS = [
    ("receipt", "Receipt"),
    ("vendor_return", "Return to Vendor"),
    ("delivery", "Delivery"),
    ("customer_return", "Customer Return"),
    ("consumption", "Consumed in Manufacturing"),
    ("production", "Produced"),
    ("transformation", "Split or Merge"),
    ("scrap", "Scrap"),
    ("inventory", "Inventory Adjustment"),
    ("internal", "Internal Move"),
]

# (kind, conditions): the line is of ``kind`` when any of its conditions holds. A condition is
# (side, test, value): ``side`` "source" / "destination"; ``test`` "usage" (the location's type
# is ``value``), "scrap" (a scrap location) or "transformation" (the Lot Transformation
# location). The order matters: a line from a supplier to a customer (a dropship) is a receipt,
# a line from stock into a scrap location of type inventory is scrap, not an inventory
# adjustment; a split or merge crosses a location of type production.
KIND_RULES = (
    ("receipt", (("source", "usage", "supplier"),)),
    ("vendor_return", (("destination", "usage", "supplier"),)),
    ("delivery", (("destination", "usage", "customer"),)),
    ("customer_return", (("source", "usage", "customer"),)),
    ("scrap", (("source", "scrap", True), ("destination", "scrap", True))),
    (
        "transformation",
        (("source", "transformation", True), ("destination", "transformation", True)),
    ),
    ("consumption", (("destination", "usage", "production"),)),
    ("production", (("source", "usage", "production"),)),
    ("inventory", (("source", "usage", "inventory"), ("destination", "usage", "inventory"))),
)
DEFAULT_KIND = "internal"
# Locations whose quantities are the company's stock: a line entering one of them brings
# quantity in, a line leaving one takes it out.
STOCK_USAGES = ("internal", "transit")


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"  # pylint: disable=consider-merging-classes-inherited

    def _traceability_kind(self):
        """{line: kind} for the lines of self (a key of ``TRACEABILITY_KINDS``), from their
        source and destination locations (read for all lines at once by the prefetch)."""
        transformation = self._get_traceability_transformation_location()
        return {
            line: self._traceability_kind_of(
                line.location_id, line.location_dest_id, transformation
            )
            for line in self
        }

    @api.model
    def _traceability_kind_of(self, source, destination, transformation=None):
        """The kind of a line moving from ``source`` to ``destination`` (stock.location
        records, possibly empty): what ``_traceability_kind`` answers for a line, usable for a
        line not written yet (an edit checked ahead) or for grouped lines. ``transformation``:
        the Lot Transformation location, when the caller has it at hand."""
        if transformation is None:
            transformation = self._get_traceability_transformation_location()
        locations = {"source": source, "destination": destination}

        def holds(side, test, value):
            location = locations[side]
            if test == "usage":
                return location.usage == value
            if test == "scrap":
                return bool(location.scrap_location)
            return bool(location) and location == transformation

        for kind, conditions in KIND_RULES:
            if any(holds(*condition) for condition in conditions):
                return kind
        return DEFAULT_KIND

    @api.model
    def _traceability_stock_direction_of(self, source, destination):
        """ "in" when a line from ``source`` to ``destination`` brings quantity into the
        company's stock (internal and transit locations), "out" when it takes some out, False
        when it stays inside or outside (an internal move, a dropship)."""
        source_in_stock = source.usage in STOCK_USAGES
        if source_in_stock == (destination.usage in STOCK_USAGES):
            return False
        return "out" if source_in_stock else "in"

    @api.model
    def _traceability_kind_sql(self, alias, source=None, destination=None):
        """An SQL expression giving the kind of the move line of table alias ``alias`` (text,
        the same answer as ``_traceability_kind``). The caller flushes ``stock.move.line``
        (locations) and ``stock.location`` (``usage``, ``scrap_location``) first.

        With ``source`` and ``destination``, the aliases of the line's two locations already
        joined by the caller (``stock_location``), a plain ``CASE`` on them: what a query over
        many lines wants (a bulk export reads hundreds of thousands). Without them, a scalar
        subquery reading the two locations by primary key, for a query that has not joined
        them."""
        transformation = self._get_traceability_transformation_location()
        columns = {
            "source": SQL.identifier(source or "source"),
            "destination": SQL.identifier(destination or "destination"),
        }

        def condition_sql(side, test, value):
            if test == "usage":
                return SQL("%s.usage = %s", columns[side], value)
            if test == "scrap":
                return SQL("COALESCE(%s.scrap_location, FALSE)", columns[side])
            return SQL("%s.id = %s", columns[side], transformation.id or 0)

        branches = SQL(" ").join(
            SQL(
                "WHEN %s THEN %s",
                SQL(" OR ").join(condition_sql(*condition) for condition in conditions),
                kind,
            )
            for kind, conditions in KIND_RULES
        )
        case = SQL("CASE %s ELSE %s END", branches, DEFAULT_KIND)
        if source and destination:
            return SQL("(%s)", case)
        return SQL(
            """(SELECT %(case)s
                  FROM stock_location source, stock_location destination
                 WHERE source.id = %(alias)s.location_id
                   AND destination.id = %(alias)s.location_dest_id)""",
            case=case,
            alias=SQL.identifier(alias),
        )

    @api.model
    def _traceability_kind_domain(self, kind):
        """A domain on ``stock.move.line`` matching the lines of ``kind`` (what
        ``_traceability_kind`` answers), for the searches that want lines of one kind (the
        receipts of a lot): the kind's conditions, none of the earlier rules'."""
        transformation = self._get_traceability_transformation_location()
        fields_by_side = {"source": "location_id", "destination": "location_dest_id"}

        def leaf(side, test, value, negate=False):
            field = fields_by_side[side]
            if test == "usage":
                return [(f"{field}.usage", "!=" if negate else "=", value)]
            if test == "scrap":
                return [(f"{field}.scrap_location", "=", not negate)]
            return [(field, "!=" if negate else "=", transformation.id or 0)]

        domains = []
        for rule_kind, conditions in KIND_RULES:
            if rule_kind == kind:
                domains.append(expression.OR([leaf(*condition) for condition in conditions]))
                return expression.AND(domains)
            domains.extend(leaf(*condition, negate=True) for condition in conditions)
        if kind != DEFAULT_KIND:
            raise ValueError(f"unknown kind {kind!r}")
        return expression.AND(domains)

    @api.model
    def _get_traceability_transformation_location(self):
        return (
            self.env.ref(
                "lot_traceability.stock_location_lot_transformation", raise_if_not_found=False
            )
            or self.env["stock.location"]
        )
