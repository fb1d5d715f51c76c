from odoo import api, fields, models
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

    # What a job bills shows on its client's portal page: a line is put on a job
    # (or taken off one) by someone who may change that job, or as the line it
    # reverses (a credit note frees what it reverses).
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            linked = [vals for vals in vals_list if vals.get("fsm_job_id")]
            moves = self.env["account.move"].browse(
                {vals["move_id"] for vals in linked if vals.get("move_id")}
            )
            reversed_jobs = {
                move.id: move.reversed_entry_id.sudo().line_ids.fsm_job_id.ids
                for move in moves
            }
            self.env["fsm.job"]._fsm_check_link(
                [
                    vals["fsm_job_id"]
                    for vals in linked
                    if vals["fsm_job_id"]
                    not in reversed_jobs.get(vals.get("move_id"), [])
                ],
                self.env._("an invoice line"),
            )
        return super().create(vals_list)

    def write(self, vals):
        if "fsm_job_id" in vals and not self.env.su:
            self.env["fsm.job"]._fsm_check_link(
                [vals["fsm_job_id"], *self.fsm_job_id.ids],
                self.env._("an invoice line"),
            )
        # Someone without Odoo's billing rights changes the lines of a job's invoice
        # through the invoice (account.move.write checks what they may change), never
        # line by line.
        if self and self.move_id._fsm_limited_on_job_invoices():
            self.move_id._fsm_check_reviewable()
            raise AccessError(
                self.env._(
                    "Change the lines of %(invoice)s from the invoice itself "
                    "(Open/Edit on the job).",
                    invoice=self.move_id[0].display_name,
                )
            )
        return super().write(vals)
