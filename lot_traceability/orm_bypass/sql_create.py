# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Create many records with one SQL INSERT, storing what ``BaseModel.create`` would store.

Used for the lots, the move lines and the quants of a bulk receipt (see
:mod:`.new_quant_buffer` and the bulk add wizard), where the ORM create of 10,000 lots, 10,000
move lines and 20,000 quants costs more than the rest of the receipt; :func:`flush_uniform`
then writes the receipt's lines with one UPDATE. The column values are derived from the
model's fields, as ``create`` derives them:

* the given values, the default values (``default_get``, once: the values all have the same
  keys) and the magic columns (``create_uid``, ``create_date``, …). Defaults being computed
  once for the batch, ``sql_create`` is for models whose defaults are the same for all the
  records of a batch (constants, the current time); a default drawn from a sequence would be
  repeated on every row;
* stored related fields, by following their path from the given values, with the same
  traversal as ``_compute_related``;
* other stored computed fields for which the model gives a batch function (``handlers``);
* stored computed fields that are neither are left out of the INSERT and marked to compute,
  exactly as ``create`` does with computed fields that are not precomputed: the ORM computes
  them when it flushes;
* stored fields without a value nor a compute stay NULL, as with ``create``.

Then, as ``create`` does: the one2many caches of the many2one values are updated, the
dependents of the new records are marked to recompute (``modified(create=True)``), the
Python constraints run, and the company consistency is checked if the model asks for it.

Given values of computed fields are protected from recomputation as ``create`` protects them
(editable or precomputed fields), the others are recomputed as by ``create``.

Whatever ``sql_create`` cannot do as ``create`` does (inherited models, parent store, a
precomputed field it cannot compute, a value for a field without a column, a default for a
field with an inverse, an override of ``create``'s steps in the model's classes) makes it
return ``None`` with the reason logged, and the caller uses the ORM create; so does the
system parameter ``lot_traceability.orm_only`` (:mod:`.switch`).
"""

import datetime
import logging
import math
import re
from collections import defaultdict

from odoo.tools import SQL

from .switch import ORM_ONLY_PARAM, orm_only, overridden

_logger = logging.getLogger(__name__)

NoneType = type(None)

# Types of the values an array's text holds as their repr (bool is not: "t"/"f").
_PLAIN_NUMBER_TYPES = {int, float, NoneType}
_PLAIN_TEXT_TYPES = {str, NoneType}

INSERT_CHUNK = 5000

# "varchar(64)" -> "varchar": the type of an array parameter
BASE_TYPE = re.compile(r"\(.*\)")

# Methods of the ORM's flush that flush_uniform replaces: an override makes it decline.
FLUSH_STEPS = ("_flush", "_write", "_write_multi")

# Steps of BaseModel.create that sql_create replaces: an override of any of them by a module
# would be skipped, so it makes sql_create decline.
CREATE_STEPS = (
    "create",
    "_create",
    "_prepare_create_values",
    "_add_missing_default_values",
    "_add_precomputed_values",
)

# Field types whose column and cache values depend on the value only (not on the other values
# of the row, as a monetary's currency does), so that it is converted once per distinct value.
CACHEABLE_CONVERSIONS = {
    "boolean",
    "date",
    "datetime",
    "float",
    "integer",
    "many2one",
    "selection",
}


def sql_create(model, vals_list, handlers=None, skip_classes=()):
    """Create records of ``model`` from ``vals_list`` (dicts with the same keys, in the
    ``write`` format, stored fields with a column only) with one INSERT per chunk and return
    them, or return ``None`` when it cannot store what ``create`` would (then nothing is
    written).

    ``handlers``: ``{field name: function(model, rows) -> values}`` computing stored computed
    fields in batch, ``rows`` being the values of the rows (given, default and related
    values) and ``values`` the field's value for each row, in the ``write`` format.
    ``skip_classes``: classes of ``model`` whose override of ``create`` the caller bypasses on
    purpose; any other override of a step of ``create`` makes ``sql_create`` decline."""
    handlers = handlers or {}
    if not vals_list:
        return model.browse()
    keys = set(vals_list[0])
    if any(set(vals) != keys for vals in vals_list):
        raise ValueError("sql_create needs values with the same keys")
    # as _prepare_create_values: precomputed readonly fields are always computed
    precomputed_readonly = {
        name for name, field in model._fields.items() if field.precompute and field.readonly
    }
    defaults = {
        name: value
        for name, value in model._add_missing_default_values(dict(vals_list[0])).items()
        if name not in keys and name not in precomputed_readonly
    }
    plan, reason = _plan(model, keys, defaults, handlers, skip_classes)
    if reason:
        _logger.info("%s: ORM create instead of one INSERT (%s)", model._name, reason)
        return None
    model.check_access("create")
    env = model.env
    stored_defaults = {name: value for name, value in defaults.items() if model._fields[name].store}
    rows = [{**stored_defaults, **vals} for vals in vals_list]
    if model._log_access:
        now = env.cr.now()
        for row in rows:
            row.update(create_uid=env.uid, create_date=now, write_uid=env.uid, write_date=now)
    for name, how in plan:
        field = model._fields[name]
        if isinstance(how, list):
            values = _related_values(model, field, how, rows)
        else:
            values = how(model.sudo() if field.compute_sudo else model, rows)
        for row, value in zip(rows, values, strict=True):
            row[name] = value
    records = _insert(model, rows)
    analyze_if_changed(env, model._table, len(rows))
    _after_insert(model, records, rows, {name for name, __ in plan})
    return records


def analyze_if_changed(env, table, rows):
    """ANALYZE ``table`` after this transaction wrote ``rows`` rows of it, if PostgreSQL's
    autovacuum would: when the rows changed since its last ANALYZE, these included, exceed
    ``autovacuum_analyze_threshold + autovacuum_analyze_scale_factor * rows of the table``
    (the server's settings; 50 rows + 10 % by default). The planner plans with what the last
    ANALYZE saw: a bulk load that grows a table by more than a tenth (a first receipt of
    10,000 serials, a hub's recall of 250,000 lines) changes its plans, a load of a few
    percent does not; where autovacuum is off nothing else ANALYZEs the table, where it is on
    it would do so only after the commit. ANALYZE reads a sample (30,000 rows at the default
    statistics target, a fraction of a second whatever the size), sees the rows of this
    transaction, and holds a lock until the commit that only another ANALYZE, VACUUM or
    index build waits for (reads and writes do not). Return whether it ANALYZEd."""
    [(changed, threshold)] = env.execute_query(
        SQL(
            """
            SELECT COALESCE(stat.n_mod_since_analyze, 0) + %(rows)s,
                   current_setting('autovacuum_analyze_threshold')::float
                   + current_setting('autovacuum_analyze_scale_factor')::float
                     * GREATEST(class.reltuples, 0)
              FROM pg_class class
              LEFT JOIN pg_stat_user_tables stat ON stat.relid = class.oid
             WHERE class.oid = %(table)s::regclass
            """,
            rows=rows,
            table=table,
        )
    )
    if changed <= threshold:
        return False
    env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return True


def sql_create_by_keys(model, vals_list, handlers=None, skip_classes=()):
    """Create records of ``model`` from ``vals_list``, whose dicts may have different keys,
    and return them in the order of ``vals_list``: :func:`sql_create` for each set of given
    fields (a value left out is not the same as ``False``: a missing expiration date is
    computed, a ``False`` one is stored), or the ORM create of that set when it declines."""
    indexes_by_keys = defaultdict(list)
    for index, vals in enumerate(vals_list):
        indexes_by_keys[frozenset(vals)].append(index)
    ids = [None] * len(vals_list)
    for indexes in indexes_by_keys.values():
        group = [vals_list[index] for index in indexes]
        records = sql_create(model, group, handlers, skip_classes)
        if records is None:
            records = model.create(group)
        for index, id_ in zip(indexes, records.ids, strict=True):
            ids[index] = id_
    return model.browse(ids)


def _related_path(model, field):
    """The path of a stored related field made of many2one fields but the last, or ``None``."""
    if not field.related:
        return None
    path = field.related.split(".")
    step_model = model
    for name in path[:-1]:
        step = step_model._fields.get(name)
        if not step or step.type != "many2one":
            return None
        step_model = model.env[step.comodel_name]
    return path


def _decline_reason(model, keys, defaults, skip_classes):
    """Why ``sql_create`` cannot store what ``create`` would, or ``None``."""
    if orm_only(model.env):
        return f"system parameter {ORM_ONLY_PARAM} is set"
    if model._inherits or model._parent_store:
        return "inherited models or parent store"
    override = overridden(model, CREATE_STEPS, skip_classes)
    if override:
        cls, names = override
        return f"{cls.__module__}.{cls.__qualname__} overrides {', '.join(names)}"
    return _values_reason(model, keys, defaults)


def _values_reason(model, keys, defaults):
    for name in keys:
        field = model._fields.get(name)
        if not field or not field.store or not field.column_type:
            return f"value given for {name}, not a stored column"
        if field.precompute and field.readonly:
            return f"value given for {name}, which create discards to precompute it"
    for name in defaults:
        field = model._fields[name]
        if field.store and not field.column_type:
            return f"default value for {name}, stored without a column"
        if not field.store and field.inverse:
            return f"default value for {name}, which has an inverse"
    return None


def _plan(model, keys, defaults, handlers, skip_classes):
    """Return ``(plan, reason)``: ``plan`` lists the stored computed fields that
    ``sql_create`` inserts, as ``(name, how)`` (``how`` is a related path or a handler) in
    the order to compute them; ``reason`` says why ``sql_create`` cannot do as ``create``
    does, or is ``None``."""
    reason = _decline_reason(model, keys, defaults, skip_classes)
    if reason:
        return None, reason
    given = keys | {name for name in defaults if model._fields[name].store}
    related, handled = [], []
    for name, field in model._fields.items():
        if name in given or not field.store or not field.compute or not field.column_type:
            continue
        path = _related_path(model, field)
        if path and path[0] in given:
            related.append((name, path))
        elif name in handlers:
            handled.append((name, handlers[name]))
        elif field.precompute:
            return None, f"precomputed field {name} without a batch function"
        # else: left out of the INSERT and computed by the ORM when it flushes, as create does
    return related + handled, None


def _related_values(model, field, path, rows):
    """Values of the related ``field`` for ``rows``, traversed as ``_compute_related`` does
    (as superuser if the field says so), once per distinct first record."""
    env = model.env
    first_model = env[model._fields[path[0]].comodel_name]
    if field.compute_sudo:
        first_model = first_model.sudo()
    first_ids = list(dict.fromkeys(row[path[0]] or False for row in rows))
    starts = first_model.browse([id_ for id_ in first_ids if id_])
    by_id = _related_values_by_column(model, field, path, starts)
    if by_id is None:
        values = list(starts)
        for name in path[1:-1]:
            values = [value[name][:1] for value in values]
        by_id = {
            start.id: field.convert_to_write(
                field._process_related(value[field.related_field.name], model.env), model
            )
            for start, value in zip(starts, values, strict=True)
        }
    if False in first_ids:
        empty = first_model.browse()
        for name in path[1:-1]:
            empty = empty[name]
        by_id[False] = field.convert_to_write(
            field._process_related(empty[field.related_field.name], model.env), model
        )
    return [by_id[row[path[0]] or False] for row in rows]


def _related_values_by_column(model, field, path, starts):
    """{start id: value of the related ``field``} when its path is one many2one to a stored
    column of the start's model holding values of a cacheable type (a recall lot line's
    product: 56,000 lots), or ``None``: that column fetched alone (what is not in cache
    yet) and read from the cache at once, each distinct value converted once, where reading
    it record by record fetches every column of the start's model for each thousand of
    them."""
    related_field = field.related_field
    if (
        len(path) != 2
        or starts._fields.get(path[1]) is not related_field
        or not related_field.store
        or not related_field.column_type
        or related_field.compute
        or related_field.type not in CACHEABLE_CONVERSIONS
        or related_field.company_dependent
    ):
        return None
    starts.fetch([related_field.name])
    values = list(starts.env.cache.get_values(starts, related_field))
    if len(values) != len(starts):
        return None
    values = _convert_distinct(
        values,
        lambda value: field.convert_to_write(
            field._process_related(related_field.convert_to_record(value, starts), model.env),
            model,
        ),
    )
    return dict(zip(starts._ids, values, strict=True))


def _insert(model, rows):
    """INSERT ``rows`` (dicts of the model's field values in the ``write`` format) and return
    the new records, in the order of ``rows``.

    Each column is sent as one array parameter (:func:`_array_parameter`) and the rows are
    rebuilt with ``UNNEST``, where a ``VALUES`` list of tuples is adapted value by value in
    Python (a third of the time of inserting 10,000 quants). Arrays are cast to the column's
    base type (``varchar``, not ``varchar(n)``, which would truncate): the INSERT itself then
    checks lengths as ``create`` does."""
    names = sorted(rows[0])
    fields_ = [model._fields[name] for name in names]
    columns = []
    for field in fields_:
        values = [row[field.name] for row in rows]
        if field.type in CACHEABLE_CONVERSIONS and not field.company_dependent:
            values = _convert_distinct(
                values, lambda value, field=field: field.convert_to_column_insert(value, model)
            )
        else:
            values = [
                field.convert_to_column_insert(value, model, row)
                for value, row in zip(values, rows, strict=True)
            ]
        columns.append(values)
    types = [SQL(BASE_TYPE.sub("", field.column_type[1]) + "[]") for field in fields_]
    ids = []
    for start in range(0, len(rows), INSERT_CHUNK):
        arrays = [_array_parameter(values[start : start + INSERT_CHUNK]) for values in columns]
        ids += [
            id_
            for (id_,) in model.env.execute_query(
                SQL(
                    "INSERT INTO %s (%s) SELECT * FROM UNNEST(%s) RETURNING id",
                    SQL.identifier(model._table),
                    SQL(", ").join(SQL.identifier(name) for name in names),
                    SQL(", ").join(
                        SQL("%s::%s", array, type_)
                        for array, type_ in zip(arrays, types, strict=True)
                    ),
                )
            )
        ]
    return model.browse(ids)


def _array_parameter(values):
    """The parameter for an array of ``values`` (a column's values here, the ids a genealogy
    query reads): the array's text (``{1,2,NULL}``, cast in the query), which PostgreSQL reads
    at once, when every value is None, a boolean, a number, a string, a date or a datetime;
    else the list, which psycopg2 sends as an ``ARRAY[...]`` expression of one literal per
    value (four times slower to send and read; 50,000 lots of a hub's walk).
    Columns of ids, integers and floats (most of a snapshot's) are written without looking
    at each value's type in Python: the same text."""
    types = set(map(type, values))
    if types <= _PLAIN_NUMBER_TYPES and (
        float not in types or all(map(math.isfinite, filter(_is_float, values)))
    ):
        if NoneType in types:
            return (
                "{" + ",".join("NULL" if value is None else repr(value) for value in values) + "}"
            )
        return "{" + ",".join(map(repr, values)) + "}"
    if types <= _PLAIN_TEXT_TYPES:
        # a Float column's values with digits are strings ("12.500"): quoted as one
        texts = [value for value in values if value is not None]
        joined = "".join(texts)
        if "\\" not in joined and '"' not in joined:
            if NoneType in types:
                return (
                    "{"
                    + ",".join("NULL" if value is None else f'"{value}"' for value in values)
                    + "}"
                )
            return '{"' + '","'.join(texts) + '"}' if texts else "{}"
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
            items.append(repr(value))
        elif isinstance(value, datetime.date):  # and datetime: ISO, no character to quote
            items.append(value.isoformat())
        elif type(value) is str:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{escaped}"')
        else:
            return values
    return "{" + ",".join(items) + "}"


def _is_float(value):
    return type(value) is float


def _convert_distinct(values, convert):
    """``[convert(value) for value in values]``, ``convert`` called once per distinct
    (hashable) value, as by :func:`_memoized` (equal values share the conversion of the
    first one met), the list built by one lookup per value."""
    try:
        converted = dict.fromkeys(values)
    except TypeError:  # unhashable
        memoized = _memoized(convert)
        return [memoized(value) for value in values]
    for value in converted:
        converted[value] = convert(value)
    return list(map(converted.__getitem__, values))


def _memoized(convert):
    """``convert`` called once per distinct (hashable) value."""
    converted = {}

    def memoized(value):
        try:
            return converted[value]
        except KeyError:
            result = converted[value] = convert(value)
            return result
        except TypeError:  # unhashable
            return convert(value)

    return memoized


def _after_insert(model, records, rows, computed):
    """What ``create`` does after its INSERT: one2many caches of the many2one values,
    dependents to recompute, constraints, company consistency."""
    env = model.env
    names = list(rows[0])
    # the inserted values in cache, as create puts them (other fields are fetched if read)
    for name in names:
        field = model._fields[name]
        if field.type in CACHEABLE_CONVERSIONS and not field.company_dependent:
            env.cache.update(
                records,
                field,
                _convert_distinct(
                    [row[name] for row in rows],
                    lambda value, field=field: field.convert_to_cache(value, model),
                ),
            )
    for name in names:
        field = model._fields[name]
        if field.type != "many2one" or not model.pool.field_inverses[field]:
            continue
        ids_by_value = defaultdict(list)
        for record_id, row in zip(records._ids, rows, strict=True):
            ids_by_value[row[name] or None].append(record_id)
        inverses = model.pool.field_inverses[field]
        for value, ids in ids_by_value.items():
            # _update_inverses filters the records by each inverse's domain before it looks
            # whether the inverse is in cache at all: look first
            corecord = field.convert_to_record(value, model) if value else None
            if corecord is not None and any(
                env.cache.get(corecord, inverse, None) is not None for inverse in inverses
            ):
                field._update_inverses(model.browse(ids), value)
    # The given, default and computed values must not be recomputed; the other computed
    # fields of the new records and the fields depending on them elsewhere are marked to
    # compute, as by create.
    protected = set()
    for name in names:
        field = model._fields[name]
        if name in computed or (field.compute and (not field.readonly or field.precompute)):
            protected.update(model.pool.field_computed.get(field, [field]))
    with env.protecting(protected, records):
        records.modified(model._fields, create=True)
    records._validate_fields(names)
    if model._check_company_auto:
        records._check_company()
    _check_create_access(model, records, rows)


def _check_create_access(model, records, rows):
    """``records.check_access("create")``, the record rules evaluated on one record per
    distinct combination of the values of the fields they read (``rows``: the values
    inserted), where ``check_access`` evaluates them on each record in Python
    (``filtered_domain``: a hub recall's 56,000 lot lines, all of its company, took 0.4 s).
    A rule's leaf depends on its field's value only (a path on the record it points to), so
    records with the same values pass or fail together. When a rule reads the id or a field
    not inserted, or a representative fails, every record is checked by ``check_access``
    (its error names them)."""
    env = model.env
    if env.su:
        return
    domain = env["ir.rule"]._compute_domain(model._name, "create")
    names = sorted(
        {
            leaf[0].split(".")[0]
            for leaf in domain or ()
            if isinstance(leaf, tuple | list) and isinstance(leaf[0], str)
        }
    )
    if domain and names and set(names) <= set(rows[0]):
        try:
            firsts = {}
            for record_id, row in zip(records._ids, rows, strict=True):
                firsts.setdefault(tuple(row[name] for name in names), record_id)
        except TypeError:  # an unhashable value
            firsts = None
        if firsts is not None and records.browse(list(firsts.values())).has_access("create"):
            return
    records.check_access("create")


def _flush_declines(records):
    """Whether :func:`flush_uniform` leaves the flush to the ORM whatever the values."""
    return orm_only(records.env) or bool(overridden(records, FLUSH_STEPS))


def flush_uniform(records, max_groups=10):
    """Flush the pending updates of ``records`` as the ORM's flush would, with one
    ``UPDATE ... WHERE id = ANY(ids)`` per distinct combination of dirty values, and return
    whether it did.

    The ORM flushes 100 records per UPDATE, each row with its own values: thousands of records
    written the same values (the date and state Odoo writes on every line of a receipt it
    validates) cost thousands of values adapted in Python and a hundred statements. Pending
    computations of ``records`` are done first, as by a flush.
    Nothing is flushed (the ORM flush does it later) when the dirty values make more than
    ``max_groups`` combinations, a dirty field needs more than a plain column update
    (translated, company dependent, parent store), a class of the model overrides a step of
    the ORM's flush (:data:`FLUSH_STEPS`: the override would be skipped), or the system
    parameter ``lot_traceability.orm_only`` is set."""
    if not records or _flush_declines(records):
        return not records
    # context-dependent values are flushed from the empty context, as by the ORM
    records = records.with_env(records.env(context={}))
    records._recompute_recordset()
    env, cache = records.env, records.env.cache
    ids = set(records._ids)
    dirty = {}
    for field in cache.get_dirty_fields():
        if field.model_name != records._name:
            continue
        dirty_ids = ids.intersection(cache.get_dirty_records(records, field)._ids)
        if not dirty_ids:
            continue
        if (
            field.type not in CACHEABLE_CONVERSIONS | {"char", "text"}
            or field.company_dependent
            or field.translate
            or records._parent_store
        ):
            return False
        dirty[field] = dirty_ids
    if not dirty:
        return True
    groups = defaultdict(list)
    for id_ in sorted(set().union(*dirty.values())):
        record = records.browse(id_)
        key = tuple((field, cache.get(record, field)) for field in dirty if id_ in dirty[field])
        groups[key].append(id_)
        if len(groups) > max_groups:
            return False
    for key, group_ids in groups.items():
        record = records.browse(group_ids[0])
        values = {field.name: field.convert_to_column_update(value, record) for field, value in key}
        if records._log_access:
            values = {"write_uid": env.uid, "write_date": env.cr.now(), **values}
        env.execute_query(
            SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                SQL(", ").join(
                    SQL(
                        "%s = %s::%s",
                        SQL.identifier(name),
                        value,
                        SQL(records._fields[name].column_type[1]),
                    )
                    for name, value in values.items()
                ),
                group_ids,
            )
        )
    # the flushed values are clean; other records stay dirty
    for field, dirty_ids in dirty.items():
        others = [id_ for id_ in cache.clear_dirty_field(field) if id_ not in dirty_ids]
        if others:
            others = records.browse(others)
            cache.update(others, field, list(cache.get_values(others, field)), dirty=True)
    return True
