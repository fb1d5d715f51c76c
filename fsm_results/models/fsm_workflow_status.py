from odoo import api, fields, models

STATUS_KINDS = [
    ("new", "New"),
    ("scheduled", "Scheduled"),
    ("dispatched", "Dispatched"),
    ("en_route", "En Route"),
    ("in_progress", "In Progress"),
    ("paused", "Paused"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
CLOSED_KINDS = ("done", "cancelled")


class FsmWorkflowStatus(models.Model):
    _name = "fsm.workflow.status"
    _description = "Field Service Workflow Status"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        STATUS_KINDS,
        required=True,
        default="new",
        help="What the status means, whatever its name: time tracking, pauses, "
        "Completed and the client portal rely on it.",
    )
    next_status_ids = fields.Many2many(
        "fsm.workflow.status",
        "fsm_workflow_status_next_rel",
        "status_id",
        "next_status_id",
        string="May Move To",
        help="The statuses a job in this status may move to. The first one (by "
        "sequence) is what the Workflow Status button offers.",
    )
    button_label = fields.Char(
        translate=True,
        help="Text of the Workflow Status button that moves a job into this status, "
        "e.g. 'On my way'. The status name when empty.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    color = fields.Integer()
    active = fields.Boolean(default=True)
    require_steps_done = fields.Boolean(
        string="Requires Required Steps Done",
        help="A job enters this status only when all its required checklist steps "
        "are done.",
    )
    require_signature = fields.Boolean(
        string="Requires Customer Signature",
        help="A job enters this status only once the customer has signed.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Client Email",
        domain=[("model", "=", "fsm.job")],
        help="Sent to the client when a job enters this status.",
    )
    is_closed = fields.Boolean(compute="_compute_is_closed", store=True)

    @api.depends("kind")
    def _compute_is_closed(self):
        for status in self:
            status.is_closed = status.kind in CLOSED_KINDS

    @api.model
    def _get_first_of_kind(self, kind):
        return self.search([("kind", "=", kind)], limit=1)
