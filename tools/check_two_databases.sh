#!/usr/bin/env bash
# Shared traceability across two databases, for real: the mill and the bakery, each in its own
# database served by its own Odoo on this machine (localhost only).
#
#   tools/check_two_databases.sh
#
# 1. Two fresh databases (copies of the dependencies template of tools/dev.sh, lot_traceability
#    installed): $LT_MILL_DB and $LT_BAKERY_DB.
# 2. The mill receives a wheat lot from a farm, grinds it into a flour lot (manufacturing order)
#    and delivers the flour to the bakery; the bakery's contact gets a portal user with an API key
#    and EPCIS access.
# 3. The bakery knows the mill as a supplier (EPCIS endpoint http://127.0.0.1:$LT_MILL_PORT/epcis
#    and the key), receives the flour lot (the mill's lot number as supplier lot) and bakes it
#    into a cookie batch.
# 4. Both servers start; through the bakery's server (JSON-RPC, as the UI's button does) the
#    flour receipt's *Fetch from Supplier* asks the mill's server for the events; the cookie
#    batch's upstream trace must then show the mill's wheat lot above the flour. A wrong key
#    must be refused with the mill's HTTP 401.
#    The mill serves one event a page (system parameter lot_traceability.epcis_per_page): the
#    fetch follows every page. Then the mill recalls its wheat lot and the bakery fetches again:
#    its flour lot must be put in quarantine (supplier recall).
# 5. The servers are stopped (also on failure); the databases are kept for a look
#    (tools/dev.sh odoo -d $LT_BAKERY_DB --http-port=...), dropped by the next run.
#
# Settings: LT_MILL_DB (lt_epcisin_mill), LT_BAKERY_DB (lt_epcisin_bakery), LT_MILL_PORT (8216),
# LT_BAKERY_PORT (8206). Exit status 0 when the bakery's trace shows the mill's wheat lot.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEV=$ROOT/tools/dev.sh
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
LT_VENV=${LT_VENV:-$HOME/.venvs/lot_traceability-18.0}
PY=$LT_VENV/bin/python
MILL_DB=${LT_MILL_DB:-lt_epcisin_mill}
BAKERY_DB=${LT_BAKERY_DB:-lt_epcisin_bakery}
MILL_PORT=${LT_MILL_PORT:-8216}
BAKERY_PORT=${LT_BAKERY_PORT:-8206}
LOGDIR=$ROOT/.test-logs/two-databases
DEPENDS=stock,mrp,product_expiry,barcodes_gs1_nomenclature
PIDS=()

say() { printf '\033[1m[two databases]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[two databases] %s\033[0m\n' "$*" >&2; exit 1; }

stop_servers() {
    local pid
    # each server runs in its own session (setsid): its whole process group is stopped, the
    # odoo-bin python process included, not only tools/dev.sh's shell
    for pid in "${PIDS[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT

filestore() { echo "${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore/$1"; }

# The dependencies template of tools/dev.sh (same key), created by a first `tools/dev.sh test`.
template() {
    local key
    key=$( (echo "$ODOO_SRC $DEPENDS"; cat "$ODOO_SRC/odoo/release.py"; stat -c %Y "$ODOO_SRC"/addons/*/__manifest__.py) |
        sha1sum | cut -c1-10)
    [ "$(psql -X -tAq -d postgres -c "select 1 from pg_database where datname='lt_deps_$key'")" = 1 ] ||
        die "No template database lt_deps_$key: run tools/dev.sh test once first."
    echo "lt_deps_$key"
}

fresh_database() {
    local db=$1 tpl=$2 try
    dropdb --if-exists "$db"
    rm -rf "$(filestore "$db")"
    for try in 1 2 3 4 5 6; do
        createdb -T "$tpl" "$db" 2>/dev/null && break
        [ "$try" = 6 ] && die "Could not copy $tpl into $db"
        sleep $((RANDOM % 5 + 1))
    done
    if [ -d "$(filestore "$tpl")" ]; then
        mkdir -p "$(dirname "$(filestore "$db")")"
        cp -r "$(filestore "$tpl")" "$(filestore "$db")"
    fi
    "$DEV" odoo -d "$db" -i lot_traceability --stop-after-init --log-level=warn >"$LOGDIR/install-$db.log" 2>&1 ||
        { tail -30 "$LOGDIR/install-$db.log"; die "Installing lot_traceability into $db failed"; }
}

shell() { "$DEV" odoo shell -d "$1" --log-level=warn --no-http 2>>"$LOGDIR/shell-$1.log"; }

serve() {
    local db=$1 port=$2
    setsid "$DEV" odoo -d "$db" --db-filter="^$db\$" --http-port="$port" --http-interface=127.0.0.1 \
        --workers=0 --max-cron-threads=0 --log-level=info >"$LOGDIR/server-$db.log" 2>&1 &
    PIDS+=("$!")
}

wait_for() {
    local port=$1 try
    for try in $(seq 1 90); do
        curl -fs "http://127.0.0.1:$port/web/health" >/dev/null 2>&1 && return 0
        sleep 1
    done
    die "No Odoo answered on port $port (log: $LOGDIR)"
}

mkdir -p "$LOGDIR"
tpl=$(template)
say "Fresh databases $MILL_DB and $BAKERY_DB from $tpl"
fresh_database "$MILL_DB" "$tpl" &
mill_install=$!
fresh_database "$BAKERY_DB" "$tpl"
wait "$mill_install" || die "The mill's database could not be made"

say "The mill: wheat received from the farm, ground into flour, delivered to the bakery"
MILL_OUT=$(shell "$MILL_DB" <<'PY'
from odoo import Command
from odoo.tests import Form
env = env(context=dict(env.context, tracking_disable=True))
kg = env.ref("uom.product_uom_kgm")
warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
supplier = env.ref("stock.stock_location_suppliers")
customer = env.ref("stock.stock_location_customers")
production = env["stock.location"].search([("usage", "=", "production"), ("company_id", "=", env.company.id)], limit=1)
def product(name, gtin):
    return env["product.product"].create({"name": name, "barcode": gtin, "is_storable": True,
        "tracking": "lot", "uom_id": kg.id, "uom_po_id": kg.id})
wheat = product("Two-DB Soft Wheat", "03012345000024")
flour = product("Two-DB Flour T55", "03012345000031")
farm = env["res.partner"].create({"name": "Two-DB Farm", "is_company": True})
bakery = env["res.partner"].create({"name": "Two-DB Bakery", "is_company": True})
bakery.epcis_access = True  # the bakery's users may query the mill's /epcis/events
# one event a page: the bakery's Fetch must follow the Link rel="next" of every page
env["ir.config_parameter"].set_param("lot_traceability.epcis_per_page", 1)
env.company.epcis_partner_scope = "full"  # and see the mill's upstream chain
def move(lot, qty, src, dst, partner, ptype):
    picking = env["stock.picking"].create({"picking_type_id": ptype.id, "partner_id": partner.id,
        "location_id": src.id, "location_dest_id": dst.id, "move_ids": [Command.create({
            "name": lot.product_id.name, "product_id": lot.product_id.id, "product_uom": kg.id,
            "product_uom_qty": qty, "location_id": src.id, "location_dest_id": dst.id})]})
    picking.action_confirm()
    picking.move_ids.move_line_ids.unlink()
    env["stock.move.line"].create({"move_id": picking.move_ids.id, "picking_id": picking.id,
        "product_id": lot.product_id.id, "product_uom_id": kg.id, "lot_id": lot.id, "quantity": qty,
        "location_id": src.id, "location_dest_id": dst.id})
    picking.move_ids.picked = True
    picking._action_done()
    return picking
wheat_lot = env["stock.lot"].create({"name": "TDB-WHEAT-0007", "product_id": wheat.id})
move(wheat_lot, 1300, supplier, warehouse.lot_stock_id, farm, warehouse.in_type_id)
bom = env["mrp.bom"].create({"product_tmpl_id": flour.product_tmpl_id.id, "product_qty": 1000,
    "product_uom_id": kg.id, "bom_line_ids": [Command.create({"product_id": wheat.id,
    "product_qty": 1300, "product_uom_id": kg.id})]})
flour_lot = env["stock.lot"].create({"name": "TDB-FLOUR-0042", "product_id": flour.id})
form = Form(env["mrp.production"])
form.product_id = flour
form.bom_id = bom
form.product_qty = 1000
mo = form.save()
mo.action_confirm()
form = Form(mo)
form.qty_producing = 1000
form.lot_producing_id = flour_lot
mo = form.save()
for raw in mo.move_raw_ids:
    raw.move_line_ids.unlink()
    env["stock.move.line"].create({"move_id": raw.id, "product_id": wheat.id, "product_uom_id": kg.id,
        "lot_id": wheat_lot.id, "quantity": 1300, "location_id": raw.location_id.id,
        "location_dest_id": raw.location_dest_id.id})
mo.move_raw_ids.picked = True
mo.button_mark_done()
assert mo.state == "done", mo.state
move(flour_lot, 100, warehouse.lot_stock_id, customer, bakery, warehouse.out_type_id)
portal = env["res.users"].create({"name": "Two-DB Bakery EPCIS", "login": "tdb-bakery-epcis",
    "partner_id": bakery.id, "groups_id": [Command.set([env.ref("base.group_portal").id])]})
key = env["res.users.apikeys"].with_user(portal).sudo()._generate(
    "lot_traceability.epcis", "bakery fetch", None)
env.cr.commit()
print("MILL_KEY=" + key)
print("MILL_FLOUR_LOT=" + flour_lot.name)
PY
)
MILL_KEY=$(sed -n 's/^MILL_KEY=//p' <<<"$MILL_OUT")
[ -n "$MILL_KEY" ] || { echo "$MILL_OUT"; tail -30 "$LOGDIR/shell-$MILL_DB.log"; die "The mill's story failed"; }

say "The bakery: the mill as a supplier with its endpoint, the flour received and baked"
BAKERY_OUT=$(MILL_KEY=$MILL_KEY MILL_PORT=$MILL_PORT shell "$BAKERY_DB" <<'PY'
import os
from odoo import Command
from odoo.tests import Form
env = env(context=dict(env.context, tracking_disable=True))
kg = env.ref("uom.product_uom_kgm")
warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
supplier = env.ref("stock.stock_location_suppliers")
def product(name, gtin, **vals):
    return env["product.product"].create({"name": name, "barcode": gtin, "tracking": "lot",
        "uom_id": kg.id, "uom_po_id": kg.id, **vals})
flour = product("Two-DB Flour T55", "03012345000031", is_storable=True)
product("Two-DB Soft Wheat (the mill's)", "03012345000024", type="consu")
dough = env["product.product"].create({"name": "Two-DB Cookie Dough", "is_storable": True,
    "tracking": "lot", "uom_id": kg.id, "uom_po_id": kg.id})
mill = env["res.partner"].create({"name": "Two-DB Mill", "is_company": True,
    "epcis_endpoint_url": f"http://127.0.0.1:{os.environ['MILL_PORT']}/epcis",
    "epcis_api_key": os.environ["MILL_KEY"]})
flour_lot = env["stock.lot"].create({"name": "BAKERY-FLOUR-0001", "product_id": flour.id,
    "supplier_lot_name": "TDB-FLOUR-0042"})
receipt = env["stock.picking"].create({"picking_type_id": warehouse.in_type_id.id,
    "partner_id": mill.id, "location_id": supplier.id, "location_dest_id": warehouse.lot_stock_id.id,
    "move_ids": [Command.create({"name": flour.name, "product_id": flour.id, "product_uom": kg.id,
        "product_uom_qty": 100, "location_id": supplier.id,
        "location_dest_id": warehouse.lot_stock_id.id})]})
receipt.action_confirm()
receipt.move_ids.move_line_ids.unlink()
env["stock.move.line"].create({"move_id": receipt.move_ids.id, "picking_id": receipt.id,
    "product_id": flour.id, "product_uom_id": kg.id, "lot_id": flour_lot.id, "quantity": 100,
    "location_id": supplier.id, "location_dest_id": warehouse.lot_stock_id.id})
receipt.move_ids.picked = True
receipt._action_done()
bom = env["mrp.bom"].create({"product_tmpl_id": dough.product_tmpl_id.id, "product_qty": 10,
    "product_uom_id": kg.id, "bom_line_ids": [Command.create({"product_id": flour.id,
    "product_qty": 6, "product_uom_id": kg.id})]})
dough_lot = env["stock.lot"].create({"name": "BAKERY-DOUGH-0001", "product_id": dough.id})
form = Form(env["mrp.production"])
form.product_id = dough
form.bom_id = bom
form.product_qty = 10
mo = form.save()
mo.action_confirm()
form = Form(mo)
form.qty_producing = 10
form.lot_producing_id = dough_lot
mo = form.save()
for raw in mo.move_raw_ids:
    raw.move_line_ids.unlink()
    env["stock.move.line"].create({"move_id": raw.id, "product_id": flour.id, "product_uom_id": kg.id,
        "lot_id": flour_lot.id, "quantity": 6, "location_id": raw.location_id.id,
        "location_dest_id": raw.location_dest_id.id})
mo.move_raw_ids.picked = True
mo.button_mark_done()
assert mo.state == "done", mo.state
env.ref("base.user_admin").password = "admin"
env.cr.commit()
print(f"BAKERY_RECEIPT={receipt.id}")
print(f"BAKERY_DOUGH_LOT={dough_lot.id}")
print(f"BAKERY_MILL={mill.id}")
PY
)
RECEIPT=$(sed -n 's/^BAKERY_RECEIPT=//p' <<<"$BAKERY_OUT")
DOUGH=$(sed -n 's/^BAKERY_DOUGH_LOT=//p' <<<"$BAKERY_OUT")
MILL=$(sed -n 's/^BAKERY_MILL=//p' <<<"$BAKERY_OUT")
[ -n "$RECEIPT" ] && [ -n "$DOUGH" ] ||
    { echo "$BAKERY_OUT"; tail -30 "$LOGDIR/shell-$BAKERY_DB.log"; die "The bakery's story failed"; }

say "Serving the mill on 127.0.0.1:$MILL_PORT and the bakery on 127.0.0.1:$BAKERY_PORT"
serve "$MILL_DB" "$MILL_PORT"
serve "$BAKERY_DB" "$BAKERY_PORT"
wait_for "$MILL_PORT"
wait_for "$BAKERY_PORT"

say "The bakery fetches the mill's events for its flour receipt (through its own server)"
"$PY" - "$BAKERY_PORT" "$BAKERY_DB" "$RECEIPT" "$DOUGH" "$MILL" "$MILL_PORT" "$MILL_DB" <<'PY'
import json
import sys
import urllib.request

port, db, receipt, dough, mill = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
mill_port, mill_db = sys.argv[6], sys.argv[7]


def rpc(port, service, method, args):
    payload = {"jsonrpc": "2.0", "method": "call",
               "params": {"service": service, "method": method, "args": args}}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/jsonrpc",
                                     json.dumps(payload).encode(), {"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(request, timeout=120))
    if answer.get("error"):
        raise RuntimeError(answer["error"]["data"]["message"])
    return answer["result"]


def call(model, method, args, kwargs=None, port=port, db=db):
    user = uid if db != mill_db else mill_uid
    return rpc(port, "object", "execute_kw", [db, user, "admin", model, method, args, kwargs or {}])


uid = rpc(port, "common", "login", [db, "admin", "admin"])
mill_uid = rpc(mill_port, "common", "login", [mill_db, "admin", "admin"])

# a wrong key first: the mill refuses it, the bakery says so and writes nothing
key = call("res.partner", "read", [[mill], ["epcis_api_key"]])[0]["epcis_api_key"]
call("res.partner", "write", [[mill], {"epcis_api_key": "wrong-key"}])
try:
    call("stock.picking", "action_epcis_fetch", [[receipt]])
    sys.exit("FAIL: a wrong key was not refused")
except RuntimeError as error:
    print(f"wrong key refused: {error}")
    assert "401" in str(error), error
call("res.partner", "write", [[mill], {"epcis_api_key": key}])

action = call("stock.picking", "action_epcis_fetch", [[receipt]])
print("fetch:", action["params"]["message"])
# the flour's delivery and the mill's grinding, one a page (2 pages followed)
assert action["params"]["message"].startswith("2 events imported"), action["params"]["message"]
action = call("stock.picking", "action_epcis_fetch", [[receipt]])
print("fetch again:", action["params"]["message"])
trace = call("stock.lot", "action_view_upstream_lots", [[dough]])["res_id"]
lines = call("stock.lot.trace.line", "search_read", [[("trace_id", "=", trace)]],
             {"fields": ["name", "product_id", "quantity", "document"], "order": "sequence"})
print("upstream trace of the cookie dough in the bakery's database:")
for line in lines:
    print(f"  {line['name'].replace(chr(160), ' '):40} {line['product_id'][1]:36} "
          f"{line['quantity']:>8} {line['document'] or ''}")
names = [line["name"].replace("\u00a0", " ").strip("└ ").strip() for line in lines]
if "TDB-WHEAT-0007" not in names:
    sys.exit("FAIL: the mill's wheat lot is not above the flour in the bakery's trace")
assert names.index("BAKERY-FLOUR-0001") < names.index("TDB-WHEAT-0007"), names
print("OK: the mill's wheat lot TDB-WHEAT-0007 is above the flour lot in the bakery's trace")

# the mill recalls its wheat lot (through its own server: the chatter records the recall)
wheat = call("stock.lot", "search", [[("name", "=", "TDB-WHEAT-0007")]], port=mill_port, db=mill_db)
call("stock.lot", "write", [wheat, {"trace_status": "recalled", "trace_status_reason": "Ergot"}],
     port=mill_port, db=mill_db)
action = call("stock.picking", "action_epcis_fetch", [[receipt]])
print("fetch after the mill's recall:", action["params"]["message"])
assert action["params"]["type"] == "warning", action
assert "Supplier recall" in action["params"]["message"], action
flour = call("stock.lot", "search_read", [[("name", "=", "BAKERY-FLOUR-0001")]],
             {"fields": ["trace_status", "trace_status_reason"]})[0]
print(f"bakery's flour lot: {flour['trace_status']} ({flour['trace_status_reason']})")
assert flour["trace_status"] == "quarantine", flour
print("OK: the mill's recall of its wheat lot put the bakery's flour lot in quarantine")
PY
stop_servers
PIDS=()
for port in "$MILL_PORT" "$BAKERY_PORT"; do
    ! curl -fs "http://127.0.0.1:$port/web/health" >/dev/null 2>&1 || die "A server still answers on $port"
done
say "Done: servers stopped; databases $MILL_DB and $BAKERY_DB kept (logs in $LOGDIR)"
