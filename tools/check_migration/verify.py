# Run by tools/check_migration.sh in `odoo shell` on the CURRENT code after the update: the rows
# counted by seed.py ($LT_CHECK_BEFORE) are found under the new names, and the recalls work.
import importlib.util
import json
import os

env = globals()["env"]  # odoo shell
spec = importlib.util.spec_from_file_location("pre_migration", os.environ["LT_MIGRATION_SCRIPT"])
migration = importlib.util.module_from_spec(spec)
spec.loader.exec_module(migration)
before = json.load(open(os.environ["LT_CHECK_BEFORE"]))
problems = []


def check(ok, message):
    print(("OK " if ok else "PROBLEM ") + message)
    if not ok:
        problems.append(message)


cr = env.cr
for old, new in migration.TABLES.items():
    cr.execute("SELECT to_regclass(%s), to_regclass(%s)", (old, new))
    old_exists, new_exists = cr.fetchone()
    check(not old_exists and new_exists, f"table {old} -> {new}")
    if new_exists:
        cr.execute(f"SELECT count(*) FROM {new}")
        count = cr.fetchone()[0]
        check(
            count == before["tables"][old],
            f"{new}: {count} rows ({before['tables'][old]} in {old})",
        )
for old, new in migration.MODELS.items():
    check(
        not env["ir.model"].search_count([("model", "=", old)])
        and env["ir.model"].search_count([("model", "=", new)]) == 1,
        f"model {old} -> {new}",
    )
    check(
        not env["ir.model.fields"].search_count(["|", ("model", "=", old), ("relation", "=", old)]),
        f"no field of or to {old}",
    )
for table, count in before["linked"].items():
    column = dict(migration.MODEL_NAME_COLUMNS)[table]
    cr.execute(
        f"SELECT count(*) FILTER (WHERE {column} = 'stock.lot.recall'),"
        f" count(*) FILTER (WHERE {column} = 'traceability.recall') FROM {table}"
    )
    new_count, old_count = cr.fetchone()
    check(
        new_count == count and not old_count,
        f"{table}: {new_count} rows of stock.lot.recall ({count} of traceability.recall before)",
    )
cr.execute("SELECT module, name FROM ir_model_data")
left = [
    f"{module}.{name}"
    for module, name in cr.fetchall()
    if (
        migration._new_module_xmlid(name)
        if module == "lot_traceability"
        else migration._new_model_xmlid(name)
    )
    != name
]
check(not left, f"no external id with an old name {left[:5]}")

sequence = env.ref("lot_traceability.sequence_stock_lot_recall")
check(
    sequence.code == "stock.lot.recall" and sequence.number_next_actual == before["sequence_next"],
    f"recall sequence {sequence.code}, next number {sequence.number_next_actual}"
    f" ({before['sequence_next']} before)",
)
opened = env["stock.lot.recall"].browse(before["recalls"]["opened"])
check(
    opened.exists()
    and opened.name == before["recalls"]["opened_name"]
    and opened.state == "open"
    and len(opened.affected_lot_ids) == before["affected_lots"]
    and str(opened.held_date) == before["held_date"],
    f"recall {opened.name}: open, {len(opened.affected_lot_ids)} affected lots, held",
)
views = env["stock.lot.recall"].get_views([(False, "form")])
check(bool(views["views"]["form"]["arch"]), "the recall form view loads")
record = opened.web_read({name: {} for name in views["models"]["stock.lot.recall"]["fields"]})
check(record[0]["id"] == opened.id, "the opened recall reads through its form's fields")
check(bool(opened.message_ids) and bool(opened.activity_ids), "its messages and activity follow it")
opened.action_recompute()
check(len(opened.affected_lot_ids) == before["affected_lots"], "the opened recall recomputes")
draft = env["stock.lot.recall"].search([("state", "=", "draft"), ("is_exercise", "=", True)])
draft.action_open()
check(
    len(draft) == 1 and draft.state == "open" and bool(draft.affected_lot_ids),
    f"the draft mock recall opens ({len(draft.affected_lot_ids)} affected lots)",
)
new = env["stock.lot.recall"].create(
    {"reason": "after the update", "suspect_lot_ids": draft.suspect_lot_ids.ids}
)
check(
    new.name != opened.name and new.name.startswith("RCL/"), f"a new recall is numbered {new.name}"
)
line = env.ref("lot_traceability.production_line_forge_1_demo")
check(
    line._name == "stock.lot.production.line",
    "the demo production lines are stock.lot.production.line",
)
check(
    bool(env["stock.lot.build"].search([], limit=1)), "the build wizard's row is a stock.lot.build"
)
env.cr.rollback()
if not problems:
    print("VERIFIED")
