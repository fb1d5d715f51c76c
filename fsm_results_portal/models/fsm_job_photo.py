from odoo import api, models

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
    _name = "fsm.job.photo"
    _inherit = ["fsm.job.photo", "fsm.portal.readable.mixin"]

    @api.model
    def _fsm_portal_readable_fields(self):
        return PORTAL_READABLE_FIELDS
