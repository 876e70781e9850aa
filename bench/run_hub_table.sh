#!/usr/bin/env bash
# Issue 18's measurements in one run, one after the other, on one generated database (the 1M
# move-line one: bench/genealogy/run.sh 10), written to bench/results/hub-table-<DB>.txt.
#
#   bench/run_hub_table.sh lt_bench_1m [parts]
#
# parts (default all): genealogy, shape2, open, xlsx, fsma, writepath, load, ui
#   genealogy  bench/genealogy/bench.py: the engine and the summary in SQL against the row-level
#              answer rolled up (typical lot, water and salt hubs), Odoo's lookups capped at
#              BENCH_CAP seconds (default 60; OURS_ONLY=1 skips them)
#   shape2     the same genealogy bench on a second history shaped differently (wide fan-out:
#              generate.py --raw-lots 150), database SHAPE2_DB (default DB_fanout, made by
#              `BENCH_DB=lt_bench_1m_fanout GEN_ARGS="--raw-lots 150" bench/genealogy/run.sh 10`);
#              skipped when it does not exist
#   open       bench_recall_hub.py --parts open: the SQL-written snapshot, then the plain ORM path
#              (the switch); a large recall is opened as a person would: the request queues it,
#              the scheduler's job computes it (both timed)
#   xlsx       bench_recall_hub.py --parts form,xlsx,trace: the recall form's first read and the
#              deliveries list's first page, the recall workbook, the trace screen
#   fsma       bench_fsma.py: 100,000 FSMA 204 event rows added to the database, exported
#   writepath  bench_write_path.py: ordinary operations with and without the module's machinery
#              (1,000 lot deliveries and reservations, an MO of 100 component lots: 3 runs each;
#              a 10,000-line receipt: 1 run each)
#   load       bench_load.py: 4 workers, 50 scanner lookups + 5 trace screens, direct and through
#              HAProxy (LOAD_VIA, default direct,proxy), with the replica
#              when the cluster accepts replication (REPLICA_SETUP=1 adds the pg_hba lines itself,
#              and removes them at the end)
#   ui         bench_recall_ui.py: the salt hub's recall opened from a real browser
# Everything rolls back, but `load` and `ui`, which run on a copy of the database (dropped at the
# end).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB=${1:?usage: bench/run_hub_table.sh DATABASE [parts]}
PARTS=${2:-genealogy,shape2,open,xlsx,fsma,writepath,load,ui}
SHAPE2_DB=${SHAPE2_DB:-${DB}_fanout}
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
PY=${LT_VENV:-$HOME/.venvs/lot_traceability-18.0}/bin/python
export PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}
OUT=$ROOT/bench/results/hub-table-$DB.txt
mkdir -p "$ROOT/bench/results"
has() { [[ ",$PARTS," == *",$1,"* ]]; }
step() { printf '\n## %s  (%s; load %s)\n' "$1" "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

{
    printf '# issue 18 bench table on %s, %s\n' "$DB" "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'commit %s; %s move lines; PostgreSQL autovacuum %s\n' \
        "$(git -C "$ROOT" rev-parse --short HEAD)" \
        "$(psql -X -tAq -d "$DB" -c 'select count(*) from stock_move_line')" \
        "$(psql -X -tAq -d "$DB" -c 'show autovacuum')"
    if has genealogy; then
        step "genealogy engine and summary (bench/genealogy/bench.py)"
        "$PY" "$ROOT/bench/genealogy/bench.py" -d "$DB" \
            --addons-path "$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT" \
            --cap "${BENCH_CAP:-60}" --repeat "${BENCH_REPEAT:-3}" ${OURS_ONLY:+--ours-only}
    fi
    if has shape2; then
        step "genealogy engine and summary, shape 2 (wide fan-out) on $SHAPE2_DB"
        if psql -X -tAq -d postgres -c "select 1 from pg_database where datname='$SHAPE2_DB'" | grep -q 1; then
            printf '%s move lines\n' "$(psql -X -tAq -d "$SHAPE2_DB" -c 'select count(*) from stock_move_line')"
            "$PY" "$ROOT/bench/genealogy/bench.py" -d "$SHAPE2_DB" \
                --addons-path "$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT" \
                --cap "${BENCH_CAP:-60}" --repeat "${BENCH_REPEAT:-3}" ${OURS_ONLY:+--ours-only}
        else
            echo "no database $SHAPE2_DB: skipped"
        fi
    fi
    if has open; then
        step "recall opening: snapshot written by PostgreSQL"
        "$PY" "$ROOT/bench/bench_recall_hub.py" -d "$DB" --parts open --label sql
        step "recall opening: plain ORM path (lot_traceability.orm_only)"
        "$PY" "$ROOT/bench/bench_recall_hub.py" -d "$DB" --parts open --orm-only --label orm
    fi
    if has xlsx; then
        step "recall form, workbook and trace screen"
        "$PY" "$ROOT/bench/bench_recall_hub.py" -d "$DB" --parts form,xlsx,trace \
            --lots typical,water,salt
    fi
    if has fsma; then
        step "FSMA 204 spreadsheet: 100,000 event rows"
        "$PY" "$ROOT/bench/bench_fsma.py" -d "$DB" --sizes 100000
    fi
    if has writepath; then
        step "write path: with and without the module's machinery"
        "$PY" "$ROOT/bench/bench_write_path.py" -d "$DB" --repeat "${WRITE_REPEAT:-3}" \
            --lots 1000 --products 1000 --components 100 --operations mo,deliver,reserve
        "$PY" "$ROOT/bench/bench_write_path.py" -d "$DB" --repeat 1 --receipt-lines 10000 \
            --operations receipt
    fi
    # the load and UI benches write (logins, trace screens, a recall): on a copy of the database
    WDB=${DB}_bench_copy
    if has load || has ui; then
        step "copy of $DB for the benches that write: $WDB"
        dropdb --if-exists "$WDB" && createdb -T "$DB" "$WDB"
        FS=${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore
        rm -rf "${FS:?}/$WDB"
        [ -d "$FS/$DB" ] && cp -r "$FS/$DB" "$FS/$WDB"
    fi
    if has load; then
        step "load: 4 workers, 50 scanner lookups + 5 trace screens"
        "$PY" "$ROOT/bench/bench_load.py" -d "$WDB" --duration "${LOAD_DURATION:-60}" --replica \
            --via "${LOAD_VIA:-direct,proxy}" \
            ${REPLICA_SETUP:+--allow-replication-setup}
    fi
    if has ui; then
        step "the salt hub's recall opened from the browser"
        "$PY" "$ROOT/bench/bench_recall_ui.py" -d "$WDB"
    fi
    if has load || has ui; then
        dropdb --if-exists "$WDB"
        rm -rf "${FS:?}/$WDB"
    fi
    step "end"
} 2>&1 | tee "$OUT"
