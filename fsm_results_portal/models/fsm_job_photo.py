from odoo import models

# What a portal user may read on a photo (the record rule already limits them to
# the shared photos of their own jobs).
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "job_id",
        "company_id",
        "phase",
        "phase_sequence",
        "sequence",
        "image",
        "image_256",
        "caption",
        "share_with_client",
        "date",
    }
)


class FsmJobPhoto(models.Model):
    _inherit = "fsm.job.photo"

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        if not self.env.su and self.env.user._is_portal():
            return operation == "read" and field.name in PORTAL_READABLE_FIELDS
        return True
