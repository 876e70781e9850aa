#!/usr/bin/env bash
# lot_traceability development entry point.
#
#   tools/dev.sh run    # set up once, then serve Odoo + the module + demo data on http://localhost:8069
#   tools/dev.sh test   # run the whole test suite on a freshly created database (pytest-odoo)
#   tools/dev.sh lint   # ruff (lint + format check), pylint-odoo's mandatory checks, prettier
#                       # (check) of the XML/JS/SCSS and eslint: what .pre-commit-config.yaml runs
#   tools/dev.sh fmt    # ruff format + ruff's fixes, prettier --write: the fixes `lint` asks for
#   tools/dev.sh pot    # regenerate lot_traceability/i18n/lot_traceability.pot (on LT_POT_DB)
#   tools/dev.sh tool ruff|pylint|prettier|eslint ARGS   # one tool at its pinned version
#   tools/dev.sh setup  # only create/refresh the Python environment, node_modules and system packages
#
# Settings (environment variables):
#   ODOO_SRC   Odoo 18.0 source tree                 (default /opt/odoo/18.0)
#   LT_VENV    Python virtualenv to create/use       (default ~/.venvs/lot_traceability-18.0)
#   LT_DB      database served by `run`              (default lot_traceability_demo)
#   LT_TEST_DB database (re)created by `test`        (default lot_traceability_test)
#   LT_PORT    HTTP port of `run`                    (default 8069)
#   LT_TEST_PORT HTTP port of the tests' server       (default 8169)
#   LT_POT_DB  database (re)created by `pot`         (default lot_traceability_pot)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD               the usual libpq variables
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=lot_traceability
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
LT_VENV=${LT_VENV:-$HOME/.venvs/lot_traceability-18.0}
LT_DB=${LT_DB:-lot_traceability_demo}
LT_TEST_DB=${LT_TEST_DB:-lot_traceability_test}
LT_PORT=${LT_PORT:-8069}
# Odoo modules our module stands on (installed first, so that the install of ours can be checked on its own).
DEPENDS=stock,mrp,product_expiry,barcodes_gs1_nomenclature
# The valuation bridge (lot costs from stock_account): tested on its own database, with stock_account,
# so that the module's own tests keep running without accounting.
BRIDGE=lot_traceability_account
BRIDGE_DEPENDS=$DEPENDS,stock_account
DEB_PACKAGES=(libldap2-dev libsasl2-dev libpq-dev wkhtmltopdf chromium dmtx-utils zbar-tools poppler-utils)
STATE_DIR=$LT_VENV/.lot_traceability
PY=$LT_VENV/bin/python

say() { printf '\033[1m[lot_traceability]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[lot_traceability] %s\033[0m\n' "$*" >&2; exit 1; }

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        die "No Odoo source at ODOO_SRC=$ODOO_SRC (odoo-bin missing).
Get Odoo 18.0 from its official repository and point ODOO_SRC at it, e.g.:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo/18.0
    ODOO_SRC=/opt/odoo/18.0 $0 ${CMD:-run}"
    fi
    local series
    series=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$ODOO_SRC/odoo/release.py")
    [ "$series" = "18.0" ] || die "ODOO_SRC=$ODOO_SRC holds Odoo $series; this module needs the 18.0 branch."
}

check_postgres() {
    command -v pg_isready >/dev/null || die "pg_isready not found: install the PostgreSQL client (apt-get install postgresql-client)."
    if ! timeout 5 pg_isready -q -t 3; then
        die "PostgreSQL is not reachable (host ${PGHOST:-local socket}, port ${PGPORT:-5432}, user ${PGUSER:-$(id -un)}).
Start it (Debian/Ubuntu: 'pg_ctlcluster 15 main start' or 'service postgresql start'),
or point to a running server with the usual variables, e.g. PGHOST=127.0.0.1 PGPORT=5432 PGUSER=odoo PGPASSWORD=…"
    fi
    timeout 10 psql -X -q -d postgres -c 'select 1' >/dev/null 2>&1 ||
        die "PostgreSQL answers but refuses user ${PGUSER:-$(id -un)}: create a role that can create databases,
e.g. 'sudo -u postgres createuser --createdb $(id -un)', or set PGUSER/PGPASSWORD."
}

install_system_packages() {
    local missing=() pkg
    for pkg in "${DEB_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing Debian packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "Missing system packages. Install them with:
    sudo apt-get install -y ${missing[*]}"
    fi
}

setup_venv() {
    install_system_packages
    local stamp wanted
    wanted=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/tools/requirements-dev.txt" | sha1sum | cut -d' ' -f1)
    stamp=$STATE_DIR/requirements.sha1
    if [ -x "$PY" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
        return 0
    fi
    say "Creating the Python environment in $LT_VENV (first time: a few minutes)"
    [ -x "$PY" ] || python3 -m venv "$LT_VENV"
    mkdir -p "$STATE_DIR"
    # cbor2 (Odoo requirement) cannot build with setuptools >= 81.
    printf 'setuptools<81\n' >"$STATE_DIR/build-constraints.txt"
    export PIP_CONSTRAINT=$STATE_DIR/build-constraints.txt PIP_DISABLE_PIP_VERSION_CHECK=1
    "$PY" -m pip install -q 'setuptools<81' wheel
    "$PY" -m pip install -q -r "$ODOO_SRC/requirements.txt" -r "$ROOT/tools/requirements-dev.txt" 2>&1 |
        grep -v "is ignored: it is neither a file nor a directory" >&2 || true
    PYTHONPATH=$ODOO_SRC "$PY" -c "import psycopg2, qrcode, xlsxwriter, pytest_odoo, websocket, jsonschema" ||
        die "The Python environment $LT_VENV is incomplete: see pip's messages above."
    printf '%s\n' "$wanted" >"$stamp"
}

odoo_db_args() {
    [ -z "${PGHOST:-}" ] || printf -- '--db_host=%s\n' "$PGHOST"
    [ -z "${PGPORT:-}" ] || printf -- '--db_port=%s\n' "$PGPORT"
    [ -z "${PGUSER:-}" ] || printf -- '--db_user=%s\n' "$PGUSER"
    [ -z "${PGPASSWORD:-}" ] || printf -- '--db_password=%s\n' "$PGPASSWORD"
}

odoo() {
    # The Odoo source may carry no run bits: start odoo-bin through python.
    local db_args
    mapfile -t db_args < <(odoo_db_args)
    "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT" \
        "${db_args[@]}" "$@"
}

module_hash() {
    (cd "$ROOT" && find "$MODULE" -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
}

db_exists() { [ "$(psql -X -tAq -d postgres -c "select 1 from pg_database where datname='$1'")" = 1 ]; }

cmd_run() {
    check_odoo_src
    check_postgres
    setup_venv
    local hash stamp
    hash=$(module_hash)
    stamp=$STATE_DIR/$LT_DB.module.sha1
    if ! db_exists "$LT_DB"; then
        say "Creating database $LT_DB with $MODULE and demo data (first time: ~2 minutes)"
        if ! odoo -d "$LT_DB" -i "$MODULE" --stop-after-init --log-level=warn >"$STATE_DIR/$LT_DB.install.log" 2>&1; then
            tail -30 "$STATE_DIR/$LT_DB.install.log" >&2
            dropdb --if-exists "$LT_DB"
            die "Installing $MODULE into $LT_DB failed (log: $STATE_DIR/$LT_DB.install.log)"
        fi
        odoo shell -d "$LT_DB" --log-level=warn <<<'env.ref("base.user_admin").password = "admin"; env.cr.commit()' >/dev/null
        printf '%s\n' "$hash" >"$stamp"
    elif [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
        say "Module code changed: upgrading $MODULE in $LT_DB"
        odoo -d "$LT_DB" -u "$MODULE" --stop-after-init --log-level=warn >"$STATE_DIR/$LT_DB.upgrade.log" 2>&1 ||
            { tail -30 "$STATE_DIR/$LT_DB.upgrade.log" >&2; die "Upgrading $MODULE in $LT_DB failed"; }
        printf '%s\n' "$hash" >"$stamp"
    fi
    say "Odoo is starting on http://localhost:$LT_PORT  (login admin / password admin, database $LT_DB)"
    odoo -d "$LT_DB" --db-filter="^$LT_DB\$" --http-port="$LT_PORT" --http-interface=127.0.0.1
}

# OCA-style checklog: any WARNING/ERROR/CRITICAL line fails the run, except the patterns in .ci/checklog-ignore.
checklog() {
    local log=$1 ignore=$ROOT/.ci/checklog-ignore bad
    bad=$(grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" | grep -v -E -f "$ignore" || true)
    if [ -n "$bad" ]; then
        printf '%s\n' "$bad" >&2
        say "checklog: the lines above are WARNING/ERROR lines logged while installing or testing $MODULE."
        return 1
    fi
}

filestore() { echo "${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore/$1"; }

# Databases with only the dependencies installed (demo data included) are kept as templates, keyed by the
# Odoo commit and the dependency list, so that each test run starts from a fresh copy in seconds.
deps_template() {
    local key deps=${2:-$DEPENDS}
    key=$( (echo "$ODOO_SRC $deps"; cat "$ODOO_SRC/odoo/release.py"; stat -c %Y "$ODOO_SRC"/addons/*/__manifest__.py) |
        sha1sum | cut -c1-10)
    local template=lt_deps_$key
    if ! db_exists "$template"; then
        say "Creating the dependencies template database $template (once: ~2 minutes)"
        dropdb --if-exists "${template}_tmp"
        rm -rf "$(filestore "${template}_tmp")"
        odoo -d "${template}_tmp" -i "$deps" --stop-after-init --log-level=warn \
            >"$1/install-depends.log" 2>&1 || { tail -50 "$1/install-depends.log"; die "Installing $deps failed"; }
        psql -X -q -d postgres -c "ALTER DATABASE \"${template}_tmp\" RENAME TO \"$template\"" >/dev/null
        rm -rf "$(filestore "$template")"
        [ -d "$(filestore "${template}_tmp")" ] && mv "$(filestore "${template}_tmp")" "$(filestore "$template")"
    fi
    echo "$template"
}

cmd_test() {
    check_odoo_src
    check_postgres
    setup_venv
    local logdir=$ROOT/.test-logs status=0 template rc
    mkdir -p "$logdir"
    template=$(deps_template "$logdir")
    say "Creating a fresh database $LT_TEST_DB from $template"
    dropdb --if-exists "$LT_TEST_DB"
    rm -rf "$(filestore "$LT_TEST_DB")"
    # Two runs copying the template at the same moment collide ("being accessed by other users"): retry.
    local try
    for try in 1 2 3 4 5 6; do
        createdb -T "$template" "$LT_TEST_DB" 2>/dev/null && break
        [ "$try" = 6 ] && die "Could not copy $template into $LT_TEST_DB (is a session connected to $template?)"
        sleep $((RANDOM % 5 + 1))
    done
    if [ -d "$(filestore "$template")" ]; then
        mkdir -p "$(dirname "$(filestore "$LT_TEST_DB")")"
        cp -r "$(filestore "$template")" "$(filestore "$LT_TEST_DB")"
    fi
    say "Installing $MODULE"
    odoo -d "$LT_TEST_DB" -i "$MODULE" --stop-after-init --log-level=info \
        >"$logdir/install.log" 2>&1 || { tail -50 "$logdir/install.log"; die "Installing $MODULE failed"; }
    checklog "$logdir/install.log" || status=1
    # pytest-odoo reads its Odoo settings from a configuration file.
    rc=$logdir/odoo-test.conf
    cat >"$rc" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT
db_name = $LT_TEST_DB
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
http_port = ${LT_TEST_PORT:-8169}
http_interface = 127.0.0.1
CONF
    say "Running the test suite"
    (
        cd "$ROOT"
        export PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}
        "$PY" -m pytest -c "$ROOT/pytest.ini" --odoo-config="$rc" --odoo-database="$LT_TEST_DB" --odoo-http \
            --odoo-log-level=warn -s "$@" "$MODULE/tests"
    ) 2>&1 | tee "$logdir/test.log"
    local pytest_status=${PIPESTATUS[0]}
    [ "$pytest_status" = 0 ] || status=$pytest_status
    checklog "$logdir/test.log" || status=1
    test_bridge "$logdir" "$@" || status=1
    return "$status"
}

# The bridge's tests, on their own database ($LT_TEST_DB_account) with stock_account installed.
test_bridge() {
    local logdir=$1 db=${LT_TEST_DB}_account template try status=0
    shift
    template=$(deps_template "$logdir" "$BRIDGE_DEPENDS")
    say "Creating a fresh database $db from $template"
    dropdb --if-exists "$db"
    rm -rf "$(filestore "$db")"
    for try in 1 2 3 4 5 6; do
        createdb -T "$template" "$db" 2>/dev/null && break
        [ "$try" = 6 ] && die "Could not copy $template into $db (is a session connected to $template?)"
        sleep $((RANDOM % 5 + 1))
    done
    say "Installing $BRIDGE"
    odoo -d "$db" -i "$BRIDGE" --stop-after-init --log-level=info \
        >"$logdir/install-bridge.log" 2>&1 || { tail -50 "$logdir/install-bridge.log"; die "Installing $BRIDGE failed"; }
    checklog "$logdir/install-bridge.log" || status=1
    sed -i "s/^db_name = .*/db_name = $db/" "$logdir/odoo-test.conf"
    say "Running the tests of $BRIDGE"
    (
        cd "$ROOT"
        export PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}
        "$PY" -m pytest -c "$ROOT/pytest.ini" --odoo-config="$logdir/odoo-test.conf" --odoo-database="$db" \
            --odoo-http --odoo-log-level=warn -s "$@" "$BRIDGE/tests"
    ) 2>&1 | tee "$logdir/test-bridge.log"
    local pytest_status=${PIPESTATUS[0]}
    # nothing selected (-k of the module's tests only) is not a failure
    [ "$pytest_status" = 0 ] || [ "$pytest_status" = 5 ] || status=$pytest_status
    checklog "$logdir/test-bridge.log" || status=1
    return "$status"
}

# The JavaScript linters (prettier with its XML plugin, eslint) at the versions of package.json,
# installed into node_modules/ (not committed) when package-lock.json changes.
setup_node() {
    command -v npm >/dev/null || die "npm not found: install Node.js 18+ (apt-get install nodejs npm)."
    local stamp=$ROOT/node_modules/.lot_traceability.sha1 wanted
    wanted=$(cat "$ROOT/package.json" "$ROOT/package-lock.json" | sha1sum | cut -d' ' -f1)
    [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && return 0
    say "Installing prettier and eslint into node_modules/ (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed"
    printf '%s\n' "$wanted" >"$stamp"
}

# Files prettier and eslint check: the add-on's XML, JavaScript and SCSS.
PRETTIER_GLOB="$MODULE/**/*.{xml,js,scss}"
ESLINT_DIR="$MODULE/static"

cmd_tool() {
    local tool=${1:-}
    shift || true
    cd "$ROOT"
    case "$tool" in
    ruff | pylint) setup_venv && "$LT_VENV/bin/$tool" "$@" ;;
    prettier) setup_node && node_modules/.bin/prettier --plugin=@prettier/plugin-xml "$@" ;;
    eslint) setup_node && node_modules/.bin/eslint "$@" ;;
    *) die "usage: $0 tool ruff|pylint|prettier|eslint [args]" ;;
    esac
}

cmd_lint() {
    setup_venv
    setup_node
    cd "$ROOT"
    local status=0
    "$LT_VENV/bin/ruff" check . || status=1
    "$LT_VENV/bin/ruff" format --check . || status=1
    "$LT_VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$MODULE" "$BRIDGE" || status=1
    node_modules/.bin/prettier --plugin=@prettier/plugin-xml --check "$PRETTIER_GLOB" ||
        { say "prettier: run tools/dev.sh fmt"; status=1; }
    node_modules/.bin/eslint --max-warnings=0 "$ESLINT_DIR" || status=1
    return "$status"
}

cmd_fmt() {
    setup_venv
    setup_node
    cd "$ROOT"
    "$LT_VENV/bin/ruff" check --fix-only . || true
    "$LT_VENV/bin/ruff" format .
    node_modules/.bin/prettier --plugin=@prettier/plugin-xml --write --loglevel=warn "$PRETTIER_GLOB"
}

# The module's translation template, exported by Odoo from a fresh database with the module.
cmd_pot() {
    check_odoo_src
    check_postgres
    setup_venv
    local db=${LT_POT_DB:-lot_traceability_pot} logdir=$ROOT/.test-logs template
    mkdir -p "$logdir" "$ROOT/$MODULE/i18n"
    template=$(deps_template "$logdir")
    dropdb --if-exists "$db"
    createdb -T "$template" "$db"
    say "Installing $MODULE into $db"
    odoo -d "$db" -i "$MODULE" --stop-after-init --log-level=warn >"$logdir/pot-install.log" 2>&1 ||
        { tail -30 "$logdir/pot-install.log"; die "Installing $MODULE failed"; }
    say "Exporting $MODULE/i18n/$MODULE.pot"
    odoo -d "$db" --i18n-export="$ROOT/$MODULE/i18n/$MODULE.pot" --modules="$MODULE" \
        --stop-after-init --log-level=warn >"$logdir/pot-export.log" 2>&1 ||
        { tail -30 "$logdir/pot-export.log"; die "Exporting the translations failed"; }
    dropdb --if-exists "$db"
}

CMD=${1:-}
shift || true
case "$CMD" in
run) cmd_run "$@" ;;
test) cmd_test "$@" ;;
lint) cmd_lint "$@" ;;
fmt) cmd_fmt "$@" ;;
pot) cmd_pot "$@" ;;
tool) cmd_tool "$@" ;;
setup) check_odoo_src && setup_venv && setup_node ;;
odoo) check_odoo_src && setup_venv && odoo "$@" ;;
# the name of the dependencies template database (made if missing), for tools/check_migration.sh
template) check_odoo_src && check_postgres && setup_venv && mkdir -p "$ROOT/.test-logs" && deps_template "$ROOT/.test-logs" ;;
*) die "usage: $0 run|test|lint|fmt|pot|tool|setup|odoo|template [args]" ;;
esac
