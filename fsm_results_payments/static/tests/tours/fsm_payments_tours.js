import { registry } from "@web/core/registry";

/**
 * Pay Now on a phone (390x844, see test_payment_tours.py).
 *
 * fsm_pay_phone: on the job screen, the technician takes 400 by card on Odoo's
 * payment page (demo provider), back on the job records the 600 left in cash;
 * the invoice ends paid and the job shows both payments.
 *
 * fsm_pay_portal: the client, on the job page of the portal, pays 300 of the
 * invoice by card.
 */

const SCREEN = ".o_fsm_screen";
const DIALOG = ".modal:has(.o_fsm_pay_now)";

function payByCard() {
    return [
        {
            content: "Odoo's payment page for that amount: choose Card",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="card"]',
            run: "click",
        },
        {
            content: "The demo card's details",
            trigger: "#customer_input",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

registry.category("web_tour.tours").add("fsm_pay_phone", {
    steps: () => [
        {
            content: "The invoice of the job, with its Pay Now",
            trigger: `${SCREEN} .o_fsm_invoice button[data-fsm-action="pay_invoice"]`,
            run: "click",
        },
        {
            content: "Pay Now asks how much: the balance by default, 400 now",
            trigger: `${DIALOG} .o_fsm_pay_amount input`,
            run: "edit 400",
        },
        {
            content: "Card or ACH on this phone, then Pay",
            trigger: `${DIALOG} .o_fsm_pay_confirm`,
            run: "click",
            expectUnloadPage: true,
        },
        ...payByCard(),
        {
            content: "Back on the job: the card payment is there, received, 600 left",
            trigger: `${SCREEN} .o_fsm_payment:contains("400.00"):contains("Received")`,
            timeout: 30000,
        },
        {
            content: "Under My Jobs: the phone's back arrow leads there",
            trigger: ".o_breadcrumb .o_back_button",
        },
        {
            trigger: `${SCREEN} .o_fsm_invoice button[data-fsm-action="pay_invoice"]`,
            run: "click",
        },
        {
            content: "The rest is due",
            trigger: `${DIALOG} .o_fsm_pay_amount input:value(600.00)`,
        },
        {
            content: "Cash",
            trigger: `${DIALOG} .o_fsm_pay_method input[data-value="cash"]`,
            run: "click",
        },
        {
            trigger: `${DIALOG} .o_fsm_pay_confirm`,
            run: "click",
        },
        {
            content: "The job shows both payments",
            trigger: `${SCREEN} .o_fsm_payments:has(.o_fsm_payment:contains("600.00")):has(.o_fsm_payment:contains("400.00"))`,
        },
        {
            content: "The invoice is paid: no Pay Now left",
            trigger: `${SCREEN} .o_fsm_invoice:not(:has(button[data-fsm-action="pay_invoice"]))`,
        },
    ],
});

registry.category("web_tour.tours").add("fsm_pay_portal", {
    steps: () => [
        {
            content: "Pay part of the invoice from the job page: 300",
            trigger: ".o_fsm_invoice_pay_form input[name='amount']",
            run: "edit 300",
        },
        {
            trigger: ".o_fsm_invoice_pay_now",
            run: "click",
            expectUnloadPage: true,
        },
        ...payByCard(),
        {
            content: "Back on the job page: thanked",
            trigger: ".o_fsm_paid_message",
            timeout: 30000,
        },
        {
            content: "The payment is listed, received",
            trigger: '.o_fsm_payment_row:contains("300.00"):contains("Received")',
        },
    ],
});
