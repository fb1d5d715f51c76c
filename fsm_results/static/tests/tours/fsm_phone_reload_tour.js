import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import {
    SCREEN,
    checkFits,
    drawStroke,
    expect,
    orm,
    readJob,
    saved,
    takePhoto,
} from "@fsm_results/../tests/tours/fsm_phone_tour_utils";

/**
 * Nothing is lost by reloading (see test_fsm_phone_ui.py): the page is reloaded
 * after every step, most of the time before the entry had time to reach the
 * server (it waits in the phone's storage), once with the network down, and once
 * with an entry the server refuses (it stays, with the server's message, until
 * discarded). Played on a narrow phone (360 px).
 */

const CUSTOMER = "Harbor Bakery";
const SAVED = `${SCREEN} .o_fsm_save_state[data-state="saved"]`;
const job = (fields) => readJob(CUSTOMER, fields);
const lines = async () => {
    const { id } = await job([]);
    return orm("fsm.job.line", "search_read", [], {
        domain: [["job_id", "=", id]],
        fields: ["was_used", "qty_used"],
    });
};

const answers = async () => {
    const { id } = await job([]);
    return orm("fsm.job.form.answer", "search_read", [], {
        domain: [["job_id", "=", id]],
        fields: ["value_number", "is_answered"],
    });
};

function reload(content) {
    return {
        content: `Reload the page: ${content}`,
        trigger: SCREEN,
        run() {
            browser.location.reload();
        },
        expectUnloadPage: true,
    };
}

/** Requests writing on fsm.job fail as when the phone has no network. */
function networkDown() {
    const RealXHR = browser.XMLHttpRequest;
    browser.XMLHttpRequest = class extends RealXHR {
        open(method, url, ...args) {
            this.fsmUrl = String(url);
            return super.open(method, url, ...args);
        }
        send(body) {
            if (this.fsmUrl.includes("/web/dataset/call_kw/fsm.job/write")) {
                setTimeout(() => this.dispatchEvent(new ProgressEvent("error")), 10);
                return;
            }
            return super.send(body);
        }
    };
}

registry.category("web_tour.tours").add("fsm_phone_reload", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the job from My Jobs",
            trigger: `.o_fsm_my_jobs .o_kanban_record .fw-bold:contains("${CUSTOMER}")`,
            run: "click",
        },
        saved("The job screen is open", null, `${SCREEN}[data-status-kind="dispatched"] ${SAVED.slice(SCREEN.length + 1)}`),
        reload("the job screen has its own address"),
        saved("The same job is there after the reload", null, `${SCREEN}[data-status-kind="dispatched"]`),
        // -- a status --------------------------------------------------------------------------
        {
            content: "Tap On My Way",
            trigger: `${SCREEN} button[data-fsm-action="next_status"]:enabled:contains("On My Way")`,
            run: "click",
        },
        saved("En route", null, `${SCREEN}[data-status-kind="en_route"]`),
        reload("after On My Way"),
        saved("Still en route", async () => {
            const { status_kind } = await job(["status_kind"]);
            expect(status_kind === "en_route", `The job is ${status_kind}`);
        }, `${SCREEN}[data-status-kind="en_route"]`),
        {
            content: "Tap Start Work",
            trigger: `${SCREEN} button[data-fsm-action="next_status"]:enabled:contains("Start Work")`,
            run: "click",
        },
        saved("In progress", null, `${SCREEN}[data-status-kind="in_progress"]`),
        // -- entries reloaded before they reach the server ----------------------------------------
        {
            content: "Tick the first step",
            trigger: `${SCREEN} .o_fsm_step:contains("Check the oven seal") input`,
            run: "click",
        },
        reload("right after ticking the step"),
        saved("The step is still ticked, and saved", async () => {
            const { id } = await job([]);
            const [step] = await orm("fsm.job.step", "search_read", [], {
                domain: [["job_id", "=", id], ["name", "=", "Check the oven seal"]],
                fields: ["is_done"],
            });
            expect(step.is_done, "The step is not done in the database");
        }, `${SCREEN}:has(.o_fsm_step:contains("Check the oven seal") input:checked) ${SAVED.slice(SCREEN.length + 1)}`),
        {
            trigger: SAVED,
        },
        {
            content: "Switch Was Used on the gasket",
            trigger: `${SCREEN} .o_fsm_part:contains("Door gasket") input.o_fsm_was_used`,
            run: "click",
        },
        {
            content: "One more gasket",
            trigger: `${SCREEN} .o_fsm_part:contains("Door gasket") button.o_fsm_plus`,
            run: "click",
        },
        {
            trigger: `${SCREEN} .o_fsm_part:contains("Door gasket") input.o_fsm_qty[data-qty="2"]`,
        },
        reload("right after the quantity (it is sent after a short pause)"),
        saved("Two gaskets, saved", async () => {
            const [line] = await lines();
            expect(line.was_used && line.qty_used === 2, `Line: ${JSON.stringify(line)}`);
        }, `${SCREEN}:has(.o_fsm_part:contains("Door gasket") input.o_fsm_qty[data-qty="2"]) ${SAVED.slice(SCREEN.length + 1)}`),
        {
            content: "Write a note for the client",
            trigger: `${SCREEN} textarea.o_fsm_note`,
            run: "edit Replaced the door gasket.",
        },
        reload("while the note is still being typed (not sent yet)"),
        saved("The note is there and saved", async () => {
            const { client_note_draft: note } = await job(["client_note_draft"]);
            expect((note || "").includes("Replaced the door gasket."), `Note: ${note}`);
        }, `${SCREEN}:has(textarea.o_fsm_note:value("Replaced the door gasket.")) ${SAVED.slice(SCREEN.length + 1)}`),
        {
            trigger: SAVED,
        },
        // -- a number answer: typed, cleared, then 0 (an answer too) ------------------------------
        {
            content: "Type the oven's temperature",
            trigger: `${SCREEN} .o_fsm_question[data-type="number"] input`,
            run: "edit 180.5",
        },
        reload("right after typing the number"),
        saved("The number is there and saved", async () => {
            const [answer] = await answers();
            expect(answer.value_number === 180.5 && answer.is_answered, `Answer: ${JSON.stringify(answer)}`);
        }, `${SCREEN}:has(.o_fsm_question[data-type="number"] input:value("180.5")) ${SAVED.slice(SCREEN.length + 1)}`),
        {
            content: "Clear it: no answer any more",
            trigger: `${SCREEN} .o_fsm_question[data-type="number"] input`,
            run({ anchor }) {
                anchor.value = "";
                anchor.dispatchEvent(new Event("input", { bubbles: true }));
            },
        },
        saved("Cleared, and saved as no answer", async () => {
            const [answer] = await answers();
            expect(!answer.is_answered, `Answer: ${JSON.stringify(answer)}`);
        }),
        {
            content: "Type 0",
            trigger: `${SCREEN} .o_fsm_question[data-type="number"] input`,
            run: "edit 0",
        },
        reload("right after typing 0"),
        saved("0 is an answer, saved", async () => {
            const [answer] = await answers();
            expect(answer.value_number === 0 && answer.is_answered, `Answer: ${JSON.stringify(answer)}`);
        }, `${SCREEN}:has(.o_fsm_question[data-type="number"] input:value("0")) ${SAVED.slice(SCREEN.length + 1)}`),
        // -- a photo -------------------------------------------------------------------------------
        {
            content: "Take a photo",
            trigger: `${SCREEN} input.o_fsm_camera_input`,
            async run({ anchor }) {
                await takePhoto(anchor);
            },
        },
        {
            trigger: `${SCREEN} .o_fsm_phase[data-phase="during"] .o_fsm_thumb:not(.o_fsm_thumb_waiting)`,
        },
        reload("after the photo"),
        saved("The photo is there, once", async () => {
            const { id } = await job([]);
            const count = await orm("fsm.job.photo", "search_count", [[["job_id", "=", id]]]);
            expect(count === 1, `${count} photos`);
        }, `${SCREEN} .o_fsm_phase[data-phase="during"] .o_fsm_thumb:not(.o_fsm_thumb_waiting)`),
        // -- no network ------------------------------------------------------------------------------
        {
            content: "The network goes down",
            trigger: SAVED,
            run: networkDown,
        },
        {
            content: "Type the signer's name",
            trigger: `${SCREEN} input.o_fsm_signed_by`,
            run: "edit Maria Baker",
        },
        {
            content: "The screen says the entry waits for the network",
            trigger: `${SCREEN} .o_fsm_save_state[data-state="offline"]`,
            run: checkFits,
        },
        reload("without network (the entry waits in the phone)"),
        saved("Back online: the name is there and saved", async () => {
            const { signed_by } = await job(["signed_by"]);
            expect(signed_by === "Maria Baker", `Signed by ${signed_by}`);
        }, `${SCREEN}:has(input.o_fsm_signed_by:value("Maria Baker")) ${SAVED.slice(SCREEN.length + 1)}`),
        {
            trigger: SAVED,
        },
        // -- an entry the server refuses ------------------------------------------------------------
        {
            content: "An entry the server refuses (a direct write of the published notes)",
            trigger: SAVED,
            async run() {
                const { id } = await job([]);
                odoo.__WOWL_DEBUG__.root.env.services.fsm_outbox.push({
                    jobId: id,
                    kind: "write",
                    model: "fsm.job",
                    resId: id,
                    values: { client_note_published: "<p>Not reviewed</p>" },
                    meta: { label: "Published notes" },
                    delay: 0,
                });
            },
        },
        {
            content: "The screen says it is not saved, with the server's words",
            trigger: `${SCREEN} .o_fsm_failed:contains("Published notes"):contains("Publish to Client")`,
        },
        {
            trigger: `${SCREEN} .o_fsm_save_state[data-state="failed"]`,
            run: checkFits,
        },
        reload("with a refused entry"),
        {
            content: "The refused entry is kept after the reload",
            trigger: `${SCREEN} .o_fsm_failed:contains("Published notes")`,
        },
        {
            content: "Discard it",
            trigger: `${SCREEN} .o_fsm_failed:contains("Published notes") .o_fsm_discard`,
            run: "click",
        },
        saved("Nothing was published", async () => {
            const { client_note_published: published } = await job(["client_note_published"]);
            expect(!published, `Published: ${published}`);
        }, `${SCREEN}:not(:has(.o_fsm_failed)) .o_fsm_save_state[data-state="saved"]`),
        // -- signature, then a pause with a note --------------------------------------------------------
        {
            content: "The client signs",
            trigger: `${SCREEN} .o_fsm_pad canvas.o_web_sign_signature`,
            run({ anchor }) {
                drawStroke(anchor);
            },
        },
        {
            content: "Save the signature",
            trigger: `${SCREEN} button.o_fsm_sign_save:enabled`,
            run: "click",
        },
        reload("right after saving the signature"),
        saved("The signature is there and saved", async () => {
            const { signature, signed_on } = await job(["signature", "signed_on"]);
            expect(signature && signed_on, "No signature in the database");
        }, `${SCREEN} img.o_fsm_signature_img[src^="/web/image"]`),
        {
            content: "Tap Pause",
            trigger: `${SCREEN} button[data-fsm-action="pause"]:enabled`,
            run: "click",
        },
        {
            content: "A reason that needs a note",
            trigger: `${SCREEN} .o_fsm_pause_reason:contains("Other")`,
            run: "click",
        },
        {
            content: "Say why",
            trigger: `${SCREEN} .o_fsm_pause_note textarea`,
            run: "edit Client asked to come back after lunch",
        },
        {
            content: "Pause",
            trigger: `${SCREEN} .o_fsm_pause_confirm:enabled`,
            run: "click",
        },
        {
            trigger: `${SCREEN}[data-status-kind="paused"]`,
        },
        reload("paused"),
        saved("Still paused, with the note", async () => {
            const { id } = await job([]);
            const [pause] = await orm("fsm.job.pause", "search_read", [], {
                domain: [["job_id", "=", id], ["date_end", "=", false]],
                fields: ["note"],
            });
            expect(pause?.note === "Client asked to come back after lunch", "No open pause with the note");
        }, `${SCREEN}[data-status-kind="paused"] button[data-fsm-action="resume"]`),
    ],
});
