from odoo import fields, models
from odoo.exceptions import AccessError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Copied on credit notes, so a reversal frees what it reverses.
    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null", copy=True
    )
    fsm_job_line_id = fields.Many2one(
        "fsm.job.line", string="Job Line", index="btree_not_null", copy=True
    )
    fsm_is_service_line = fields.Boolean(
        string="Job Base Service",
        copy=True,
        help="The job's billable service line (hours or flat rate).",
    )

    def write(self, vals):
        # Someone without Odoo's billing rights changes the lines of a job's invoice
        # through the invoice (account.move.write checks what they may change), never
        # line by line.
        if (
            self
            and self.env["account.move"]._fsm_billing_limited()
            and self.move_id._fsm_job_invoices()
        ):
            raise AccessError(
                self.env._(
                    "Change the lines of %(invoice)s from the invoice itself "
                    "(Open/Edit on the job).",
                    invoice=self.move_id[0].display_name,
                )
            )
        return super().write(vals)
