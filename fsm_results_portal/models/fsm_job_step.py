from odoo import api, models

# What a portal user may read on a checklist step of their own jobs.
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "job_id",
        "company_id",
        "sequence",
        "name",
        "required",
        "is_done",
    }
)


class FsmJobStep(models.Model):
    _name = "fsm.job.step"
    _inherit = ["fsm.job.step", "fsm.portal.readable.mixin"]

    @api.model
    def _fsm_portal_readable_fields(self):
        return PORTAL_READABLE_FIELDS
