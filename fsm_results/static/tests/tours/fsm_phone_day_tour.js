import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import {
    SCREEN,
    checkFits,
    drawStroke,
    expect,
    orm,
    readJob,
    resetTaps,
    saved,
    takePhoto,
    tap,
    tapCount,
} from "@fsm_results/../tests/tours/fsm_phone_tour_utils";

/**
 * A technician's day on the job screen, on a phone (see test_fsm_phone_ui.py):
 * My Jobs -> the job -> On My Way -> a before photo -> Start Work -> pause for
 * parts -> Resume -> three steps -> the part used, two of them -> signature ->
 * Completed (and yes) -> an after photo -> Generate an Invoice -> Confirm -> View ->
 * Email.
 * Taps are counted (at most 25 from My Jobs); after every step the screen must fit
 * the phone and what was done must be in the database.
 */

const CUSTOMER = "Harbor Bakery";
const CARD = `.o_fsm_my_jobs .o_kanban_record:contains("${CUSTOMER}")`;
const ACTION = (key) => `${SCREEN} button[data-fsm-action="${key}"]:enabled`;
const STATUS = (kind) => `${SCREEN}[data-status-kind="${kind}"] .o_fsm_save_state[data-state="saved"]`;
const STEP = (name) => `${SCREEN} .o_fsm_step:contains("${name}") input`;
const PART = `${SCREEN} .o_fsm_part:contains("Door gasket")`;
const memory = {
    get: (key) => browser.sessionStorage.getItem(`fsm_phone_day.${key}`),
    set: (key, value) => browser.sessionStorage.setItem(`fsm_phone_day.${key}`, value),
};

const job = (fields) => readJob(CUSTOMER, fields);
const photos = async () => {
    const { id } = await job([]);
    return orm("fsm.job.photo", "search_read", [], {
        domain: [["job_id", "=", id]],
        fields: ["phase", "user_id"],
        order: "id",
    });
};
const statusIs = async (kind) => {
    const { status_kind: actual } = await job(["status_kind"]);
    expect(actual === kind, `The job is ${actual} in the database, not ${kind}`);
};

registry.category("web_tour.tours").add("fsm_phone_day", {
    url: "/odoo",
    steps: () => [
        // -- My Jobs: the home page, installable as an app ------------------------------
        {
            content: "After login, My Jobs shows today's job with its next step",
            trigger: `${CARD} button:contains("On My Way")`,
            async run() {
                resetTaps();
                checkFits();
                expect(
                    document.querySelector('link[rel="manifest"][href="/web/manifest.webmanifest"]'),
                    "The web app manifest is not linked: the app cannot be installed"
                );
                const registration = await navigator.serviceWorker.getRegistration("/odoo");
                expect(registration, "No service worker for /odoo: the app cannot be installed");
            },
        },
        tap({
            content: "Open the job",
            trigger: `${CARD} .fw-bold:contains("${CUSTOMER}")`,
        }),
        saved("The job screen shows the dispatched job, all saved", () => statusIs("dispatched"), STATUS("dispatched")),
        {
            content: "What to do comes first: the description, the client, directions",
            trigger: `${SCREEN} .o_fsm_description:contains("Oven door does not close")`,
        },
        {
            trigger: `${SCREEN} a.o_fsm_directions[href*="12+Quay+Street"]`,
        },
        // -- on the way ----------------------------------------------------------------
        tap({ content: "Tap On My Way", trigger: ACTION("next_status") + ':contains("On My Way")' }),
        saved("The job is en route", () => statusIs("en_route"), STATUS("en_route")),
        tap({
            content: "Tap the camera button (the photo goes under Before: work has not started)",
            trigger: `${SCREEN} label.o_fsm_camera:contains("Before")`,
            run() {},
        }),
        tap({
            content: "Take the picture",
            trigger: `${SCREEN} input.o_fsm_camera_input`,
            async run({ anchor }) {
                await takePhoto(anchor, "#3f7fbf");
            },
        }),
        {
            content: "The thumbnail shows at once",
            trigger: `${SCREEN} .o_fsm_phase[data-phase="before"] .o_fsm_thumb`,
        },
        saved("The before photo is saved", async () => {
            const saved = await photos();
            expect(saved.length === 1 && saved[0].phase === "before", `Photos: ${JSON.stringify(saved)}`);
        }, `${SCREEN} .o_fsm_phase[data-phase="before"] .o_fsm_thumb:not(.o_fsm_thumb_waiting)`),
        // -- at work, a pause for parts -------------------------------------------------------
        tap({ content: "Tap Start Work", trigger: ACTION("next_status") + ':contains("Start Work")' }),
        saved("The job is in progress", () => statusIs("in_progress"), STATUS("in_progress")),
        tap({ content: "Tap Pause", trigger: ACTION("pause") }),
        tap({
            content: "One tap on the reason: waiting for parts",
            trigger: `${SCREEN} .o_fsm_pause_reason:contains("Waiting for parts")`,
        }),
        saved("The job is paused for parts", async () => {
            await statusIs("paused");
            const { id } = await job([]);
            const [pause] = await orm("fsm.job.pause", "search_read", [], {
                domain: [["job_id", "=", id]],
                fields: ["reason_id", "date_end"],
            });
            expect(pause && pause.reason_id[1] === "Waiting for parts" && !pause.date_end, "No open pause for parts");
        }, STATUS("paused")),
        tap({ content: "Tap Resume", trigger: ACTION("resume") }),
        saved("The job is in progress again, the pause closed", async () => {
            await statusIs("in_progress");
            const { is_paused } = await job(["is_paused"]);
            expect(!is_paused, "The job is still paused in the database");
        }, STATUS("in_progress")),
        // -- checklist ------------------------------------------------------------------------
        tap({ content: "Tick the first step", trigger: STEP("Check the oven seal") }),
        tap({ content: "Tick the second step", trigger: STEP("Test the thermostat") }),
        tap({ content: "Tick the third step", trigger: STEP("Clean the oven") }),
        saved("The three steps are done, by the technician", async () => {
            const { id } = await job([]);
            const steps = await orm("fsm.job.step", "search_read", [], {
                domain: [["job_id", "=", id]],
                fields: ["is_done", "done_by_id"],
            });
            expect(steps.length === 3 && steps.every((s) => s.is_done && s.done_by_id), `Steps: ${JSON.stringify(steps)}`);
        }, `${SCREEN}:has(.o_fsm_checklist .o_fsm_count:contains("3 / 3")) .o_fsm_save_state[data-state="saved"]`),
        // -- the part used ------------------------------------------------------------------------
        tap({ content: "Switch Was Used on the gasket", trigger: `${PART} input.o_fsm_was_used` }),
        tap({ content: "One more gasket", trigger: `${PART} button.o_fsm_plus` }),
        {
            content: "The stepper shows two",
            trigger: `${PART} input.o_fsm_qty[data-qty="2"]`,
        },
        saved("Two gaskets used, saved", async () => {
            const { id } = await job([]);
            const [line] = await orm("fsm.job.line", "search_read", [], {
                domain: [["job_id", "=", id]],
                fields: ["was_used", "qty_used"],
            });
            expect(line.was_used && line.qty_used === 2, `Line: ${JSON.stringify(line)}`);
        }),
        // -- signature -----------------------------------------------------------------------------
        tap({ content: "Tap the signer's name", trigger: `${SCREEN} input.o_fsm_signed_by`, run: "edit Maria Baker" }),
        tap({
            content: "The client signs with a finger",
            trigger: `${SCREEN} .o_fsm_pad canvas.o_web_sign_signature`,
            run({ anchor }) {
                drawStroke(anchor);
            },
        }),
        tap({ content: "Save the signature", trigger: `${SCREEN} button.o_fsm_sign_save:enabled` }),
        saved("The signature is saved, with who signed and when", async () => {
            const value = await job(["signed_by", "signed_on", "signature"]);
            expect(value.signature && value.signed_by === "Maria Baker" && value.signed_on, "No signature saved");
        }, `${SCREEN} img.o_fsm_signature_img[src^="/web/image"]`),
        // -- done ---------------------------------------------------------------------------------
        tap({ content: "Tap Completed", trigger: ACTION("complete") }),
        tap({
            content: "Completed is asked once more (a stray tap closes nothing): yes",
            trigger: `${SCREEN} .o_fsm_confirm_panel button.o_fsm_complete_confirm:enabled`,
        }),
        saved("The job is done", () => statusIs("done"), STATUS("done")),
        tap({
            content: "Tap the camera button (now under After)",
            trigger: `${SCREEN} label.o_fsm_camera:contains("After")`,
            run() {},
        }),
        tap({
            content: "Take the picture",
            trigger: `${SCREEN} input.o_fsm_camera_input`,
            async run({ anchor }) {
                await takePhoto(anchor, "#40bf7f");
            },
        }),
        saved("The after photo is saved", async () => {
            const phases = (await photos()).map((photo) => photo.phase);
            expect(phases.join() === "before,after", `Photos: ${phases}`);
        }, `${SCREEN} .o_fsm_phase[data-phase="after"] .o_fsm_thumb:not(.o_fsm_thumb_waiting)`),
        // -- billing --------------------------------------------------------------------------------
        tap({ content: "Tap Generate an Invoice", trigger: ACTION("generate_invoice") }),
        saved("A draft invoice of the job", async () => {
            const { invoice_ids: ids } = await job(["invoice_ids"]);
            expect(ids.length === 1, `Invoices: ${ids}`);
            const [invoice] = await orm("account.move", "read", [ids, ["state", "amount_total"]]);
            expect(invoice.state === "draft", `Invoice ${invoice.state}`);
        }, `${SCREEN} .o_fsm_invoice[data-state="draft"]`),
        tap({ content: "Confirm the invoice", trigger: `${SCREEN} .o_fsm_invoice button[data-fsm-action="confirm"]:enabled` }),
        saved("The invoice is confirmed and numbered", async () => {
            const { invoice_ids: ids } = await job(["invoice_ids"]);
            const [invoice] = await orm("account.move", "read", [ids, ["state", "name"]]);
            expect(invoice.state === "posted" && invoice.name.startsWith("INV/"), `Invoice ${invoice.name}`);
            memory.set("invoice", invoice.name);
        }, `${SCREEN} .o_fsm_invoice[data-state="posted"]`),
        tap({
            content: "Tap View (the invoice as the client sees it, in a new window)",
            trigger: `${SCREEN} .o_fsm_invoice button[data-fsm-action="view"]:enabled`,
            run(helpers) {
                // A tour cannot follow another window: note what is opened instead.
                const realOpen = browser.open;
                browser.open = (url) => {
                    browser.open = realOpen;
                    memory.set("opened", url);
                    return { closed: false };
                };
                return helpers.click();
            },
        }),
        {
            content: "View opened the invoice's portal page",
            trigger: `${SCREEN} .o_fsm_invoice button[data-fsm-action="view"]:enabled`,
            async run() {
                for (let i = 0; i < 50 && !memory.get("opened"); i++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                const opened = memory.get("opened") || "";
                expect(/^\/my\/invoices\/\d+\?access_token=/.test(opened), `View opened ${opened}`);
                checkFits();
            },
        },
        tap({ content: "Tap Email", trigger: `${SCREEN} .o_fsm_invoice button[data-fsm-action="email"]:enabled` }),
        {
            content: "The composer has the invoice's template, number and client",
            trigger: '.modal:has(.o_mail_composer_form_view) [name="subject"] input',
            run({ anchor }) {
                const invoice = memory.get("invoice");
                expect(anchor.value.includes(invoice), `Subject "${anchor.value}" is not about ${invoice}`);
                const taps = tapCount();
                console.log(`fsm_phone_day: ${taps} taps from My Jobs to the email composer`);
                expect(taps <= 25, `${taps} taps: more than 25`);
                expect(taps >= 20, `${taps} taps counted: the tour lost count`);
            },
        },
        {
            trigger: '.modal:has(.o_mail_composer_form_view) [name="partner_ids"]:contains("Harbor Bakery")',
        },
        {
            content: "Close the composer without sending",
            trigger: '.modal:has(.o_mail_composer_form_view) .modal-footer button:contains("Discard")',
            run: "click",
        },
        saved("Back on the job, all saved", () => statusIs("done")),
    ],
});
