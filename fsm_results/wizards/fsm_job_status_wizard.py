from odoo import api, fields, models


class FsmJobStatusWizard(models.TransientModel):
    _name = "fsm.job.status.wizard"
    _description = "Change the Status of a Field Service Job"

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

    # The wizard shows the job (reference, status): only to someone who may work it,
    # from its first onchange to its confirmation.
    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        self.env["fsm.job"]._fsm_check_wizard_jobs(values.get("job_id"))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards.job_id.check_access("write")
        return wizards

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
