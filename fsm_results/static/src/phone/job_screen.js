import { Component, markup, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { useBus, useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { FsmJobModel } from "./job_model";
import {
    FsmBilling,
    FsmChecklist,
    FsmClientNotes,
    FsmForms,
    FsmParts,
    FsmPhotos,
    FsmSection,
    FsmSignature,
} from "./sections";

/** The sticky top of the screen: the job, its status, whether all is saved, and
 * the status buttons (with the pause reasons, one tap each). */
export class FsmJobTop extends FsmSection {
    static template = "fsm_results.FsmJobTop";

    setup() {
        super.setup();
        this.state = useState({ pausing: false, noteReason: null, note: "", confirming: false });
    }

    get saveState() {
        return this.model.saveState;
    }

    get waitingCount() {
        return this.model.outbox.forJob(this.data.id).length;
    }

    async onAction(spec) {
        if (spec.key === "pause") {
            this.state.pausing = !this.state.pausing;
            this.state.noteReason = null;
            this.state.confirming = false;
            return;
        }
        // Completed closes the job and takes the parts used from the van: asked
        // once more, so that a stray tap does not (only a dispatcher reopens); with
        // what the server would still refuse, read after the last entries are saved.
        if (spec.key === "complete" && !this.state.confirming) {
            this.state.pausing = false;
            await this.model.outbox.flush({ now: true });
            await this.model.load();
            this.state.confirming = true;
            return;
        }
        this.state.confirming = false;
        this.model.run(spec);
    }

    get completeSpec() {
        return this.data.status_actions.find((spec) => spec.key === "complete");
    }

    get statusError() {
        return this.data.status_actions.map((spec) => this.errorOf(spec)).find(Boolean) || "";
    }

    get pauseSpec() {
        return this.data.status_actions.find((spec) => spec.key === "pause");
    }

    async onReason(reason) {
        if (reason.note_required) {
            this.state.noteReason = reason.id;
            this.state.note = "";
            return;
        }
        await this.pause(reason);
    }

    async pause(reason) {
        const done = await this.model.run(this.pauseSpec, [reason.id, this.state.note || false]);
        if (done) {
            Object.assign(this.state, { pausing: false, noteReason: null, note: "" });
        }
    }

    retry(op) {
        this.model.outbox.retry(op);
    }

    discard(op) {
        this.model.outbox.discard(op);
        this.model.load();
    }
}

/**
 * The technician's job screen: the whole job on one scrolling page, in the order
 * of the visit. Used by My Jobs, and by the job's link on a narrow screen.
 */
export class FsmJobScreen extends Component {
    static template = "fsm_results.FsmJobScreen";
    static components = {
        FsmJobTop,
        FsmChecklist,
        FsmForms,
        FsmPhotos,
        FsmParts,
        FsmClientNotes,
        FsmSignature,
        FsmBilling,
    };
    static props = {
        resId: Number,
        onLoaded: { type: Function, optional: true },
    };

    setup() {
        this.action = useService("action");
        this.outbox = useService("fsm_outbox");
        this.model = new FsmJobModel(this.props.resId, {
            orm: useService("orm"),
            action: this.action,
            notification: useService("notification"),
            outbox: this.outbox,
        });
        this.mstate = useState(this.model.state);
        this.markup = markup;
        useBus(this.outbox.bus, "changed", () => this.render());
        onWillStart(async () => {
            await this.model.load();
            this.props.onLoaded?.(this.model.data);
        });
        onWillUnmount(() => this.model.destroy());
        useSetupAction({
            // Entries are kept in the phone until saved: leaving never loses them,
            // but try to send them before the screen goes.
            beforeLeave: async () => {
                await this.outbox.flush({ now: true });
                return true;
            },
        });
    }

    get data() {
        return this.mstate.data;
    }

    get when() {
        const { scheduled_start: start, scheduled_end: end } = this.data;
        if (!start) {
            return _t("Not scheduled");
        }
        const from = deserializeDateTime(start);
        const day = from.toLocaleString({ weekday: "short", day: "numeric", month: "short" });
        const hours = [from, end && deserializeDateTime(end)]
            .filter(Boolean)
            .map((date) => date.toLocaleString({ timeStyle: "short" }))
            .join(" – ");
        return `${day}, ${hours}`;
    }

    get phone() {
        return this.data.location_id?.phone || this.data.partner_id?.phone || "";
    }

    get showLocationName() {
        const { location_id: location, partner_id: partner } = this.data;
        return location && location.id !== partner.id;
    }

    openFullForm() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "fsm.job",
            res_id: this.props.resId,
            views: [[false, "form"]],
            context: { fsm_full_form: true },
        });
    }
}
