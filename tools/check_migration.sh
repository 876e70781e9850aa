#!/usr/bin/env bash
# Check the update of a database of the previous version (18.0.1.1.0, before the module's models
# took the stock.lot.* names) to the current code: lot_traceability/migrations/18.0.2.0.0/.
#
#   tools/check_migration.sh [OLD_REF]      # OLD_REF: the previous version's commit (default 8be1a1c)
#
# 1. checks out OLD_REF in a temporary git worktree and installs its lot_traceability, with demo
#    data, into a copy of the dependencies template (LT_MIGRATION_DB, default lt_migration_check);
# 2. adds what a running database has (recalls opened, held and exported, a draft mock recall, an
#    activity, a saved filter, build and label wizards) and counts the rows of the recall, build,
#    label and production line tables, the recalls' messages, followers, attachments and activities;
# 3. updates the module with the current code (-u lot_traceability): the log must hold no
#    WARNING/ERROR line (.ci/checklog-ignore aside);
# 4. checks the same rows under the new tables and names, the recall sequence going on where it
#    was, the opened recall's form and recomputation, the draft recall opening; no old name left;
# 5. installs the current code into a fresh copy and compares the two schemas (tables, sequences,
#    constraints, indexes, models, fields, external ids): the updated database must be the same.
# Exits 0 when everything holds. LT_KEEP=1 keeps the databases and the worktree for a look.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OLD_REF=${1:-8be1a1c}
DB=${LT_MIGRATION_DB:-lt_migration_check}
FRESH=${DB}_fresh
WORK=$(mktemp -d /tmp/lt_migration.XXXXXX)
OLD=$WORK/old
LOG=$WORK/log
mkdir -p "$LOG"

say() { printf '\033[1m[check_migration]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[check_migration] %s\033[0m\n' "$*" >&2; exit 1; }
filestore() { echo "${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore/$1"; }

cleanup() {
    if [ "${LT_KEEP:-0}" = 1 ]; then
        say "kept: databases $DB $FRESH, worktree $OLD, logs $LOG"
        return
    fi
    git -C "$ROOT" worktree remove --force "$OLD" >/dev/null 2>&1 || true
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    dropdb --if-exists "$FRESH" >/dev/null 2>&1 || true
    rm -rf "$(filestore "$DB")" "$(filestore "$FRESH")" "$WORK"
}
trap cleanup EXIT

copy_template() {
    local db=$1 try
    dropdb --if-exists "$db" 2>/dev/null
    rm -rf "$(filestore "$db")"
    for try in 1 2 3 4 5 6; do
        createdb -T "$TEMPLATE" "$db" 2>/dev/null && break
        [ "$try" = 6 ] && fail "Could not copy $TEMPLATE into $db"
        sleep $((RANDOM % 5 + 1))
    done
    if [ -d "$(filestore "$TEMPLATE")" ]; then
        mkdir -p "$(dirname "$(filestore "$db")")"
        cp -r "$(filestore "$TEMPLATE")" "$(filestore "$db")"
    fi
}

# WARNING/ERROR/CRITICAL lines of a log, those of .ci/checklog-ignore aside
bad_lines() {
    grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1" |
        grep -v -E -f "$ROOT/.ci/checklog-ignore" || true
}

TEMPLATE=$("$ROOT/tools/dev.sh" template)
say "previous version: $OLD_REF in $OLD"
git -C "$ROOT" worktree add --detach "$OLD" "$OLD_REF" >/dev/null 2>&1 || fail "git worktree add $OLD_REF failed"

say "installing the previous lot_traceability (with demo data) into $DB"
copy_template "$DB"
"$OLD/tools/dev.sh" odoo -d "$DB" -i lot_traceability --stop-after-init --log-level=warn \
    >"$LOG/install-old.log" 2>&1 || { tail -30 "$LOG/install-old.log"; fail "install of $OLD_REF failed"; }

say "adding recalls, wizards, messages and attachments; counting the rows"
LT_CHECK_BEFORE=$WORK/before.json "$OLD/tools/dev.sh" odoo shell -d "$DB" --log-level=warn \
    <"$ROOT/tools/check_migration/seed.py" >"$LOG/seed.log" 2>&1
grep -q "^SEEDED" "$LOG/seed.log" || { cat "$LOG/seed.log"; fail "seeding the old database failed"; }

say "updating lot_traceability with the current code"
"$ROOT/tools/dev.sh" odoo -d "$DB" -u lot_traceability --stop-after-init --log-level=info \
    >"$LOG/upgrade.log" 2>&1 || { tail -40 "$LOG/upgrade.log"; fail "the update failed"; }
status=0
bad=$(bad_lines "$LOG/upgrade.log")
if [ -n "$bad" ]; then
    printf '%s\n' "$bad" >&2
    say "PROBLEM: the update logged the WARNING/ERROR lines above"
    status=1
fi
grep -E "lot_traceability .*renamed to stock.lot" "$LOG/upgrade.log" | sed 's/^.*INFO/  INFO/' >&2 || true

say "checking the rows under their new names"
LT_CHECK_BEFORE=$WORK/before.json LT_MIGRATION_SCRIPT=$ROOT/lot_traceability/migrations/18.0.2.0.0/pre-migration.py \
    "$ROOT/tools/dev.sh" odoo shell -d "$DB" --log-level=warn \
    <"$ROOT/tools/check_migration/verify.py" >"$LOG/verify.log" 2>&1 || true
grep -E "^(OK|PROBLEM)" "$LOG/verify.log" >&2 || true
grep -q "^VERIFIED" "$LOG/verify.log" || { cat "$LOG/verify.log" >&2; status=1; }
grep -q "^PROBLEM" "$LOG/verify.log" && status=1

say "installing the current code into a fresh $FRESH to compare the schemas"
copy_template "$FRESH"
"$ROOT/tools/dev.sh" odoo -d "$FRESH" -i lot_traceability --stop-after-init --log-level=warn \
    >"$LOG/install-new.log" 2>&1 || { tail -30 "$LOG/install-new.log"; fail "fresh install failed"; }
schema() {
    psql -X -tA -d "$1" <<'SQL'
SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = 'public'
UNION ALL SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public'
UNION ALL SELECT 'index ' || indexname || ' ON ' || tablename || ' ' || regexp_replace(indexdef, '^.* USING ', '')
    FROM pg_indexes WHERE schemaname = 'public'
UNION ALL SELECT 'constraint ' || conname || ' ON ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL SELECT 'model ' || model FROM ir_model
UNION ALL SELECT 'field ' || model || '.' || name || ' ' || ttype || ' ' || coalesce(relation, '')
    || ' ' || coalesce(relation_table, '') FROM ir_model_fields
UNION ALL SELECT 'xmlid ' || module || '.' || name || ' ' || model FROM ir_model_data
    WHERE module NOT IN ('__export__', '__import__') AND model NOT IN ('ir.module.module')
UNION ALL SELECT 'ir_model_constraint ' || c.name || ' ' || c.type || ' ' || m.model
    FROM ir_model_constraint c JOIN ir_model m ON m.id = c.model
UNION ALL SELECT 'ir_model_relation ' || r.name || ' ' || m.model
    FROM ir_model_relation r JOIN ir_model m ON m.id = r.model
UNION ALL SELECT 'sequence_code ' || coalesce(code, '') || ' ' || name FROM ir_sequence
UNION ALL SELECT 'access ' || name FROM ir_model_access
ORDER BY 1
SQL
}
schema "$DB" >"$LOG/schema-updated.txt"
schema "$FRESH" >"$LOG/schema-fresh.txt"
if ! diff "$LOG/schema-fresh.txt" "$LOG/schema-updated.txt" >"$LOG/schema.diff"; then
    sed 's/^/  /' "$LOG/schema.diff" >&2
    say "PROBLEM: the updated database differs from a fresh install (< fresh, > updated)"
    status=1
else
    say "OK the updated schema is the fresh install's ($(wc -l <"$LOG/schema-fresh.txt") objects compared)"
fi

if [ "$status" = 0 ]; then
    say "migration checked: everything holds"
else
    LT_KEEP=1
    say "migration check FAILED (logs in $LOG)"
fi
exit "$status"
