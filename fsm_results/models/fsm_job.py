from odoo import api, fields, models


class FsmJob(models.Model):
    _name = "fsm.job"
    _description = "Field Service Job"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, scheduled_start, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True
    )
    description = fields.Html(string="Internal Description")
    scheduled_start = fields.Datetime(tracking=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], default="0", tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("fsm.job") or "/"
        return super().create(vals_list)
