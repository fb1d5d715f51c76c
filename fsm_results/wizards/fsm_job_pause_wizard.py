from odoo import api, fields, models


class FsmJobPauseWizard(models.TransientModel):
    _name = "fsm.job.pause.wizard"
    _description = "Pause a Field Service Job"

    job_ids = fields.Many2many("fsm.job", required=True)
    reason_id = fields.Many2one("fsm.pause.reason", required=True)
    note_required = fields.Boolean(related="reason_id.note_required")
    note = fields.Text()

    # The wizard shows the job (reference, status): only to someone who may work it,
    # from its first onchange to its confirmation.
    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        self.env["fsm.job"]._fsm_check_wizard_jobs(values.get("job_ids"))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards.job_ids.check_access("write")
        return wizards

    def action_confirm(self):
        self.ensure_one()
        self.job_ids._pause(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
