#!/usr/bin/env bash
# Build a benchmark database and time the genealogy against Odoo's own lookups.
#   bench/genealogy/run.sh [SCALE]     SCALE 1 ~ 100k move lines (default), 10 ~ 1M
# Settings: BENCH_DB (default lt_bench_genealogy_<scale>), BENCH_CAP (seconds per Odoo
# measurement, default 120), BENCH_REPEAT (runs of ours, median, default 5), KEEP_DB=1 to reuse
# an existing generated database, OURS_ONLY=1 to skip Odoo's (slow) measurements, GEN_ARGS: the
# history's shape, options of generate.py (e.g. GEN_ARGS="--raw-lots 150"; see README.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCALE=${1:-1}
DB=${BENCH_DB:-lt_bench_genealogy_$SCALE}
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
LT_VENV=${LT_VENV:-$HOME/.venvs/lot_traceability-18.0}
PY=$LT_VENV/bin/python
ADDONS=$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT
export PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}
GEN_ARGS=${GEN_ARGS:-}
# one results file per shape: genealogy-10.txt, genealogy-10-raw-lots-150.txt
RESULTS=$ROOT/bench/results/genealogy-$SCALE$(echo "${GEN_ARGS:+ $GEN_ARGS}" | tr -s ' =' '-').txt
mkdir -p "$ROOT/bench/results"

if [ "${KEEP_DB:-0}" != 1 ] || ! psql -X -tAq -d postgres -c "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    # The dependencies template of tools/dev.sh (stock, mrp, ... installed): run `tools/dev.sh test` once.
    TEMPLATE=$(psql -X -tAq -d postgres -c "select datname from pg_database where datname like 'lt_deps_%' and datname not like '%_tmp' order by datname limit 1")
    [ -n "$TEMPLATE" ] || { echo "No lt_deps_* template database: run tools/dev.sh test once." >&2; exit 1; }
    echo "Creating $DB from $TEMPLATE and installing lot_traceability"
    dropdb --if-exists "$DB"
    createdb -T "$TEMPLATE" "$DB"
    FS=${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore
    rm -rf "$FS/$DB"
    [ -d "$FS/$TEMPLATE" ] && cp -r "$FS/$TEMPLATE" "$FS/$DB"
    "$ROOT/tools/dev.sh" odoo -d "$DB" -i lot_traceability --stop-after-init --log-level=warn
    echo "Generating the history (scale $SCALE${GEN_ARGS:+, $GEN_ARGS})"
    # shellcheck disable=SC2086  # GEN_ARGS is a list of options
    "$PY" "$ROOT/bench/genealogy/generate.py" -d "$DB" --scale "$SCALE" --addons-path "$ADDONS" $GEN_ARGS
    # the tables as autovacuum leaves them (visibility map set: index-only scans read no heap)
    psql -X -q -d "$DB" -c "VACUUM ANALYZE"
fi
"$PY" "$ROOT/bench/genealogy/bench.py" -d "$DB" --addons-path "$ADDONS" \
    --cap "${BENCH_CAP:-120}" --repeat "${BENCH_REPEAT:-5}" ${OURS_ONLY:+--ours-only} | tee "$RESULTS"
