from datetime import timedelta

from odoo import api, fields, models

from ..models.fsm_job import OVERLAP_CHECKED_AFTER


class FsmJobDispatchWizard(models.TransientModel):
    _name = "fsm.job.dispatch.wizard"
    _description = "Dispatch Field Service Jobs"
    _inherit = ["fsm.job.wizard.mixin"]

    job_ids = fields.Many2many("fsm.job", string="Jobs", required=True)
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
    job_count = fields.Integer(compute="_compute_job_count")

    @api.depends("job_ids")
    def _compute_job_count(self):
        for wizard in self:
            wizard.job_count = len(wizard.job_ids)

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
            if not (
                wizard.job_ids
                and wizard.user_id
                and wizard.scheduled_start
                and wizard.scheduled_end
            ):
                wizard.warning = False
                continue
            wizard.warning = self.env["fsm.job"]._fsm_working_hours_warning(
                wizard.user_id,
                wizard.job_ids[:1].company_id,
                [(start, end) for _job, start, end in wizard._slots()],
            )

    def _slots(self):
        """[(job, start, end)]: the first job from the start to the end given; the
        others one after another, each for its planned length (its service type's
        duration, or an hour, when it has none), in the jobs' order."""
        self.ensure_one()
        slots = []
        start, end = self.scheduled_start, self.scheduled_end
        for job in self.job_ids:
            if slots:
                if job.scheduled_start and job.scheduled_end:
                    length = job.scheduled_end - job.scheduled_start
                else:
                    length = timedelta(hours=job.service_type_id.default_duration or 1)
                start, end = slots[-1][2], slots[-1][2] + length
            slots.append((job, start, end))
        return slots

    def action_dispatch(self):
        self.ensure_one()
        slots = self._slots()
        if len(slots) == 1:
            self.job_ids._dispatch(
                self.user_id, self.scheduled_start, self.scheduled_end
            )
            return {"type": "ir.actions.act_window_close"}
        # each job its own times (the ORM writes them in one statement), then the
        # technician for all (one notice listing the jobs and their new times), the
        # overlap check once for the batch, and the move to Dispatched together
        jobs = self.job_ids.with_context(fsm_overlap_check=OVERLAP_CHECKED_AFTER)
        for job, start, end in slots:
            jobs.browse(job.id).write({"scheduled_start": start, "scheduled_end": end})
        jobs.write({"user_id": self.user_id.id})
        self.job_ids._check_technician_overlap()
        self.job_ids._dispatch_move()
        return {"type": "ir.actions.act_window_close"}
