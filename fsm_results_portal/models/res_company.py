from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fsm_portal_signoff = fields.Selection(
        [
            ("done", "Move the job to Done when everything else is complete"),
            ("record", "Only record the signature"),
        ],
        string="Client Sign-off",
        default="done",
        required=True,
        help="What a client's sign-off in the portal does to the job.",
    )
    fsm_service_request_target = fields.Selection(
        [("job", "A new job"), ("lead", "A CRM lead")],
        string="Service Requests Become",
        default="job",
        required=True,
        help="A service request from the portal lands as an unscheduled job, or as "
        "a lead for the sales team to qualify first.",
    )
    fsm_arrival_window = fields.Float(
        string="Arrival Window (hours)",
        default=2.0,
        help="Clients see that the technician arrives between the scheduled start "
        "and this many hours later. 0 shows the scheduled time only.",
    )
