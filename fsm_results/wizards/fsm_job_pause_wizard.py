from odoo import fields, models


class FsmJobPauseWizard(models.TransientModel):
    _name = "fsm.job.pause.wizard"
    _description = "Pause a Field Service Job"
    _inherit = ["fsm.job.wizard.mixin"]

    job_ids = fields.Many2many("fsm.job", required=True)
    reason_id = fields.Many2one("fsm.pause.reason", required=True)
    note_required = fields.Boolean(related="reason_id.note_required")
    note = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.job_ids._pause(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
