from odoo import api, fields, models


class FsmJobDispatchWizard(models.TransientModel):
    _name = "fsm.job.dispatch.wizard"
    _description = "Dispatch Field Service Jobs"
    _inherit = ["fsm.job.wizard.mixin"]

    job_ids = fields.Many2many("fsm.job", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        required=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("fsm_results.group_fsm_technician").id)
        ],
    )
    scheduled_start = fields.Datetime(
        compute="_compute_schedule", store=True, readonly=False, required=True
    )
    scheduled_end = fields.Datetime(
        compute="_compute_schedule", store=True, readonly=False, required=True
    )
    warning = fields.Char(compute="_compute_warning")

    @api.depends("job_ids")
    def _compute_schedule(self):
        for wizard in self:
            first = wizard.job_ids[:1]
            wizard.scheduled_start = first.scheduled_start or fields.Datetime.now()
            wizard.scheduled_end = first.scheduled_end

    @api.onchange("scheduled_start")
    def _onchange_scheduled_start(self):
        first = self.job_ids[:1]
        if self.scheduled_start and first:
            duration = first.service_type_id.default_duration or 1.0
            self.scheduled_end = fields.Datetime.add(
                self.scheduled_start, hours=duration
            )

    @api.depends("user_id", "scheduled_start", "scheduled_end", "job_ids")
    def _compute_warning(self):
        for wizard in self:
            job = wizard.job_ids[:1]
            if not (
                job
                and wizard.user_id
                and wizard.scheduled_start
                and wizard.scheduled_end
            ):
                wizard.warning = False
                continue
            preview = job.new(
                {
                    "user_id": wizard.user_id.id,
                    "scheduled_start": wizard.scheduled_start,
                    "scheduled_end": wizard.scheduled_end,
                    "company_id": job.company_id.id,
                }
            )
            wizard.warning = preview._get_working_hours_warning()

    def action_dispatch(self):
        self.ensure_one()
        self.job_ids._dispatch(self.user_id, self.scheduled_start, self.scheduled_end)
        return {"type": "ir.actions.act_window_close"}
