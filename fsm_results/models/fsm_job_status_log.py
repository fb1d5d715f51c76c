from odoo import api, fields, models


class FsmJobStatusLog(models.Model):
    _name = "fsm.job.status.log"
    _description = "Field Service Job Status Move"
    _order = "date desc, id desc"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    from_status_id = fields.Many2one("fsm.workflow.status", string="From")
    to_status_id = fields.Many2one("fsm.workflow.status", string="To", required=True)
    kind = fields.Selection(related="to_status_id.kind", store=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Until")
    duration_hours = fields.Float(
        string="Duration (hours)", compute="_compute_duration_hours", store=True
    )

    @api.depends("date", "date_end")
    def _compute_duration_hours(self):
        for log in self:
            log.duration_hours = (
                (log.date_end - log.date).total_seconds() / 3600
                if log.date_end
                else 0.0
            )

    def _duration_until(self, now):
        self.ensure_one()
        return ((self.date_end or now) - self.date).total_seconds() / 3600

    def _record_timesheets(self):
        """Worked intervals become timesheet lines of the job's technicians."""
        logs = self.filtered(lambda log: log.date_end and log.duration_hours > 0)
        if not logs:
            return
        users = logs.job_id.user_id | logs.job_id.crew_ids
        employees = (
            self.env["hr.employee"].sudo().search([("user_id", "in", users.ids)])
        )
        employee_of = {(e.user_id.id, e.company_id.id): e for e in employees}
        values = []
        for log in logs:
            job = log.job_id
            project = job.company_id._fsm_get_project()
            for user in job.user_id | job.crew_ids:
                employee = employee_of.get((user.id, job.company_id.id))
                if not employee:
                    continue
                values.append(
                    {
                        "name": f"{job.name}: {log.to_status_id.name}",
                        "date": log.date.date(),
                        "unit_amount": log.duration_hours,
                        "project_id": project.id,
                        "employee_id": employee.id,
                        "user_id": user.id,
                        "fsm_job_id": job.id,
                        "company_id": job.company_id.id,
                    }
                )
        self.env["account.analytic.line"].sudo().create(values)
