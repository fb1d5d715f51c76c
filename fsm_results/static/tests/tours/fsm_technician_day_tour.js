import { registry } from "@web/core/registry";
import {
    FORM,
    HEADER,
    currentStatus,
    fitsTheWidth,
    jobCard,
} from "@fsm_results/../tests/tours/fsm_tour_utils";

/**
 * A technician's day, played on a phone-sized window (see test_fsm_ui.py):
 * My Jobs -> the job -> On My Way -> Start Work -> Pause (waiting for parts)
 * -> Resume -> checklist -> photo -> signature -> Completed.
 *
 * On a small screen Odoo shows only the first visible header button; the others
 * are in the "More" (⋮) dropdown of the status bar, and the status bar itself is
 * a single dropdown showing the current status.
 */

const JOB_CARD = jobCard("Harbor Bakery");


/** A small PNG made by the browser, as a phone camera would hand over a picture. */
async function makePhoto() {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d");
    context.fillStyle = "#3f7fbf";
    context.fillRect(0, 0, 64, 48);
    context.fillStyle = "#f0c040";
    context.fillRect(16, 12, 32, 24);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    return new File([blob], "oven.png", { type: "image/png" });
}

/** Hands files to an <input type="file"/>, as the phone's file picker does. */
function pickFiles(input, files) {
    const dataTransfer = new DataTransfer();
    for (const file of files) {
        dataTransfer.items.add(file);
    }
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Draws a stroke on the signature pad with a finger (touch pointer events). */
function drawStroke(canvas) {
    const rect = canvas.getBoundingClientRect();
    const points = [];
    for (let i = 0; i <= 12; i++) {
        points.push({
            x: rect.left + rect.width * (0.15 + (0.7 * i) / 12),
            y: rect.top + rect.height * (i % 2 ? 0.35 : 0.65),
        });
    }
    const pointer = (type, { x, y }, target) =>
        target.dispatchEvent(
            new PointerEvent(type, {
                bubbles: true,
                cancelable: true,
                composed: true,
                pointerId: 1,
                pointerType: "touch",
                isPrimary: true,
                button: 0,
                buttons: type === "pointerup" ? 0 : 1,
                pressure: type === "pointerup" ? 0 : 0.5,
                clientX: x,
                clientY: y,
            })
        );
    pointer("pointerdown", points[0], canvas);
    for (const point of points.slice(1)) {
        pointer("pointermove", point, canvas);
    }
    pointer("pointerup", points.at(-1), canvas);
}

registry.category("web_tour.tours").add("fsm_technician_day", {
    url: "/odoo/action-fsm_results.fsm_job_action_my",
    steps: () => [
        // -- My Jobs ---------------------------------------------------------
        {
            content: "My Jobs shows today's job",
            trigger: JOB_CARD,
        },
        {
            content: "The card offers the next step of the day",
            trigger: `${JOB_CARD} .o_fsm_card_actions button:contains("On My Way")`,
        },
        {
            content: "Open the job",
            trigger: `${JOB_CARD} span:contains("Harbor Bakery"):first`,
            run: "click",
        },
        {
            // On a phone a job opens on the job screen; today's form is one link away.
            content: "Open the full form",
            trigger: ".o_fsm_screen .o_fsm_full_form",
            run: "click",
        },
        // -- on the way, then on site ------------------------------------------
        {
            content: "The job is dispatched",
            trigger: currentStatus("Dispatched"),
        },
        fitsTheWidth("The job fits the phone's width"),
        {
            content: "Tap On My Way",
            trigger: `${HEADER} .o_fsm_status_button:contains("On My Way")`,
            run: "click",
        },
        {
            content: "The job is en route",
            trigger: currentStatus("En Route"),
        },
        {
            content: "Tap Start Work",
            trigger: `${HEADER} .o_fsm_status_button:contains("Start Work")`,
            run: "click",
        },
        {
            content: "The job is in progress",
            trigger: currentStatus("In Progress"),
        },
        {
            content: "Finishing is Completed, offered once",
            trigger: `${HEADER}:not(:has(.o_fsm_status_button)) button[name="action_complete"]:visible`,
        },
        // -- pause for parts ---------------------------------------------------
        {
            content: "Open the other actions",
            trigger: `${HEADER} .o_statusbar_buttons .dropdown-toggle[title="More"]`,
            run: "click",
        },
        {
            content: "Tap Pause",
            trigger: '.o-dropdown--menu button[name="action_pause"]',
            run: "click",
        },
        {
            content: "Choose why: waiting for parts",
            trigger:
                '.modal .o_field_widget[name="reason_id"] .o_radio_item:contains("Waiting for parts") input',
            run: "click",
        },
        {
            trigger:
                '.modal .o_field_widget[name="reason_id"] .o_radio_item:contains("Waiting for parts") input:checked',
        },
        {
            content: "Confirm the pause",
            trigger: '.modal button[name="action_confirm"]:contains("Pause")',
            run: "click",
        },
        {
            content: "The job shows it is paused",
            trigger: `${FORM} .ribbon:contains("Paused")`,
        },
        {
            trigger: currentStatus("Paused"),
        },
        {
            content: "Tap Resume",
            trigger: `${HEADER} button[name="action_resume"]:visible`,
            run: "click",
        },
        {
            content: "The job is in progress again",
            trigger: currentStatus("In Progress"),
        },
        {
            trigger: `${FORM}:not(:has(.ribbon))`,
        },
        // -- checklist -------------------------------------------------------------
        {
            content: "Open the checklist",
            trigger: `${FORM} .o_notebook_headers a:contains("Checklist")`,
            run: "click",
        },
        {
            content: "Tick the first step",
            trigger: `${FORM} [name="step_ids"] .o_data_row:contains("Check the oven seal") [name="is_done"] input`,
            run: "click",
        },
        {
            trigger: `${FORM} [name="step_ids"] .o_data_row:contains("Check the oven seal") [name="is_done"] input:checked`,
        },
        {
            content: "Tick the second step",
            trigger: `${FORM} [name="step_ids"] .o_data_row:contains("Test the thermostat") [name="is_done"] input`,
            run: "click",
        },
        {
            trigger: `${FORM} [name="step_ids"] .o_data_row:contains("Test the thermostat") [name="is_done"] input:checked`,
        },
        // -- photo -------------------------------------------------------------------
        {
            content: "Open the photos",
            trigger: `${FORM} .o_notebook_headers a:contains("Photos")`,
            run: "click",
        },
        {
            content: "Add a photo taken during the work",
            trigger: `${FORM} [name="photo_during_ids"] .o-kanban-button-new`,
            run: "click",
        },
        {
            // A tour cannot drive the phone's camera or file picker: hand the picture
            // to the image field's file input, as the picker would.
            content: "Take the picture",
            trigger: '.modal .o_field_widget[name="image"] input.o_input_file:not(:visible)',
            async run({ anchor }) {
                pickFiles(anchor, [await makePhoto()]);
            },
        },
        {
            content: "The picture is there",
            trigger: '.modal .o_field_widget[name="image"] img[src^="data:image/png"]',
        },
        {
            content: "Give it a caption",
            trigger: '.modal .o_field_widget[name="caption"] input',
            run: "edit Oven door seal",
        },
        {
            content: "Save the photo",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The photo is on the job",
            trigger: `${FORM} [name="photo_during_ids"] .o_kanban_record:contains("Oven door seal")`,
        },
        // -- signature ----------------------------------------------------------
        {
            content: "Open the signature",
            trigger: `${FORM} .o_notebook_headers a:contains("Signature")`,
            run: "click",
        },
        fitsTheWidth("The signature tab fits the phone's width"),
        {
            content: "Type the name of who signs",
            trigger: `${FORM} [name="signed_by"] input`,
            run: "edit Maria Baker",
        },
        {
            content: "Open the signature pad",
            trigger: `${FORM} [name="signature"] .o_signature`,
            run: "click",
        },
        {
            content: "Draw by hand",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            trigger: ".modal .o_web_sign_draw_button.active",
        },
        {
            content: "Sign with a finger",
            trigger: ".modal canvas.o_web_sign_signature",
            run({ anchor }) {
                drawStroke(anchor);
            },
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt the signature",
            trigger: '.modal .modal-footer button.btn-primary:enabled:contains("Adopt")',
            run: "click",
        },
        {
            content: "The signature is on the job",
            trigger: `${FORM} [name="signature"] img.o_signature`,
        },
        // -- done ------------------------------------------------------------------
        {
            content: "Tap Completed",
            trigger: `${HEADER} button[name="action_complete"]:visible`,
            run: "click",
        },
        {
            content: "The job is done",
            trigger: currentStatus("Done"),
        },
        {
            trigger: `${FORM}:not(:has(.o_form_status_indicator_buttons:visible))`,
        },
    ],
});
