from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fsm_project_id = fields.Many2one(
        "project.project",
        string="Field Service Project",
        help="Project of the timesheet lines recorded from jobs.",
    )
    fsm_unscheduled_delay = fields.Integer(
        string="Unscheduled Follow-up (days)",
        default=2,
        help="A follow-up activity is planned when a job stays unscheduled longer.",
    )
    fsm_uninvoiced_delay = fields.Integer(
        string="Uninvoiced Follow-up (days)",
        default=3,
        help="A follow-up activity is planned when a done job stays uninvoiced longer.",
    )
    fsm_progress_billing = fields.Boolean(
        string="Progress Billing",
        help="The technician's job screen offers Billing while the job is in "
        "progress, not only once it is done. Jobs not started are never invoiced.",
    )

    def _fsm_get_project(self):
        """The project timesheets of this company's jobs go to (made on first use)."""
        self.ensure_one()
        if not self.fsm_project_id:
            self.sudo().fsm_project_id = (
                self.env["project.project"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Field Service"),
                        "company_id": self.id,
                        "allow_timesheets": True,
                    }
                )
            )
        return self.fsm_project_id
