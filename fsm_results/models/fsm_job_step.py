from odoo import fields, models


class FsmJobStep(models.Model):
    _name = "fsm.job.step"
    _description = "Field Service Job Checklist Step"
    _order = "sequence, id"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    required = fields.Boolean(default=True)
    is_done = fields.Boolean(string="Done")
    done_by_id = fields.Many2one("res.users", readonly=True)
    done_on = fields.Datetime(readonly=True)

    def write(self, vals):
        if "is_done" in vals:
            vals = dict(
                vals,
                done_by_id=self.env.uid if vals["is_done"] else False,
                done_on=fields.Datetime.now() if vals["is_done"] else False,
            )
        return super().write(vals)

    def action_toggle_done(self):
        for done, steps in self.grouped("is_done").items():
            steps.write({"is_done": not done})
        return True
