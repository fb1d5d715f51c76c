import { registry } from "@web/core/registry";

/**
 * A client on a phone (390x844, touch; see test_portal_tour.py): logs in, opens
 * Jobs from /my, opens the job, reads the technician's notes, sees the photos and
 * the hours worked, signs the work off and opens the job's invoice. On every page
 * nothing is wider than the screen.
 */

/** No element reaches past the right edge of the screen, and the page does not
 * scroll sideways. */
function fitsTheScreen(content, trigger) {
    return {
        content,
        trigger,
        run() {
            const width = document.documentElement.clientWidth;
            const wide = [];
            for (const el of document.querySelectorAll("body *")) {
                const box = el.getBoundingClientRect();
                if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") {
                    continue;
                }
                if (box.right > width + 1) {
                    const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
                    wide.push(`${name} (right edge ${Math.round(box.right)}px)`);
                }
            }
            const page = document.scrollingElement;
            if (page.scrollWidth > page.clientWidth + 1) {
                wide.push(`the page scrolls sideways (${page.scrollWidth}px)`);
            }
            if (wide.length) {
                throw new Error(`Wider than the screen (${width}px): ${wide.slice(0, 8)}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("fsm_portal_client_phone", {
    url: "/web/login?redirect=/my",
    steps: () => [
        // -- log in -------------------------------------------------------------
        {
            content: "Type the login",
            trigger: "input[name=login]",
            run: "edit fsm_tour_client",
        },
        {
            content: "Type the password",
            trigger: "input[name=password]",
            run: "edit fsm_tour_client",
        },
        {
            content: "Log in",
            trigger: "button[type=submit]:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        // -- /my: Jobs ----------------------------------------------------------------
        fitsTheScreen("My account fits the phone", ".o_portal_my_home"),
        {
            content: "Open Jobs (the counter shows the client's job)",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/jobs']",
            run: "click",
            expectUnloadPage: true,
        },
        fitsTheScreen("The jobs list fits the phone", ".o_fsm_job_cards"),
        {
            content: "Open the boiler job's card",
            trigger: ".o_fsm_job_card:contains(Boiler check):contains(Work in progress)",
            run: "click",
            expectUnloadPage: true,
        },
        // -- the job --------------------------------------------------------------------
        {
            content: "Read the technician's notes",
            trigger: "#o_fsm_job_notes:contains(Replaced the relief valve)",
        },
        {
            content: "See the shared photos",
            trigger: "#o_fsm_job_photos img[alt='Valve before']",
            run() {
                const images = document.querySelectorAll("#o_fsm_job_photos img");
                if (images.length !== 2) {
                    throw new Error(`2 shared photos expected, ${images.length} shown`);
                }
            },
        },
        {
            content: "See the hours worked",
            trigger: "#o_fsm_job_timesheets .o_fsm_timesheet:contains(Tour Technician)",
        },
        fitsTheScreen("The job page fits the phone", "#o_fsm_job_content"),
        // -- sign-off -----------------------------------------------------------------
        {
            content: "Sign off the work",
            trigger: "#o_fsm_job_sign_off .o_fsm_sign_off_button",
            run: "click",
        },
        {
            content: "Type the name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Maria Client",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        fitsTheScreen("The signature dialog fits the phone", ".modal .o_portal_sign_submit"),
        {
            content: "Send the signature",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The sign-off is recorded",
            trigger: "#o_fsm_job_sign_off:contains(Signed off online by):contains(Maria Client)",
        },
        fitsTheScreen("The signed job fits the phone", "#o_fsm_job_content"),
        // -- the invoice ------------------------------------------------------------
        {
            content: "Open the job's invoice",
            trigger: "#o_fsm_job_documents a.o_fsm_invoice_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoice is open in Odoo's portal",
            trigger: ".o_portal_invoice_sidebar #invoice_content",
        },
        fitsTheScreen("The invoice fits the phone", "#invoice_content"),
    ],
});
