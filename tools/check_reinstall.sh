#!/usr/bin/env bash
# Install lot_traceability with its demo data, uninstall it, install it again, on a fresh copy of the
# dependencies template (demo data included): what a user does when trying the module twice.
#
#   tools/check_reinstall.sh            # database lt_reinstall (LT_REINSTALL_DB), logs in .test-logs/
#
# Fails when a step fails, when the module is not installed at the end, or when the reinstall logs
# an ERROR (e.g. "demo data failed to install").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB=${LT_REINSTALL_DB:-lt_reinstall}
DEV=$ROOT/tools/dev.sh
LOGS=$ROOT/.test-logs
mkdir -p "$LOGS"
say() { printf '\033[1m[check_reinstall]\033[0m %s\n' "$*" >&2; }
template=$(psql -X -tAq -d postgres -c "select datname from pg_database where datname like 'lt_deps_%' order by datname limit 1")
[ -n "$template" ] || { say "No dependencies template: run tools/dev.sh test once first."; exit 1; }
dropdb --if-exists "$DB"
createdb -T "$template" "$DB"
state() {
    psql -X -tAq -d "$DB" -c "select state from ir_module_module where name='lot_traceability'"
}
# The demo's stories in the database: a done supplier receipt, the mill that supplied it, its lot
# with the mill as supplier (column dropped at uninstall, written again at reinstall).
demo_state() {
    psql -X -tAq -d "$DB" -c "
        select (select p.state from stock_picking p join ir_model_data d on d.res_id = p.id
                 where d.module = 'lot_traceability' and d.name = 'picking_receipt_flour_demo'),
               (select count(*) from stock_picking p join ir_model_data d on d.res_id = p.id
                 where d.module = 'lot_traceability' and d.model = 'stock.picking'),
               (select l.supplier_id = d2.res_id from stock_lot l
                  join ir_model_data d on d.res_id = l.id and d.module = 'lot_traceability'
                       and d.name = 'lot_flour_demo'
                  join ir_model_data d2 on d2.module = 'lot_traceability'
                       and d2.name = 'partner_mill_demo')"
}
say "1/3 install with demo data into $DB"
"$DEV" odoo -d "$DB" -i lot_traceability --stop-after-init --log-level=warn --http-port=0 >"$LOGS/reinstall-1.log" 2>&1
[ "$(state)" = installed ] || { tail -30 "$LOGS/reinstall-1.log"; say "install failed"; exit 1; }
installed_demo=$(demo_state)
say "demo after install (receipt state|demo transfers|lot supplier is the demo mill): $installed_demo"
[ "${installed_demo%%|*}" = done ] || { say "the demo's stock was not loaded"; exit 1; }
say "2/3 uninstall"
"$DEV" odoo shell -d "$DB" --log-level=warn --http-port=0 >"$LOGS/reinstall-2.log" 2>&1 <<'PY'
env["ir.module.module"].search([("name", "=", "lot_traceability")]).button_immediate_uninstall()
env.cr.commit()
PY
[ "$(state)" = uninstalled ] || { tail -30 "$LOGS/reinstall-2.log"; say "uninstall failed"; exit 1; }
say "3/3 install again"
"$DEV" odoo -d "$DB" -i lot_traceability --stop-after-init --log-level=warn --http-port=0 >"$LOGS/reinstall-3.log" 2>&1 || true
if [ "$(state)" != installed ] || grep -E ' (ERROR|CRITICAL) ' "$LOGS/reinstall-3.log"; then
    tail -40 "$LOGS/reinstall-3.log"
    say "reinstall failed (state: $(state))"
    exit 1
fi
reinstalled_demo=$(demo_state)
say "demo after reinstall: $reinstalled_demo"
[ "$reinstalled_demo" = "$installed_demo" ] || { say "the demo differs after the reinstall"; exit 1; }
say "OK: installed with demo data, uninstalled and installed again ($DB)"
dropdb --if-exists "$DB"
