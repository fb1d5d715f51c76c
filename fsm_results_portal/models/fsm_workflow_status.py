from odoo import fields, models


class FsmWorkflowStatus(models.Model):
    _inherit = "fsm.workflow.status"

    client_label = fields.Char(
        translate=True,
        help="How clients see this status in the portal, e.g. 'Technician on the "
        "way'. The status name when empty.",
    )

    def _get_client_label(self):
        self.ensure_one()
        return self.client_label or self.name
