from odoo import models

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
    _inherit = "fsm.job.step"

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        if not self.env.su and self.env.user._is_portal():
            return operation == "read" and field.name in PORTAL_READABLE_FIELDS
        return True
