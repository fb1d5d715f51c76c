from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # Deposit then invoice: the job's deposits are applied as its invoice is
        # confirmed, whoever confirms it.
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        if invoices:
            job_invoices = invoices.sudo()._fsm_job_invoices()
            if job_invoices:
                job_invoices.fsm_job_ids._fsm_apply_deposits(job_invoices)
        return posted
