from odoo import api, models


class FsmJobWizardMixin(models.AbstractModel):
    """A dialog on jobs (status, pause, dispatch) shows their reference and status:
    only to someone who may work them, from its first onchange to its confirmation."""

    _name = "fsm.job.wizard.mixin"
    _description = "Field Service Job Dialog"
    _fsm_job_field = "job_ids"

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        self.env["fsm.job"]._fsm_check_wizard_jobs(values.get(self._fsm_job_field))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards[self._fsm_job_field].check_access("write")
        return wizards
