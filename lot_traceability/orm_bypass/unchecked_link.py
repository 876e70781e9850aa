# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Links of the recall snapshot's lines kept without a foreign key constraint.

PostgreSQL checks each foreign key of each inserted row by a trigger running one
``SELECT … FOR KEY SHARE`` of the row pointed at, which also marks that row as locked (its
page is written). A hub's recall inserts 180,000-250,000 delivery lines: the checks of their
recall, lot and move line were most of its opening (``bench/bench_recall_hub.py``). The
snapshot writes these links from rows it has just read in the same transaction: the
constraint checks nothing the snapshot does not already know.

:class:`UncheckedMany2one` is a many2one in every way but one: Odoo does not create its
constraint. What the constraint did when the record pointed at is deleted (its ``ondelete``:
``set null`` or ``cascade``) is done by :func:`unlink_with_unchecked_links`, which the comodel's
``unlink`` calls (``stock.lot``, ``stock.move.line``, ``stock.lot.recall``), so that no line
keeps the id of a deleted record (reading it would raise ``MissingError`` in the lists, the
form and the exports). Rows deleted by SQL without the ORM (a cascade of PostgreSQL) are not
seen: only links to records deleted through their ``unlink`` may be unchecked (done move
lines, lots, recalls).

Not fenced by the switch ``lot_traceability.orm_only``: a schema decision, not a fast path
(the ORM path writes the same rows into the same columns)."""

from odoo import fields
from odoo.tools import SQL

ONDELETE_ACTIONS = ("set null", "cascade")


class UncheckedMany2one(fields.Many2one):
    """A many2one whose column has no foreign key constraint (see the module's docstring):
    its ``ondelete`` (``set null`` or ``cascade``) is done by :func:`unlink_with_unchecked_links`
    when the comodel's records are deleted through ``unlink``."""

    # A stored related one (the line's product, its recall's company) has no ``ondelete``
    # done for it: it is only allowed where the record it copies cannot be deleted while the
    # line exists (see the field's model).

    #: The records it may point to (a domain on the comodel), or None: any. When records of
    #: the comodel are deleted, only those are looked for: a column that points to records
    #: hardly ever deleted needs no index (a delivery line's done move line).
    target_domain = None

    def setup_nonrelated(self, model):
        result = super().setup_nonrelated(model)
        if self.ondelete not in ONDELETE_ACTIONS:
            raise ValueError(
                f"{self}: an unchecked many2one deletes or empties its value when the record "
                f"is deleted (ondelete in {ONDELETE_ACTIONS}), not {self.ondelete!r}"
            )
        return result

    def update_db_foreign_key(self, model, column):
        """No constraint: ``Registry.check_foreign_keys`` creates or updates the constraints
        the fields ask for and leaves the others (one left by an earlier version is dropped by
        the migration to 18.0.2.1.0)."""
        return


def find_unchecked_links(registry, model_name):
    """``((model name, field name, ondelete, target domain), …)``: the stored unchecked
    many2one fields of the registry's models pointing to ``model_name``."""
    return tuple(
        (model._name, field.name, field.ondelete, field.target_domain)
        for model in registry.values()
        if not model._abstract and model._auto
        for field in model._fields.values()
        if isinstance(field, UncheckedMany2one)
        and field.store
        and not field.related
        and field.comodel_name == model_name
    )


def unlink_with_unchecked_links(records, unlink):
    """``unlink()`` (the comodel's ``super().unlink``) of ``records``, with what the
    constraints of the unchecked links to them would have done (:func:`find_unchecked_links`):
    the lines pointing to them deleted (``cascade``) or their link emptied (``set null``).
    The comodels' ``unlink``: ``return unlink_with_unchecked_links(self, super().unlink)``.

    The lines are handled before the records go: Odoo's unlink may flush (mail's activities
    of a recall), which would recompute the lines' stored related fields through a deleted
    record. They are handled in the deletion's savepoint: a deletion Odoo refuses (a done
    move line, a lot with moves) leaves them as they were, even when the caller catches the
    error. One statement per link, by its column's index, for the records its
    ``target_domain`` lets it point to; no link to handle, no savepoint (Odoo deletes open
    move lines all day)."""
    env = records.env
    pending = []
    if records:
        for link in env["stock.lot.recall.line.mixin"]._get_unchecked_links(records._name):
            target_domain = link[3]
            targets = records.sudo().filtered_domain(target_domain) if target_domain else records
            if targets:
                pending.append((link, targets))
    if not pending:
        return unlink()
    with env.cr.savepoint():
        for (model_name, field_name, ondelete, __), targets in pending:
            _empty_links(env[model_name], field_name, ondelete, targets)
        return unlink()


def _empty_links(model, field_name, ondelete, targets):
    """Delete (``cascade``) or empty (``set null``) the lines of ``model`` whose
    ``field_name`` points to ``targets``."""
    env = model.env
    model.flush_model([field_name])
    query = SQL(
        "UPDATE %(table)s SET %(column)s = NULL WHERE %(column)s = ANY(%(ids)s)"
        if ondelete == "set null"
        else "DELETE FROM %(table)s WHERE %(column)s = ANY(%(ids)s)",
        table=SQL.identifier(model._table),
        column=SQL.identifier(field_name),
        ids=list(targets._ids),
    )
    env.cr.execute(query)
    if env.cr.rowcount:
        if ondelete == "set null":
            model.invalidate_model([field_name])
        else:
            env.invalidate_all(flush=False)
