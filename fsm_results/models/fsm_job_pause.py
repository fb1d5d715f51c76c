from odoo import api, fields, models


class FsmJobPause(models.Model):
    _name = "fsm.job.pause"
    _description = "Field Service Job Pause"
    _order = "date_start desc, id desc"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="job_id.partner_id", store=True, string="Customer"
    )
    technician_id = fields.Many2one(
        related="job_id.user_id", store=True, string="Technician"
    )
    reason_id = fields.Many2one("fsm.pause.reason", required=True, ondelete="restrict")
    billable = fields.Boolean(related="reason_id.billable", store=True)
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users", string="Paused By", default=lambda self: self.env.user
    )
    resumed_by_id = fields.Many2one("res.users")
    date_start = fields.Datetime(
        string="Paused On", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Resumed On")
    resume_status_id = fields.Many2one(
        "fsm.workflow.status", help="The status the job returns to when resumed."
    )
    duration_hours = fields.Float(
        string="Paused (hours)", compute="_compute_duration_hours", store=True
    )

    @api.depends("date_start", "date_end")
    def _compute_duration_hours(self):
        for pause in self:
            pause.duration_hours = (
                (pause.date_end - pause.date_start).total_seconds() / 3600
                if pause.date_end
                else 0.0
            )

    def _duration_until(self, now):
        self.ensure_one()
        return ((self.date_end or now) - self.date_start).total_seconds() / 3600
