from odoo import api, fields, models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null"
    )

    # Jobs record their worked time themselves (from the status history); a
    # timesheet is put on a job, and shows in its client's portal, only by someone
    # who may work that job.
    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_job_access(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._fsm_check_job_access([vals])
        if "fsm_job_id" in vals and not self.env.su and self.fsm_job_id:
            self.fsm_job_id.check_access("write")
        return super().write(vals)

    @api.model
    def _fsm_check_job_access(self, vals_list):
        if self.env.su:
            return
        job_ids = [vals["fsm_job_id"] for vals in vals_list if vals.get("fsm_job_id")]
        if job_ids:
            self.env["fsm.job"].browse(job_ids).check_access("write")
