from odoo import fields, models


class FsmFormQuestion(models.Model):
    _inherit = "fsm.form.question"

    share_with_client = fields.Boolean(
        help="The answer is shown to the client on the job's portal page."
    )
