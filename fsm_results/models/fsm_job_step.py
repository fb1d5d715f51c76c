from odoo import api, fields, models
from odoo.exceptions import AccessError


class FsmJobStep(models.Model):
    _name = "fsm.job.step"
    _description = "Checklist Step"
    _inherit = ["fsm.guarded.mixin"]
    _order = "sequence, id"
    # A technician ticks steps (and may add one of their own); what is required is
    # the office's call. Who ticked and when is stamped here, never sent.
    _fsm_technician_fields = frozenset({"is_done", "name", "sequence"})
    _fsm_dispatcher_fields = frozenset({"is_done", "name", "sequence", "required"})
    _fsm_parent_field = "job_id"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    required = fields.Boolean(default=True)
    is_done = fields.Boolean(string="Done")
    done_by_id = fields.Many2one("res.users", readonly=True)
    done_on = fields.Datetime(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_create(vals_list)
        if not self.env.su and not self.env.user.has_group(
            "fsm_results.group_fsm_dispatcher"
        ):
            # A step a technician adds is their own note, never a requirement.
            vals_list = [dict(vals, required=False) for vals in vals_list]
        return super().create([self._stamp_done(vals) for vals in vals_list])

    def write(self, vals):
        self._fsm_check_fields(vals)
        if (
            "name" in vals
            and self.filtered("required")
            and "required" not in self._fsm_allowed_fields()
            and not self.env.su
        ):
            # What a required step asks is the office's: technicians rename only
            # the steps they added themselves.
            raise AccessError(
                self.env._("Only dispatchers can rename a required checklist step.")
            )
        return super().write(self._stamp_done(vals))

    def _stamp_done(self, vals):
        if "is_done" not in vals:
            return vals
        done = bool(vals["is_done"])
        return dict(
            vals,
            done_by_id=self.env.uid if done else False,
            done_on=fields.Datetime.now() if done else False,
        )

    def action_toggle_done(self):
        for done, steps in self.grouped("is_done").items():
            steps.write({"is_done": not done})
        return True
