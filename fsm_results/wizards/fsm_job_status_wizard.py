from odoo import api, fields, models


class FsmJobStatusWizard(models.TransientModel):
    _name = "fsm.job.status.wizard"
    _description = "Change the Status of a Field Service Job"
    _inherit = ["fsm.job.wizard.mixin"]
    _fsm_job_field = "job_id"

    job_id = fields.Many2one("fsm.job", required=True)
    current_status_id = fields.Many2one(related="job_id.status_id", compute_sudo=False)
    allowed_status_ids = fields.Many2many(
        "fsm.workflow.status", compute="_compute_allowed_status_ids"
    )
    status_id = fields.Many2one(
        "fsm.workflow.status",
        string="New Status",
        required=True,
        domain="[('id', 'in', allowed_status_ids)]",
    )

    @api.depends("job_id")
    def _compute_allowed_status_ids(self):
        for wizard in self:
            wizard.allowed_status_ids = (
                wizard.job_id.status_id.next_status_ids.filtered(
                    lambda s: s.kind != "paused"
                )
            )

    def action_confirm(self):
        self.ensure_one()
        self.job_id._move_to_status(self.status_id)
        return {"type": "ir.actions.act_window_close"}
