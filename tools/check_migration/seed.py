# Run by tools/check_migration.sh in `odoo shell` on the PREVIOUS version (old model names):
# gives the demo database what a running one has, then writes the row counts to $LT_CHECK_BEFORE.
import json
import os

from odoo import Command

env = globals()["env"](context=dict(globals()["env"].context, tracking_disable=False))
flour = env.ref("lot_traceability.lot_flour_demo")
butter = env.ref("lot_traceability.lot_butter_demo")
Recall = env["traceability.recall"]

# an open recall: affected set computed, stock held, exported, with an activity
opened = Recall.create(
    {"reason": "Migration check: mill recall", "suspect_lot_ids": [Command.set(flour.ids)]}
)
opened.action_open()
opened.action_hold_stock()
opened.action_export_xlsx()
opened.activity_schedule("mail.mail_activity_data_todo", summary="Call the mill")
# a draft mock recall, to open after the update
Recall.create(
    {
        "reason": "Migration check: mock recall",
        "is_exercise": True,
        "suspect_lot_ids": [Command.set(butter.ids)],
    }
)
env["ir.filters"].create(
    {
        "name": "Open recalls",
        "model_id": "traceability.recall",
        "domain": "[('state', '=', 'open')]",
        "user_id": env.uid,
    }
)
cookie = env.ref("lot_traceability.product_cookie_batch_demo")
env["lot_traceability.build"].create({"product_id": cookie.id})
env["lot.traceability.label.print"].create({"lot_ids": [Command.set(flour.ids)]})
env.cr.commit()

TABLES = [
    "traceability_recall",
    "traceability_recall_lot",
    "traceability_recall_customer",
    "traceability_recall_delivery",
    "traceability_recall_onhand",
    "traceability_recall_shipment",
    "traceability_recall_supplier_receipt",
    "traceability_recall_suspect_lot_rel",
    "traceability_recall_customer_address_rel",
    "stock_production_line",
    "lot_traceability_build",
    "lot_traceability_build_unit",
    "lot_traceability_build_line",
    "lot_traceability_label_print",
]
counts = {}
for table in TABLES:
    env.cr.execute(f"SELECT count(*) FROM {table}")
    counts[table] = env.cr.fetchone()[0]
linked = {}
for table, column in [
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
    ("ir_attachment", "res_model"),
    ("ir_filters", "model_id"),
]:
    env.cr.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'traceability.recall'")
    linked[table] = env.cr.fetchone()[0]
sequence = env.ref("lot_traceability.sequence_traceability_recall")
before = {
    "tables": counts,
    "linked": linked,
    "recalls": {"opened": opened.id, "opened_name": opened.name},
    "sequence_next": sequence.number_next_actual,
    "affected_lots": len(opened.affected_lot_ids),
    "held_date": str(opened.held_date),
}
with open(os.environ["LT_CHECK_BEFORE"], "w") as out:
    json.dump(before, out, indent=1)
print("SEEDED", json.dumps(before))
