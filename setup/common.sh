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
ADDONS_PATH="$ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$REPO_DIR"
PY="$FSM_VENV/bin/python"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

odoo_bin() {
    "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
        --http-interface=127.0.0.1 "$@"
}
