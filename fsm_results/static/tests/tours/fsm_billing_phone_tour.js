import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import {
    FORM,
    HEADER,
    currentStatus,
    fitsTheWidth,
    jobCard,
} from "@fsm_results/../tests/tours/fsm_tour_utils";

/**
 * Billing at the end of a job, played on a phone-sized window (see
 * test_fsm_billing_ui.py): the technician marks the part used, the client signs,
 * Completed, Generate an Invoice, Confirm it, back to the job, View the invoice as
 * the client sees it, and Email it (the composer opens with the invoice attached).
 *
 * On a small screen the job's invoices are kanban cards (the inline <kanban> of
 * invoice_ids), so the Open/Edit, View and Email buttons are in sight; the
 * Products & Services list stays an editable list that scrolls sideways.
 */

const JOB_CARD = jobCard("Harbor Bakery");
const LINE = `${FORM} [name="line_ids"] .o_data_row:contains("Door gasket")`;
const INVOICE_CARD = `${FORM} [name="invoice_ids"] .o_kanban_record:contains("INV/")`;
const COMPOSER = ".modal:has(.o_mail_composer_form_view)";

/** What the tour learns on the way (the invoice number, the URL View opened),
 * kept in the session storage: the last steps run on another page. */
const memory = {
    get(key) {
        return browser.sessionStorage.getItem(`fsm_billing_phone.${key}`);
    },
    set(key, value) {
        browser.sessionStorage.setItem(`fsm_billing_phone.${key}`, value);
    },
};


registry.category("web_tour.tours").add("fsm_billing_phone", {
    url: "/odoo/action-fsm_results.fsm_job_action_my",
    steps: () => [
        // -- the job, in progress --------------------------------------------------
        {
            content: "Open today's job",
            trigger: `${JOB_CARD} span:contains("Harbor Bakery"):first`,
            run: "click",
        },
        {
            // On a phone a job opens on the job screen; today's form is one link away.
            content: "Open the full form",
            trigger: ".o_fsm_screen .o_fsm_full_form",
            run: "click",
        },
        {
            content: "The job is in progress",
            trigger: currentStatus("In Progress"),
        },
        // -- products used ------------------------------------------------------------
        {
            content: "Open the products and services",
            trigger: `${FORM} .o_notebook_headers a:contains("Products & Services")`,
            run: "click",
        },
        fitsTheWidth("The products fit the phone's width (the list scrolls inside)"),
        {
            content: "The gasket is planned, not used yet",
            trigger: `${LINE} [name="was_used"] input:not(:checked)`,
        },
        {
            content: "Mark the gasket used",
            trigger: `${LINE} [name="was_used"] input`,
            run: "click",
        },
        {
            content: "The gasket is used, as many as planned",
            trigger: `${LINE} [name="was_used"] input:checked`,
        },
        {
            trigger: `${LINE} td[name="qty_used"]:contains("2.00")`,
        },
        {
            content: "Tap the quantity used",
            trigger: `${LINE} td[name="qty_used"]`,
            run: "click",
        },
        {
            // (the row is being edited: its product is an input, not text)
            content: "Three gaskets were used",
            trigger: `${FORM} [name="line_ids"] .o_selected_row [name="qty_used"] input`,
            run: "edit 3",
        },
        {
            content: "Save the job",
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            content: "Saved: three gaskets used",
            trigger: `${LINE} td[name="qty_used"]:contains("3.00")`,
        },
        {
            trigger: `${FORM}:not(:has(.o_form_status_indicator_buttons:visible))`,
        },
        // -- the client signs, the job is done ---------------------------------------
        {
            content: "Open the signature",
            trigger: `${FORM} .o_notebook_headers a:contains("Signature")`,
            run: "click",
        },
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
            content: "Adopt the signature written from the name",
            trigger: '.modal .modal-footer button.btn-primary:enabled:contains("Adopt")',
            run: "click",
        },
        {
            trigger: `${FORM} [name="signature"] img.o_signature`,
        },
        {
            content: "Tap Completed",
            trigger: `${HEADER} button[name="action_complete"]:visible`,
            run: "click",
        },
        {
            content: "The job is done",
            trigger: currentStatus("Done"),
        },
        // -- invoice -------------------------------------------------------------------
        {
            // the first header button of a done job: in sight, not in the ⋮ menu
            content: "Tap Generate an Invoice",
            trigger: `${HEADER} .o_statusbar_buttons button[name="action_generate_invoice"]:visible`,
            run: "click",
        },
        {
            content: "The draft invoice opens, with the service and the gaskets",
            trigger: '.o_form_view .o_statusbar_status button:visible:contains("Draft")',
        },
        {
            trigger: '.o_form_view [name="invoice_line_ids"]:contains("SVC-OVEN")',
        },
        {
            trigger: '.o_form_view [name="invoice_line_ids"]:contains("Door gasket")',
        },
        fitsTheWidth("The invoice fits the phone's width", ".o_form_view"),
        {
            content: "Confirm the invoice",
            trigger: '.o_form_statusbar button[name="action_post"]:visible:contains("Confirm")',
            run: "click",
        },
        {
            content: "The invoice is posted and numbered",
            trigger: '.o_form_view .o_statusbar_status button:visible:contains("Posted")',
        },
        {
            trigger: '.o_form_view .oe_title [name="name"]:contains("INV/")',
            run({ anchor }) {
                memory.set("invoice", anchor.textContent.trim());
            },
        },
        {
            content: "Back to the job",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "The job is there again",
            trigger: currentStatus("Done"),
        },
        // -- billing: view and email ----------------------------------------------------
        {
            content: "Open the billing",
            trigger: `${FORM} .o_notebook_headers a:contains("Billing")`,
            run: "click",
        },
        fitsTheWidth("The billing fits the phone's width"),
        {
            content: "The invoice is a card, posted, with its buttons",
            trigger: `${INVOICE_CARD} button[name="action_fsm_email"]:visible`,
            run({ anchor }) {
                const card = anchor.closest(".o_kanban_record");
                if (!card.textContent.includes(memory.get("invoice"))) {
                    throw new Error(`The card is not invoice ${memory.get("invoice")}: ${card.textContent}`);
                }
            },
        },
        {
            content: "Tap View (opens the invoice as the client sees it, in a new window)",
            trigger: `${INVOICE_CARD} button[name="action_fsm_view"]:visible`,
            run(helpers) {
                // A tour cannot follow another window: note what is opened, and load
                // it in this window at the end.
                const realOpen = browser.open;
                browser.open = (url) => {
                    browser.open = realOpen;
                    memory.set("opened", url);
                    return { closed: false };
                };
                return helpers.click();
            },
        },
        {
            content: "View opened the invoice's portal page",
            trigger: INVOICE_CARD,
            async run() {
                for (let i = 0; i < 50 && !memory.get("opened"); i++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                const opened = memory.get("opened");
                if (!/^\/my\/invoices\/\d+\?access_token=/.test(opened || "")) {
                    throw new Error(`View opened ${opened}, not the invoice's portal page`);
                }
            },
        },
        {
            content: "Tap Email",
            trigger: `${INVOICE_CARD} button[name="action_fsm_email"]:visible`,
            run: "click",
        },
        {
            content: "The composer has the template's subject, with the invoice number",
            trigger: `${COMPOSER} [name="subject"] input`,
            run({ anchor }) {
                const invoice = memory.get("invoice");
                if (!anchor.value.includes(`invoice ${invoice} for`)) {
                    throw new Error(`Subject "${anchor.value}" is not about ${invoice}`);
                }
            },
        },
        {
            // (named like INV/2026/00001.pdf; in tests Odoo renders reports as HTML, not PDF)
            content: "The invoice is attached, named after it",
            trigger: `${COMPOSER} [name="attachment_ids"]:contains("INV/")`,
            run({ anchor }) {
                const invoice = memory.get("invoice");
                const names = anchor.textContent;
                if (!new RegExp(`${invoice}\\.(pdf|html)`).test(names)) {
                    throw new Error(`No attachment named after ${invoice}: ${names}`);
                }
            },
        },
        {
            content: "The client is the recipient",
            trigger: `${COMPOSER} [name="partner_ids"]:contains("Harbor Bakery")`,
        },
        {
            content: "Close the composer without sending",
            trigger: `${COMPOSER} .modal-footer button:contains("Discard")`,
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_mail_composer_form_view))",
        },
        // -- what View opened ------------------------------------------------------------
        {
            content: "Load the page View opened",
            trigger: INVOICE_CARD,
            run() {
                browser.location.assign(memory.get("opened"));
            },
            expectUnloadPage: true,
        },
        {
            content: "The client's invoice page shows the invoice number",
            trigger: "#portal_sale_content, .o_portal_wrap",
            run() {
                const invoice = memory.get("invoice");
                if (!document.body.textContent.includes(invoice)) {
                    throw new Error(`The portal page does not show ${invoice}`);
                }
            },
        },
    ],
});
