from odoo import api, fields, models


class FsmJobPhoto(models.Model):
    _name = "fsm.job.photo"
    _description = "Field Service Job Photo"
    _order = "phase_sequence, sequence, id"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    phase = fields.Selection(
        [("before", "Before"), ("during", "During"), ("after", "After")],
        required=True,
        default="during",
    )
    phase_sequence = fields.Integer(compute="_compute_phase_sequence", store=True)
    sequence = fields.Integer(default=10)
    image = fields.Image(required=True, max_width=1920, max_height=1920)
    image_256 = fields.Image(
        "Thumbnail", related="image", max_width=256, max_height=256, store=True
    )
    caption = fields.Char()
    share_with_client = fields.Boolean(
        default=True, help="Shown to the client in the portal and the service report."
    )
    user_id = fields.Many2one(
        "res.users", string="Taken By", default=lambda self: self.env.user
    )
    date = fields.Datetime(default=fields.Datetime.now)

    @api.depends("phase")
    def _compute_phase_sequence(self):
        order = {"before": 1, "during": 2, "after": 3}
        for photo in self:
            photo.phase_sequence = order.get(photo.phase, 9)
