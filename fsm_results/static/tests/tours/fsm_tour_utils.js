/**
 * What the phone tours of fsm_results share: the job form's selectors, the current
 * status in the (phone) status bar, and the check that nothing scrolls sideways.
 */

export const FORM = ".o_fsm_job_form";
export const HEADER = `${FORM} .o_form_statusbar`;

/** The job card of a customer in My Jobs. */
export function jobCard(customer) {
    return `.o_fsm_my_jobs .o_kanban_record:contains("${customer}")`;
}

export function currentStatus(label) {
    return `${HEADER} .o_statusbar_status button:visible:contains("${label}")`;
}

/** The screen does not scroll sideways: everything fits the phone's width. */
export function fitsTheWidth(content, trigger = FORM) {
    return {
        content,
        trigger,
        run() {
            const tooWide = [
                document.scrollingElement,
                ...document.querySelectorAll(".o_content, .o_form_sheet_bg, .o_form_sheet"),
            ].filter((el) => el.scrollWidth > el.clientWidth + 1);
            if (tooWide.length) {
                const names = tooWide.map((el) => `${el.className} (${el.scrollWidth}px)`);
                throw new Error(`Wider than the screen (${window.innerWidth}px): ${names}`);
            }
        },
    };
}
