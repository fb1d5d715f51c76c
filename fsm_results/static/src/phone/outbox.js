import { EventBus, reactive } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { session } from "@web/session";

/**
 * The job screen's outbox: every entry a technician makes (a step ticked, a
 * quantity, a photo, a signature, a note) is put here first, kept in the phone's
 * storage, then sent to the server as an ordinary ORM write or create.
 *
 * - Nothing is lost by leaving the screen or reloading the page: the outbox is
 *   reloaded with the web client and sends what is left.
 * - Without network, entries wait and are sent again when the phone is back
 *   online (every few seconds, and on the browser's "online" event).
 * - When the server refuses an entry, it stays, marked with the server's message,
 *   until the technician retries or discards it.
 *
 * Writes on the same record merge while they wait (a quantity tapped five times
 * is one write). The outbox sends one request at a time, in order.
 */

const RETRY_DELAY = 4000;
let nextId = 1;

function storageKey() {
    return `fsm_results.outbox.${session.db}.${user.userId}`;
}

export const fsmOutboxService = {
    dependencies: ["orm"],
    start(env, { orm }) {
        const bus = new EventBus();
        const state = reactive({
            ops: load(),
            offline: false,
            unstored: false,
        });
        let timer = null;
        let running = null;

        function load() {
            try {
                const ops = JSON.parse(browser.localStorage.getItem(storageKey()) || "[]");
                for (const op of ops) {
                    // sent when the page went away: its answer never came, send it again
                    if (op.status === "sending") {
                        op.status = "pending";
                    }
                    nextId = Math.max(nextId, (op.seq || 0) + 1);
                }
                return ops;
            } catch {
                return [];
            }
        }

        function persist() {
            try {
                const ops = state.ops.map((op) => ({ ...op }));
                if (ops.length) {
                    browser.localStorage.setItem(storageKey(), JSON.stringify(ops));
                } else {
                    browser.localStorage.removeItem(storageKey());
                }
                state.unstored = false;
            } catch {
                // storage full (many photos waiting without network): they are kept
                // in memory and the page asks before it is closed
                state.unstored = true;
            }
        }

        function schedule(delay) {
            browser.clearTimeout(timer);
            timer = browser.setTimeout(() => flush(), Math.max(0, delay));
        }

        function nextDue() {
            const due = state.ops.filter((op) => op.status === "pending").map((op) => op.due);
            return due.length ? Math.min(...due) : null;
        }

        /**
         * Adds an entry. ``op``: {jobId, kind: "write"|"create", model, resId
         * (write), values, meta (what the screen shows meanwhile), delay (ms)}.
         */
        function push({ jobId, kind, model, resId, values, meta = {}, delay = 300 }) {
            const due = Date.now() + delay;
            const same =
                kind === "write" &&
                state.ops.find(
                    (op) =>
                        op.kind === "write" &&
                        op.model === model &&
                        op.resId === resId &&
                        op.status !== "sending"
                );
            let op;
            if (same) {
                Object.assign(same.values, values);
                Object.assign(same.meta, meta);
                Object.assign(same, { status: "pending", error: null, due });
                op = same;
            } else {
                op = {
                    id: `${Date.now()}-${nextId}`,
                    seq: nextId++,
                    jobId,
                    kind,
                    model,
                    resId: resId || false,
                    values: { ...values },
                    meta: { ...meta },
                    status: "pending",
                    error: null,
                    due,
                };
                state.ops.push(op);
            }
            persist();
            bus.trigger("changed", { op });
            schedule(Math.min(delay, (nextDue() ?? due) - Date.now()));
            return op;
        }

        async function send(op) {
            if (op.kind === "create") {
                const [id] = await orm.silent.create(op.model, [op.values]);
                return id;
            }
            await orm.silent.write(op.model, [op.resId], op.values);
            return op.resId;
        }

        /**
         * Sends what is due (everything with ``now``), one request at a time.
         * Resolves once nothing more can be sent for now.
         */
        async function flush({ now = false } = {}) {
            if (running && !now) {
                return running;
            }
            while (running) {
                await running;
            }
            running = (async () => {
                try {
                    await sendDue(now);
                } finally {
                    running = null;
                }
            })();
            return running;
        }

        async function sendDue(now) {
            while (true) {
                const op = state.ops.find((o) => o.status === "pending");
                if (!op) {
                    break;
                }
                const wait = op.due - Date.now();
                if (wait > 0 && !now) {
                    schedule(wait);
                    break;
                }
                op.status = "sending";
                let result;
                try {
                    result = await send(op);
                } catch (error) {
                    if (error instanceof ConnectionLostError) {
                        op.status = "pending";
                        state.offline = true;
                        persist();
                        schedule(RETRY_DELAY);
                        bus.trigger("changed", { op });
                        break;
                    }
                    op.status = "failed";
                    op.error =
                        (error instanceof RPCError && (error.data?.message || error.message)) ||
                        error.message ||
                        _t("The server refused this change.");
                    persist();
                    bus.trigger("failed", { op });
                    bus.trigger("changed", { op });
                    continue;
                }
                state.offline = false;
                state.ops.splice(state.ops.indexOf(op), 1);
                persist();
                bus.trigger("saved", { op, result });
                bus.trigger("changed", { op });
            }
        }

        function retry(op) {
            Object.assign(op, { status: "pending", error: null, due: Date.now() });
            persist();
            bus.trigger("changed", { op });
            return flush({ now: true });
        }

        function discard(op) {
            const index = state.ops.indexOf(op);
            if (index >= 0 && op.status !== "sending") {
                state.ops.splice(index, 1);
                persist();
                bus.trigger("changed", { op });
            }
        }

        /** The entries of a job, oldest first. */
        function forJob(jobId) {
            return state.ops.filter((op) => op.jobId === jobId);
        }

        /** The value waiting to be saved for ``field`` of a record, if any. */
        function pending(model, resId, field) {
            for (let i = state.ops.length - 1; i >= 0; i--) {
                const op = state.ops[i];
                if (
                    op.kind === "write" &&
                    op.model === model &&
                    op.resId === resId &&
                    field in op.values
                ) {
                    return { value: op.values[field], meta: op.meta, op };
                }
            }
            return null;
        }

        /** "saved", "saving", "offline" or "failed": what the job's entries are. */
        function jobState(jobId) {
            const ops = forJob(jobId);
            if (ops.some((op) => op.status === "failed")) {
                return "failed";
            }
            if (ops.length) {
                return state.offline ? "offline" : "saving";
            }
            return "saved";
        }

        browser.addEventListener("online", () => {
            state.offline = false;
            flush({ now: true });
        });
        browser.addEventListener("beforeunload", (ev) => {
            // Entries in the phone's storage survive a reload; only those that did not
            // fit in it would be lost.
            if (state.unstored && state.ops.some((op) => op.status !== "failed")) {
                ev.preventDefault();
                ev.returnValue = "";
            }
        });
        if (state.ops.length) {
            schedule(500);
        }

        return { state, bus, push, flush, retry, discard, forJob, pending, jobState };
    },
};

registry.category("services").add("fsm_outbox", fsmOutboxService);
