"""Pay Now on the technician's phone screen, through the screen's billing slot
(fsm_results/models/fsm_job_phone.py): a job-level button when something is due,
one per open invoice, and the job's payments in the screen's one read."""

from odoo import models

from odoo.addons.fsm_results.models.fsm_job_phone import _action


class FsmJob(models.Model):
    _inherit = "fsm.job"

    def _fsm_billing_offered(self):
        # Billing also shows on a job not started when a deposit is asked or taken.
        self.ensure_one()
        return super()._fsm_billing_offered() or bool(
            self.status_kind != "cancelled"
            and (self.fsm_deposit_requested or self.sudo().fsm_payment_ids)
        )

    def _fsm_phone_billing_actions(self, may):
        actions = super()._fsm_phone_billing_actions(may)
        if not super()._fsm_billing_offered():
            # before the work starts, the job takes a deposit, not an invoice
            actions = [a for a in actions if a["key"] != "generate_invoice"]
        if may["payment"] and self.status_kind != "cancelled" and self.fsm_balance_due:
            actions.insert(
                0,
                _action(
                    self,
                    "pay_now",
                    self.env._("Take a Deposit")
                    if not self._fsm_posted_invoices()
                    else self.env._("Pay Now"),
                    "action_fsm_pay_now",
                    "fa-credit-card",
                    primary=True,
                    open_result=True,
                ),
            )
        return actions

    def _fsm_phone_invoice_actions(self, invoice, may):
        actions = super()._fsm_phone_invoice_actions(invoice, may)
        if (
            may["payment"]
            and invoice.state == "posted"
            and invoice.move_type == "out_invoice"
            and not invoice.currency_id.is_zero(invoice.amount_residual)
        ):
            actions.insert(
                0,
                _action(
                    self,
                    "pay_invoice",
                    self.env._("Pay Now"),
                    "action_fsm_pay_now",
                    "fa-credit-card",
                    primary=True,
                    args=[invoice.id],
                    open_result=True,
                ),
            )
        return actions

    def _fsm_phone_billing(self, may):
        billing = super()._fsm_phone_billing(may)
        if billing.get("offered"):
            billing["payments"] = self._fsm_payment_rows()
            billing["balance_due"] = self.fsm_balance_due
            billing["deposit_requested"] = self.fsm_deposit_requested
        return billing
