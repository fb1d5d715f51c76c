import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from .fsm_access import check_finite_numbers

# What a phone's camera and a signature pad make; a document or a drawing made of
# code (SVG) is not a photo, whatever name or type the browser gave it.
PICTURE_MIMETYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def check_picture(env, data, what):
    """Refuse ``data`` (base64) unless it is a picture: PNG, JPEG, GIF or WebP."""
    if not data:
        return
    try:
        raw = base64.b64decode(data)
    except (binascii.Error, TypeError, ValueError):
        raw = b""
    if guess_mimetype(raw) not in PICTURE_MIMETYPES:
        raise ValidationError(
            env._("%(what)s is not a picture (PNG, JPEG, GIF or WebP).", what=what)
        )


# The picture itself is evidence: taken once, never replaced (take another one).
PHOTO_CREATE_FIELDS = frozenset(
    {"image", "caption", "phase", "share_with_client", "sequence"}
)
PHOTO_WRITE_FIELDS = PHOTO_CREATE_FIELDS - {"image"}


class FsmJobPhoto(models.Model):
    _name = "fsm.job.photo"
    _description = "Job Photo"
    _inherit = ["fsm.guarded.mixin"]
    _order = "phase_sequence, sequence, id"
    _fsm_technician_fields = PHOTO_WRITE_FIELDS
    _fsm_dispatcher_fields = PHOTO_WRITE_FIELDS
    _fsm_parent_field = "job_id"

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_picture(self.env, vals.get("image"), self.env._("The photo"))
            check_finite_numbers(self, vals)
        if not self.env.su:
            # Who took it and when is the server's to say, whatever is sent.
            for vals in vals_list:
                self._fsm_check_fields(
                    set(vals) - {"image", "user_id", "date"}, creating=True
                )
            now = fields.Datetime.now()
            vals_list = [
                dict(vals, user_id=self.env.uid, date=now) for vals in vals_list
            ]
        return super().create(vals_list)

    def write(self, vals):
        self._fsm_check_fields(vals)
        if not self.env.su and not self.env.user.has_group(
            "fsm_results.group_fsm_dispatcher"
        ):
            # What the office decided to show the client stays decided: a
            # technician changes the photos they took, while the job is open.
            others = self.filtered(lambda photo: photo.user_id != self.env.user)
            if others:
                raise AccessError(
                    self.env._(
                        "Only dispatchers change a photo someone else took "
                        "(%(caption)s on %(job)s).",
                        caption=others[0].caption or others[0].phase,
                        job=others[0].job_id.name,
                    )
                )
            self.job_id._fsm_check_open(self.env._("photos"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_own_photos(self):
        if self.env.su or self.env.user.has_group("fsm_results.group_fsm_dispatcher"):
            return
        self.job_id._fsm_check_open(self.env._("photos"))
        others = self.filtered(lambda photo: photo.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only dispatchers can delete a photo someone else took "
                    "(%(caption)s on %(job)s).",
                    caption=others[0].caption or others[0].phase,
                    job=others[0].job_id.name,
                )
            )

    @api.depends("phase")
    def _compute_phase_sequence(self):
        order = {"before": 1, "during": 2, "after": 3}
        for photo in self:
            photo.phase_sequence = order.get(photo.phase, 9)
