import { Component, markup, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { formatCurrency } from "@web/core/currency";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { NameAndSignature } from "@web/core/signature/name_and_signature";
import { SignatureDialog } from "@web/core/signature/signature_dialog";
import { useBus, useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { debounce } from "@web/core/utils/timing";
import { errorMessage, specId } from "./job_model";
import { dataUrlToBase64, htmlToText, shrinkImage, textToHtml } from "./utils";

const TYPING_DELAY = 800;
const STEPPING_DELAY = 400;
export const PHASES = [
    ["before", _t("Before")],
    ["during", _t("During")],
    ["after", _t("After")],
];

/** Sections re-render when the job is read again and when its entries move. */
export class FsmSection extends Component {
    static props = { model: Object };

    setup() {
        this.mstate = useState(this.props.model.state);
        useBus(this.props.model.outbox.bus, "changed", () => this.render());
    }

    get model() {
        return this.props.model;
    }

    get data() {
        return this.mstate.data;
    }

    get currencyId() {
        return this.data.currency_id;
    }

    money(amount) {
        return formatCurrency(amount || 0, this.currencyId);
    }

    qty(value) {
        return formatFloat(value || 0, { digits: [16, 2], trailingZeros: false });
    }

    time(value) {
        return value ? deserializeDateTime(value).toLocaleString({ timeStyle: "short" }) : "";
    }

    /** The server's refusal of this button, if it was the last one tapped. */
    errorOf(spec) {
        const error = this.mstate.actionError;
        return error && spec && error.id === specId(spec) ? error.message : "";
    }
}

// -- checklist -------------------------------------------------------------------------
export class FsmChecklist extends FsmSection {
    static template = "fsm_results.FsmChecklist";

    isDone(step) {
        return this.model.value("fsm.job.step", step.id, "is_done", step.is_done);
    }

    get doneCount() {
        return this.data.step_ids.filter((step) => this.isDone(step)).length;
    }

    toggle(step, done) {
        this.model.write(
            "fsm.job.step",
            step.id,
            { is_done: done },
            { meta: { label: step.name }, delay: 0 }
        );
    }
}

// -- forms -----------------------------------------------------------------------------
export class FsmForms extends FsmSection {
    static template = "fsm_results.FsmForms";

    setup() {
        super.setup();
        this.dialog = useService("dialog");
    }

    value(answer, field) {
        return this.model.value("fsm.job.form.answer", answer.id, field, answer[field]);
    }

    numberValue(answer) {
        // a number waiting to be saved, or cleared (false); else the server's answer
        const waiting = this.model.waiting("fsm.job.form.answer", answer.id, "value_number");
        if (waiting) {
            return waiting.value === false ? "" : waiting.value;
        }
        return answer.has_number ? answer.value_number : "";
    }

    write(answer, values, delay = 0) {
        this.model.write("fsm.job.form.answer", answer.id, values, {
            meta: { label: answer.name },
            delay,
        });
    }

    onText(answer, ev) {
        this.write(answer, { value_text: ev.target.value }, TYPING_DELAY);
    }

    onNumber(answer, ev) {
        // The number alone: the server says whether it is an answer (a cleared
        // field, false, is none; 0 typed in is one).
        const raw = ev.target.value.trim();
        const number = Number(raw.replace(",", "."));
        if (raw === "") {
            this.write(answer, { value_number: false }, TYPING_DELAY);
        } else if (!Number.isNaN(number)) {
            this.write(answer, { value_number: number }, TYPING_DELAY);
        }
    }

    imageSrc(answer) {
        const waiting = this.model.waiting("fsm.job.form.answer", answer.id, "value_image");
        if (waiting) {
            return waiting.value ? `data:image/jpeg;base64,${waiting.value}` : "";
        }
        return answer.value_image
            ? `/web/image/fsm.job.form.answer/${answer.id}/value_image?unique=${encodeURIComponent(answer.write_date)}`
            : "";
    }

    async onImage(answer, ev) {
        const file = ev.target.files?.[0];
        ev.target.value = "";
        if (file) {
            const dataUrl = await shrinkImage(file);
            this.write(answer, { value_image: dataUrlToBase64(dataUrl) });
        }
    }

    sign(answer) {
        this.dialog.add(SignatureDialog, {
            defaultName: this.data.signed_by || "",
            nameAndSignatureProps: { mode: "draw", displaySignatureRatio: 2 },
            uploadSignature: ({ signatureImage }) =>
                this.write(answer, { value_image: dataUrlToBase64(signatureImage) }),
        });
    }
}

// -- photos ----------------------------------------------------------------------------
export class FsmPhotos extends FsmSection {
    static template = "fsm_results.FsmPhotos";

    setup() {
        super.setup();
        this.dialog = useService("dialog");
        this.orm = useService("orm");
        this.state = useState({ selected: null, error: "" });
        this.phases = PHASES;
    }

    phaseLabel(phase) {
        return Object.fromEntries(PHASES)[phase];
    }

    photoValue(photo, field) {
        return this.model.value("fsm.job.photo", photo.id, field, photo[field]);
    }

    photosOf(phase) {
        return this.data.photo_ids.filter((photo) => this.photoValue(photo, "phase") === phase);
    }

    waitingOf(phase) {
        return this.model
            .creating("fsm.job.photo")
            .filter((op) => op.values.phase === phase);
    }

    src(photo) {
        return `/web/image/fsm.job.photo/${photo.id}/image_256?unique=${encodeURIComponent(photo.write_date)}`;
    }

    async onPhoto(ev) {
        const files = [...(ev.target.files || [])];
        ev.target.value = "";
        const phase = this.data.photo_phase;
        for (const file of files) {
            try {
                const [image, thumb] = await Promise.all([
                    shrinkImage(file),
                    shrinkImage(file, 256, 0.7),
                ]);
                this.model.create(
                    "fsm.job.photo",
                    { job_id: this.data.id, image: dataUrlToBase64(image), phase },
                    { label: _t("Photo (%s)", this.phaseLabel(phase)), thumb }
                );
                this.state.error = "";
            } catch {
                this.state.error = _t("This file is not a picture the phone can read.");
            }
        }
    }

    select(photo) {
        this.state.selected = this.state.selected === photo.id ? null : photo.id;
    }

    get selectedPhoto() {
        return this.data.photo_ids.find((photo) => photo.id === this.state.selected);
    }

    write(photo, values, delay = 0) {
        this.model.write("fsm.job.photo", photo.id, values, {
            meta: { label: _t("Photo") },
            delay,
        });
    }

    remove(photo) {
        this.dialog.add(ConfirmationDialog, {
            title: _t("Delete this photo?"),
            body: _t("It is removed from the job and from the client's report."),
            confirmLabel: _t("Delete"),
            confirm: async () => {
                try {
                    await this.orm.unlink("fsm.job.photo", [photo.id]);
                    this.state.selected = null;
                    await this.model.load();
                } catch (error) {
                    this.state.error = errorMessage(error);
                }
            },
            cancel: () => {},
        });
    }
}

// -- parts -----------------------------------------------------------------------------
export class FsmParts extends FsmSection {
    static template = "fsm_results.FsmParts";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.state = useState({ query: "", results: [], searching: false, error: "" });
        this.search = debounce(this.search.bind(this), 250);
    }

    value(line, field) {
        return this.model.value("fsm.job.line", line.id, field, line[field]);
    }

    write(line, values, delay = 0) {
        this.model.write("fsm.job.line", line.id, values, {
            meta: { label: line.product_id.display_name },
            delay,
        });
    }

    onUsed(line, used) {
        const values = { was_used: used };
        if (used && !this.value(line, "qty_used")) {
            // what the server sets too: as many as planned
            values.qty_used = line.planned_qty || 1;
        }
        this.write(line, values);
    }

    step(line, delta) {
        const next = Math.max(0, (Number(this.value(line, "qty_used")) || 0) + delta);
        this.write(line, { qty_used: next }, STEPPING_DELAY);
    }

    onQty(line, ev) {
        const number = Number(ev.target.value.replace(",", "."));
        if (ev.target.value !== "" && !Number.isNaN(number) && number >= 0) {
            this.write(line, { qty_used: number });
        }
    }

    onPrice(line, ev) {
        const number = Number(ev.target.value.replace(",", "."));
        if (ev.target.value !== "" && !Number.isNaN(number) && number >= 0) {
            this.write(line, { price_unit: number });
        }
    }

    onLot(line, ev) {
        this.write(line, { lot_id: Number(ev.target.value) || false });
    }

    lotsOf(line) {
        const lots = [...(this.data.lots[line.product_id.id] || [])];
        if (line.lot_id && !lots.some((lot) => lot.id === line.lot_id.id)) {
            lots.unshift(line.lot_id);
        }
        return lots;
    }

    onQuery(ev) {
        this.state.query = ev.target.value;
        this.search();
    }

    async search() {
        const query = this.state.query.trim();
        if (!query) {
            this.state.results = [];
            return;
        }
        this.state.searching = true;
        try {
            this.state.results = await this.orm.silent.call("product.product", "name_search", [], {
                name: query,
                domain: [["sale_ok", "=", true]],
                limit: 8,
            });
            this.state.error = "";
        } catch (error) {
            this.state.error = errorMessage(error);
        } finally {
            this.state.searching = false;
        }
    }

    add([productId, name]) {
        this.model.create(
            "fsm.job.line",
            // used on site, not planned
            { job_id: this.data.id, product_id: productId, planned_qty: 0, was_used: true, qty_used: 1 },
            { label: name }
        );
        this.state.query = "";
        this.state.results = [];
    }
}

// -- client notes ------------------------------------------------------------------------
export class FsmClientNotes extends FsmSection {
    static template = "fsm_results.FsmClientNotes";

    setup() {
        super.setup();
        this.state = useState({ focused: false, text: "" });
        this.markup = markup;
    }

    get text() {
        if (this.state.focused) {
            return this.state.text;
        }
        const waiting = this.model.waiting("fsm.job", this.data.id, "client_note_draft");
        return waiting ? waiting.meta.note_text : htmlToText(this.data.client_note_draft);
    }

    onFocus() {
        this.state.text = this.text;
        this.state.focused = true;
    }

    onInput(ev) {
        this.state.text = ev.target.value;
        this.model.write(
            "fsm.job",
            this.data.id,
            { client_note_draft: textToHtml(ev.target.value) },
            { meta: { label: _t("Notes for the client"), note_text: ev.target.value }, delay: TYPING_DELAY }
        );
    }

    onBlur() {
        this.state.focused = false;
        this.model.outbox.flush({ now: true });
    }

    get publish() {
        return {
            key: "publish",
            model: "fsm.job",
            res_id: this.data.id,
            method: "action_publish_client_note",
        };
    }
}

// -- signature -----------------------------------------------------------------------------
export class FsmSignature extends FsmSection {
    static template = "fsm_results.FsmSignature";
    static components = { NameAndSignature };

    setup() {
        super.setup();
        this.signature = useState({ name: "", isSignatureEmpty: true });
    }

    get signedBy() {
        return this.model.value("fsm.job", this.data.id, "signed_by", this.data.signed_by) || "";
    }

    get signatureSrc() {
        const waiting = this.model.waiting("fsm.job", this.data.id, "signature");
        if (waiting) {
            return waiting.value ? `data:image/png;base64,${waiting.value}` : "";
        }
        return this.data.signature
            ? `/web/image/fsm.job/${this.data.id}/signature?unique=${encodeURIComponent(this.data.signed_on)}`
            : "";
    }

    onName(ev) {
        this.model.write(
            "fsm.job",
            this.data.id,
            { signed_by: ev.target.value },
            { meta: { label: _t("Name of the signer") }, delay: TYPING_DELAY }
        );
    }

    clear() {
        this.signature.resetSignature?.();
        this.signature.isSignatureEmpty = true;
    }

    save() {
        const image = this.signature.getSignatureImage();
        this.model.write(
            "fsm.job",
            this.data.id,
            { signature: dataUrlToBase64(image), signed_by: this.signedBy },
            { meta: { label: _t("Signature") }, delay: 0 }
        );
    }

    signAgain() {
        this.signature.isSignatureEmpty = true;
        this.model.write(
            "fsm.job",
            this.data.id,
            { signature: false },
            { meta: { label: _t("Signature") }, delay: 0 }
        );
    }
}

// -- billing ---------------------------------------------------------------------------------
export class FsmBilling extends FsmSection {
    static template = "fsm_results.FsmBilling";

    get billing() {
        return this.data.billing;
    }

    run(spec) {
        return this.model.run(spec);
    }
}
