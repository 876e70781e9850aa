# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The lot-to-lot links of the genealogy, kept by PostgreSQL next to Odoo's own.

A row of ``stock_move_line_consume_rel`` joins an input line to an output line; it is a link
between their lots once both lines are done with a lot. Walking from the move lines costs
three index lookups per lot and per link: the lot's lines into (or out of) production, the
relation, the line at the other end for its lot. The table ``stock_lot_genealogy_link`` holds
the same links with both lots and the locations the walk checks, so a walk step is one
index-only lookup per reached lot (a 56,000-lot hub walk: 0.74 -> 0.2 s).

Like an index, the table is derived data, kept exact by PostgreSQL itself rather than by ORM
overrides (the relation is written by stock, mrp and this module, and lines change lot, state
or location through many paths, raw SQL flushes included):

* a row references its relation row (``ON DELETE CASCADE``): unlinked lines, deleted lines
  and rewritten ``consume_line_ids`` take their rows away;
* a statement trigger on the relation adds the rows of the pairs inserted;
* a statement trigger on ``stock_move_line`` recomputes the rows of the lines whose state,
  lot or locations an UPDATE changed (one set-based query per statement, nothing per row).

Concurrent transactions: a link row is read from three rows (the relation row, its two
lines) that two transactions may change at once, each blind to the other's uncommitted
work. Transaction A changes a done line's lot and recomputes the line's links from the
relation rows it sees; transaction B inserts a relation row on that line and reads the
line's lot as its snapshot shows it: neither sees the other, both commit, the link keeps the
old lot (write skew). A lock alone does not prevent it: Odoo's transactions are REPEATABLE
READ, where a transaction that waited for a row lock still reads its old snapshot. So the
trigger that writes a relation row also writes its two lines
(``stock_lot_genealogy_link_claim``, an UPDATE that changes nothing; skipped for lines this
transaction wrote itself, as a manufacturing order's), which makes the two transactions
write the same row: the second waits for the first, then, in REPEATABLE READ, fails with a
serialization failure (Odoo retries the request, which then sees the other's commit), or,
in READ COMMITTED, goes on with a fresh snapshot for each query, which sees it. Rows are
written with ``ON CONFLICT DO UPDATE``, so that a READ COMMITTED transaction recomputing a
row another one wrote meanwhile (two lines of one relation row changed at once) overwrites
it. Measured by ``bench/bench_genealogy_link.py``.

``init`` (module install and update) rebuilds the table from the relation and ANALYZEs it.
A daily scheduled action (``_cron_verify``) compares the table with the relation, logs any
drift as a warning and repairs it.
"""

import logging

from odoo import api, models
from odoo.tools import SQL

from ..orm_bypass.sql_create import analyze_if_changed

_logger = logging.getLogger(__name__)

# how many drifted relation rows the warning names
DRIFT_SAMPLE = 20

LINK_TABLE = "stock_lot_genealogy_link"
# (trigger, table) pairs, and the functions they call: dropped at uninstall
LINK_TRIGGERS = (
    ("stock_lot_genealogy_link_rel_insert", "stock_move_line_consume_rel"),
    ("stock_lot_genealogy_link_rel_update", "stock_move_line_consume_rel"),
    ("stock_lot_genealogy_link_line_update", "stock_move_line"),
)
LINK_FUNCTIONS = (
    "stock_lot_genealogy_link_claim(integer[])",
    "stock_lot_genealogy_link_rel_insert()",
    "stock_lot_genealogy_link_rel_update()",
    "stock_lot_genealogy_link_line_update()",
    "stock_lot_genealogy_link_refresh(integer[])",
)

# The link rows of the relation rows ``rel``: both lines done, both with a lot.
LINK_ROWS = """
    SELECT rel.consume_line_id, rel.produce_line_id,
           input.lot_id, input.location_dest_id, output.lot_id, output.location_id
      FROM {rel} rel
      JOIN stock_move_line input ON input.id = rel.produce_line_id
      JOIN stock_move_line output ON output.id = rel.consume_line_id
     WHERE input.state = 'done' AND input.lot_id IS NOT NULL
       AND output.state = 'done' AND output.lot_id IS NOT NULL
       {where}
"""
LINK_COLUMNS = """consume_line_id, produce_line_id, input_lot_id, input_location_dest_id,
                  output_lot_id, output_location_id"""

# LINK_ROWS for the relation rows of the lines ``line_ids`` (a function's parameter), each
# line read by its id (OFFSET 0 keeps the lookups from being flattened into a join): the
# function's generic plan, blind to the array's size, read them with two hash joins over the
# whole stock_move_line table, whatever few lines had changed (18 to 85 ms for one line).
LINES_ROWS = """
    SELECT rel.consume_line_id, rel.produce_line_id,
           input.lot_id, input.location_dest_id, output.lot_id, output.location_id
      FROM (SELECT rel.* FROM UNNEST(line_ids) AS line (id)
              JOIN stock_move_line_consume_rel rel ON rel.consume_line_id = line.id
            UNION
            SELECT rel.* FROM UNNEST(line_ids) AS line (id)
              JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = line.id) rel,
           LATERAL (SELECT lot_id, location_dest_id FROM stock_move_line
                     WHERE id = rel.produce_line_id AND state = 'done' AND lot_id IS NOT NULL
                    OFFSET 0) input,
           LATERAL (SELECT lot_id, location_id FROM stock_move_line
                     WHERE id = rel.consume_line_id AND state = 'done' AND lot_id IS NOT NULL
                    OFFSET 0) output
"""

# Written instead of skipped: a READ COMMITTED transaction recomputing a row that another one
# wrote since its statement began writes the values it read last (REPEATABLE READ fails).
ON_CONFLICT_UPDATE = """
    ON CONFLICT (consume_line_id, produce_line_id) DO UPDATE SET
        input_lot_id = EXCLUDED.input_lot_id,
        input_location_dest_id = EXCLUDED.input_location_dest_id,
        output_lot_id = EXCLUDED.output_lot_id,
        output_location_id = EXCLUDED.output_location_id
"""

# The relation rows whose link row is missing, stored but not expected, or stored with other
# lots or locations than its lines have: (consume_line_id, produce_line_id, kind).
LINK_DRIFT = f"""
    WITH expected ({LINK_COLUMNS}) AS (
        {LINK_ROWS.format(rel="stock_move_line_consume_rel", where="")}
    )
    SELECT COALESCE(expected.consume_line_id, stored.consume_line_id),
           COALESCE(expected.produce_line_id, stored.produce_line_id),
           CASE WHEN stored.consume_line_id IS NULL THEN 'missing'
                WHEN expected.consume_line_id IS NULL THEN 'extra'
                ELSE 'wrong' END
      FROM expected
      FULL JOIN {LINK_TABLE} stored
        ON stored.consume_line_id = expected.consume_line_id
       AND stored.produce_line_id = expected.produce_line_id
     WHERE stored.consume_line_id IS NULL OR expected.consume_line_id IS NULL
        OR (stored.input_lot_id, stored.input_location_dest_id,
            stored.output_lot_id, stored.output_location_id)
           IS DISTINCT FROM (expected.input_lot_id, expected.input_location_dest_id,
                             expected.output_lot_id, expected.output_location_id)
     ORDER BY 1, 2
"""

# Recompute every row (install, update, repair).
LINK_REBUILD = f"""
    TRUNCATE {LINK_TABLE};
    INSERT INTO {LINK_TABLE} ({LINK_COLUMNS})
    {LINK_ROWS.format(rel="stock_move_line_consume_rel", where="")}
"""
# The table, its indexes, the functions keeping it and their triggers (idempotent).
LINK_DDL = f"""
CREATE TABLE IF NOT EXISTS {LINK_TABLE} (
    -- the relation row: output line (finished product, unit, merged lot) and
    -- input line (component, batch, merged input), as Odoo names them
    consume_line_id integer NOT NULL,
    produce_line_id integer NOT NULL,
    input_lot_id integer NOT NULL,
    input_location_dest_id integer NOT NULL,
    output_lot_id integer NOT NULL,
    output_location_id integer NOT NULL,
    PRIMARY KEY (consume_line_id, produce_line_id),
    FOREIGN KEY (consume_line_id, produce_line_id)
        REFERENCES stock_move_line_consume_rel (consume_line_id, produce_line_id)
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS {LINK_TABLE}_produce_line_id_index
    ON {LINK_TABLE} (produce_line_id);
-- downstream step: the outputs of a lot that went into production
CREATE INDEX IF NOT EXISTS {LINK_TABLE}_input_lot_index
    ON {LINK_TABLE} (input_lot_id)
    INCLUDE (input_location_dest_id, output_lot_id);
-- upstream step: the inputs of a lot that came out of production
CREATE INDEX IF NOT EXISTS {LINK_TABLE}_output_lot_index
    ON {LINK_TABLE} (output_lot_id)
    INCLUDE (output_location_id, input_lot_id);

CREATE OR REPLACE FUNCTION stock_lot_genealogy_link_refresh(line_ids integer[])
RETURNS void LANGUAGE sql AS $$
    -- joined to the ids, as LINES_ROWS: "= ANY(line_ids)" scanned the table, comparing each
    -- row with each id (56 s for one UPDATE of 10,000 lines)
    DELETE FROM {LINK_TABLE} link USING UNNEST(line_ids) AS line (id)
     WHERE link.consume_line_id = line.id;
    DELETE FROM {LINK_TABLE} link USING UNNEST(line_ids) AS line (id)
     WHERE link.produce_line_id = line.id;
    INSERT INTO {LINK_TABLE} ({LINK_COLUMNS})
    {LINES_ROWS}
    {ON_CONFLICT_UPDATE};
$$;

-- Write the lines whose links a relation row makes, changing nothing: a transaction changing
-- one of them at the same time then writes the same row, and waits (see the module's doc).
-- A line whose row this transaction wrote itself (outside a savepoint: the row's xmin is the
-- transaction's id), as a manufacturing order's done lines, is claimed already: skipped.
-- Joined to the ids (= ANY(ids) on a table the planner thinks small is a scan comparing each
-- row with each id: 3.8 s for 20,000 lines).
CREATE OR REPLACE FUNCTION stock_lot_genealogy_link_claim(line_ids integer[])
RETURNS void LANGUAGE sql AS $$
    UPDATE stock_move_line line SET lot_id = line.lot_id
      FROM UNNEST(line_ids) AS claimed (id)
     WHERE line.id = claimed.id AND line.xmin <> pg_current_xact_id()::xid;
$$;

CREATE OR REPLACE FUNCTION stock_lot_genealogy_link_rel_insert()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM stock_lot_genealogy_link_claim(ARRAY(
        SELECT consume_line_id FROM inserted_rel
         UNION SELECT produce_line_id FROM inserted_rel));
    INSERT INTO {LINK_TABLE} ({LINK_COLUMNS})
    {LINK_ROWS.format(rel="inserted_rel", where="")}
    {ON_CONFLICT_UPDATE};
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stock_lot_genealogy_link_rel_update()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lines integer[] := ARRAY(SELECT consume_line_id FROM updated_rel
                              UNION SELECT produce_line_id FROM updated_rel);
BEGIN
    PERFORM stock_lot_genealogy_link_claim(lines);
    PERFORM stock_lot_genealogy_link_refresh(lines);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stock_lot_genealogy_link_line_update()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed integer[];
BEGIN
    SELECT ARRAY_AGG(line.id) INTO changed
      FROM updated_lines line
      JOIN previous_lines previous ON previous.id = line.id
     WHERE (line.state, line.lot_id, line.location_id, line.location_dest_id)
           IS DISTINCT FROM (previous.state, previous.lot_id,
                             previous.location_id, previous.location_dest_id);
    IF changed IS NOT NULL THEN
        PERFORM stock_lot_genealogy_link_refresh(changed);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS stock_lot_genealogy_link_rel_insert
    ON stock_move_line_consume_rel;
CREATE TRIGGER stock_lot_genealogy_link_rel_insert
    AFTER INSERT ON stock_move_line_consume_rel
    REFERENCING NEW TABLE AS inserted_rel
    FOR EACH STATEMENT EXECUTE FUNCTION stock_lot_genealogy_link_rel_insert();
DROP TRIGGER IF EXISTS stock_lot_genealogy_link_rel_update
    ON stock_move_line_consume_rel;
CREATE TRIGGER stock_lot_genealogy_link_rel_update
    AFTER UPDATE ON stock_move_line_consume_rel
    REFERENCING NEW TABLE AS updated_rel
    FOR EACH STATEMENT EXECUTE FUNCTION stock_lot_genealogy_link_rel_update();
DROP TRIGGER IF EXISTS stock_lot_genealogy_link_line_update ON stock_move_line;
CREATE TRIGGER stock_lot_genealogy_link_line_update
    AFTER UPDATE ON stock_move_line
    REFERENCING OLD TABLE AS previous_lines NEW TABLE AS updated_lines
    FOR EACH STATEMENT EXECUTE FUNCTION stock_lot_genealogy_link_line_update();
"""


class StockLotGenealogyLink(models.AbstractModel):
    _name = "stock.lot.genealogy.link"
    _description = "Lot Genealogy Links (kept by PostgreSQL)"

    def init(self):
        """The table, its functions and triggers (idempotent DDL). The rows are filled at
        install (``hooks.post_init_hook``) and by a migration whose version changes what a
        row holds (``migrations/``); afterwards the triggers keep them exact."""
        self.env.cr.execute(SQL(LINK_DDL))

    @api.model
    def _rebuild(self):
        """Recompute every link from the relation (install, update), then ANALYZE the table:
        the planner has no statistics of a table filled in the transaction (autovacuum may be
        off, and runs later anyway): a typical walk took three times longer without them."""
        self.env["stock.move.line"].flush_model(
            ["state", "lot_id", "location_id", "location_dest_id", "consume_line_ids"]
        )
        self.env.cr.execute(SQL(LINK_REBUILD))
        self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(LINK_TABLE)))

    @api.model
    def _cron_verify(self):
        """Scheduled action: compare the table with the links the relation gives, log any
        difference as a warning and repair it (the links of the lines concerned are
        recomputed, their lines claimed as a relation insert does). Return the number of
        drifted relation rows by kind (missing, extra, wrong)."""
        self.env.flush_all()
        drift = self.env.execute_query(SQL(LINK_DRIFT))
        counts = {"missing": 0, "extra": 0, "wrong": 0}
        if not drift:
            return counts
        for __, __, kind in drift:
            counts[kind] += 1
        lines = sorted({line for row in drift for line in row[:2]})
        self.env.cr.execute(SQL("SELECT stock_lot_genealogy_link_claim(%s)", lines))
        self.env.cr.execute(SQL("SELECT stock_lot_genealogy_link_refresh(%s)", lines))
        analyze_if_changed(self.env, LINK_TABLE, len(drift))
        _logger.warning(
            "Genealogy link table %s differed from the consume/produce relation and was "
            "repaired: %s missing, %s extra, %s wrong rows; relation rows "
            "(consume_line_id, produce_line_id) %s%s",
            LINK_TABLE,
            counts["missing"],
            counts["extra"],
            counts["wrong"],
            ", ".join(f"({consume}, {produce})" for consume, produce, __ in drift[:DRIFT_SAMPLE]),
            f" and {len(drift) - DRIFT_SAMPLE} more" if len(drift) > DRIFT_SAMPLE else "",
        )
        return counts

    @api.model
    def _read_rows(self, recompute=False):
        """The set of link rows, as stored or (``recompute``) as the relation gives them."""
        self.env["stock.move.line"].flush_model()
        if recompute:
            query = LINK_ROWS.format(rel="stock_move_line_consume_rel", where="")
        else:
            query = f"SELECT {LINK_COLUMNS} FROM {LINK_TABLE}"
        return set(self.env.execute_query(SQL(query)))

    @api.model
    def _drop(self):
        """Drop the table, its triggers and functions (module uninstall)."""
        cr = self.env.cr
        for trigger, table in LINK_TRIGGERS:
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s",
                    SQL.identifier(trigger),
                    SQL.identifier(table),
                )
            )
        for function in LINK_FUNCTIONS:
            cr.execute(SQL(f"DROP FUNCTION IF EXISTS {function}"))
        cr.execute(SQL(f"DROP TABLE IF EXISTS {LINK_TABLE}"))
