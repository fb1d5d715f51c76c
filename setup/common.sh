# Shared settings for the setup scripts. Sourced, never run.
# Every value can be overridden from the environment.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo-19.0}"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
FSM_VENV="${FSM_VENV:-/opt/fsm-results-venv}"
FSM_STATE_DIR="${FSM_STATE_DIR:-/var/lib/fsm-results}"
FSM_DB="${FSM_DB:-fsm_demo}"
FSM_HTTP_PORT="${FSM_HTTP_PORT:-8069}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-odoo}"
PGPASSWORD="${PGPASSWORD:-odoo}"
export PGHOST PGPORT PGUSER PGPASSWORD

FSM_ADDONS="fsm_results,fsm_results_portal,fsm_results_payments"
# Odoo's own addons; this repository is added unless the addons come from wheels.
ODOO_ADDONS_PATH="$ODOO_SRC/odoo/addons,$ODOO_SRC/addons"
ADDONS_PATH="$ODOO_ADDONS_PATH,$REPO_DIR"
PY="$FSM_VENV/bin/python"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# The addons' content decides whether a database made by setup/run needs an upgrade.
addons_hash() {
    (cd "$REPO_DIR" && find fsm_results fsm_results_portal fsm_results_payments -type f \
        ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# An Odoo configuration file, for the commands that read only one (odoo-bin i18n,
# pytest-odoo): odoo_conf FILE DATABASE [ADDONS_PATH]
odoo_conf() {
    cat >"$1" <<CONF
[options]
addons_path = ${3:-$ADDONS_PATH}
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
db_name = $2
http_interface = 127.0.0.1
CONF
}

odoo_bin() {
    "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
        --http-interface=127.0.0.1 "$@"
}

# Odoo's own export of each addon's messages from a database where the addons are
# installed: export_pots DATABASE DIR -> DIR/<addon>.pot (Odoo reads its settings from
# a configuration file there; PYTHONPATH and the addons path say where the addons are).
export_pots() {
    local db=$1 dir=$2 addon
    mkdir -p "$dir"
    rm -f "$dir/export.log"
    odoo_conf "$dir/odoo.conf" "$db"
    for addon in ${FSM_ADDONS//,/ }; do
        "$PY" "$ODOO_SRC/odoo-bin" i18n export -c "$dir/odoo.conf" -o "$dir/$addon.pot" "$addon" \
            >>"$dir/export.log" 2>&1 || die "Exporting $addon failed: see $dir/export.log"
        "$PY" "$REPO_DIR/setup/i18n.py" header "$addon" "$dir/$addon.pot"
    done
}

# Each <lang>.po of an i18n folder merged with its template: new messages come in
# untranslated, gone ones leave, nothing is guessed (a guess would be imported as is).
merge_pos() {
    local dir=$1 pot po
    pot=$(ls "$dir"/*.pot)
    for po in "$dir"/*.po; do
        [ -f "$po" ] || continue
        msgmerge --quiet --no-fuzzy-matching --update --backup=none "$po" "$pot"
        msgattrib --no-obsolete --output-file="$po" "$po"
    done
}

# OCA Field Service 19.0 (fieldservice) and its OCA dependencies, from their wheels on
# the package index, installed into a folder to put on PYTHONPATH (setup/test-coexist,
# setup/bench): oca_fieldservice WHEELS_DIR TARGET_DIR
oca_fieldservice() {
    local wheels=$1 target=$2
    mkdir -p "$wheels"
    step "OCA Field Service 19.0: its wheels and those of its OCA dependencies"
    # pip cannot resolve them as a whole here: they require the distribution "odoo",
    # which this Odoo (a source tree) is not. Follow the odoo-addon-* requirements instead.
    "$PY" - "$wheels" <<'PYEOF' || die "Downloading the OCA wheels failed."
import re, subprocess, sys, zipfile
from pathlib import Path

dest = Path(sys.argv[1])
todo, seen = ["odoo-addon-fieldservice==19.0.*"], set()
while todo:
    req = todo.pop()
    name = req.split("==")[0]
    if name in seen:
        continue
    seen.add(name)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--dest", str(dest), req],
        check=True,
    )
    wheel = next(dest.glob(f"{name.replace('-', '_')}-*.whl"))
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("/METADATA"))
    ).decode()
    todo += re.findall(r"^Requires-Dist: (odoo-addon-[^\s;]+)", metadata, re.M)
    print(f"    {wheel.name}")
PYEOF
    rm -rf "$target"
    "$PY" -m pip install --quiet --no-deps --target "$target" "$wheels"/*.whl \
        || die "Installing the OCA wheels into $target failed."
}
