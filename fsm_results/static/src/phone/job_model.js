import { reactive } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { debounce } from "@web/core/utils/timing";

/**
 * What the job screen shows and does, apart from how it looks.
 *
 * ``data`` is the server's answer to fsm.job.fsm_phone_read(). Entries go to the
 * outbox (saved at once, kept until saved); what waits there is shown over the
 * server's values, so the screen shows what the technician did, saved or not.
 * Actions (status, pause, invoice...) go straight to the server, which decides;
 * the screen then reads the job again.
 */
export class FsmJobModel {
    constructor(resId, { orm, action, notification, outbox }) {
        this.resId = resId;
        this.orm = orm;
        this.actionService = action;
        this.notification = notification;
        this.outbox = outbox;
        this.state = reactive({
            data: null,
            loadError: null,
            busy: null, // the key of the action on its way
            actionError: null,
        });
        this.refreshSoon = debounce(() => this.load(), 300);
        this.onOutboxSaved = ({ detail }) => {
            if (detail.op.jobId === this.resId) {
                // Until the server's values arrive, what was saved is what it has:
                // a tap right after a save builds on it, not on the values before.
                this.applySaved(detail.op);
                this.refreshSoon();
            }
        };
        this.outbox.bus.addEventListener("saved", this.onOutboxSaved);
    }

    destroy() {
        this.outbox.bus.removeEventListener("saved", this.onOutboxSaved);
        this.refreshSoon.cancel();
    }

    get data() {
        return this.state.data;
    }

    applySaved(op) {
        const record = op.kind === "write" && this.findRecord(op.model, op.resId);
        if (!record) {
            return;
        }
        for (const [field, value] of Object.entries(op.values)) {
            // relational values are read as {id, display_name}: leave them to the read
            if (typeof record[field] !== "object" || record[field] === null) {
                record[field] = value;
            }
        }
    }

    findRecord(model, resId) {
        const data = this.state.data;
        if (!data) {
            return null;
        }
        if (model === "fsm.job") {
            return data.id === resId ? data : null;
        }
        const lists = {
            "fsm.job.line": data.line_ids,
            "fsm.job.step": data.step_ids,
            "fsm.job.photo": data.photo_ids,
            "fsm.job.form.answer": (data.form_ids || []).flatMap((form) => form.answer_ids),
        };
        return (lists[model] || []).find((record) => record.id === resId) || null;
    }

    async load() {
        try {
            this.state.data = await this.orm.silent.call("fsm.job", "fsm_phone_read", [
                [this.resId],
            ]);
            this.state.loadError = null;
        } catch (error) {
            this.state.loadError = errorMessage(error);
            if (!this.state.data) {
                throw error;
            }
        }
    }

    // -- entries (through the outbox) ---------------------------------------------------
    /** The value shown for ``field``: the one waiting to be saved, else the server's. */
    value(model, resId, field, serverValue) {
        const waiting = this.outbox.pending(model, resId, field);
        return waiting ? waiting.value : serverValue;
    }

    waiting(model, resId, field) {
        return this.outbox.pending(model, resId, field);
    }

    write(model, resId, values, { meta, delay } = {}) {
        return this.outbox.push({
            jobId: this.resId,
            kind: "write",
            model,
            resId,
            values,
            meta,
            delay,
        });
    }

    create(model, values, meta) {
        return this.outbox.push({
            jobId: this.resId,
            kind: "create",
            model,
            values,
            meta,
            delay: 0,
        });
    }

    /** Entries of this job still waiting to be created (photos, parts). */
    creating(model) {
        return this.outbox
            .forJob(this.resId)
            .filter((op) => op.kind === "create" && op.model === model);
    }

    get saveState() {
        return this.outbox.jobState(this.resId);
    }

    get failedOps() {
        return this.outbox.forJob(this.resId).filter((op) => op.status === "failed");
    }

    // -- actions (straight to the server) ---------------------------------------------
    /**
     * Runs a button the server described ({model, res_id, method, args,
     * open_result}): entries are saved first (Completed needs the signature).
     */
    async run(spec, extraArgs = []) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = spec.key;
        this.state.actionError = null;
        try {
            await this.outbox.flush({ now: true });
            const result = await this.orm.call(spec.model, spec.method, [
                [spec.res_id],
                ...(spec.args || []),
                ...extraArgs,
            ]);
            if (spec.open_result && result && typeof result === "object" && result.type) {
                await this.actionService.doAction(result, {
                    onClose: () => this.load(),
                });
            }
            await this.load();
            return true;
        } catch (error) {
            this.state.actionError = { id: specId(spec), message: errorMessage(error) };
            return false;
        } finally {
            this.state.busy = null;
        }
    }
}

/** What tells two buttons apart (two invoices both have a View button). */
export function specId(spec) {
    return [spec.key, spec.model, spec.res_id, JSON.stringify(spec.args || [])].join(":");
}

export function errorMessage(error) {
    if (error instanceof ConnectionLostError) {
        return _t("No network: try again once the phone is back online.");
    }
    if (error instanceof RPCError) {
        return error.data?.message || error.message;
    }
    return error?.message || String(error);
}
