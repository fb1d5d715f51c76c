from odoo import fields, models


class FsmPauseReason(models.Model):
    _name = "fsm.pause.reason"
    _description = "Field Service Pause Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    note_required = fields.Boolean(
        help="The technician must explain the pause in a note."
    )
    billable = fields.Boolean(
        string="Counts as Billable Time",
        help="Time paused for this reason is billed to the client like worked time "
        "(e.g. waiting for the client's approval).",
    )
    notify_client = fields.Boolean(
        help="The client is told by email when a job is paused for this reason."
    )
    description = fields.Text()

    _code_unique = models.Constraint(
        "unique(code)", "Two pause reasons cannot share the same code."
    )
