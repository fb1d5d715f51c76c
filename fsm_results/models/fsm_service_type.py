from odoo import api, fields, models


class FsmServiceType(models.Model):
    _name = "fsm.service.type"
    _description = "Field Service Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    product_id = fields.Many2one(
        "product.product",
        string="Billable Service",
        domain=[("type", "=", "service")],
        help="The service invoiced as the job's first line; confirming a sale order "
        "of this product creates a job of this type.",
    )
    sku = fields.Char(related="product_id.default_code", string="SKU")
    billing_mode = fields.Selection(
        [("hourly", "Hourly"), ("flat", "Flat Rate")],
        required=True,
        default="hourly",
        help="Hourly: billed on the job's billable time. Flat: one unit per job.",
    )
    rate = fields.Float(
        digits="Product Price",
        help="Price per hour (hourly) or per job (flat rate).",
    )
    default_duration = fields.Float(
        string="Default Duration (hours)",
        default=1.0,
        help="Used to propose the scheduled end of a job.",
    )
    form_template_ids = fields.Many2many(
        "fsm.form.template",
        "fsm_service_type_form_template_rel",
        "service_type_id",
        "template_id",
        string="Forms",
    )
    step_template_ids = fields.One2many(
        "fsm.service.type.step", "service_type_id", string="Default Checklist"
    )

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.rate:
            self.rate = self.product_id.lst_price


class FsmServiceTypeStep(models.Model):
    _name = "fsm.service.type.step"
    _description = "Field Service Type Checklist Step"
    _order = "sequence, id"

    service_type_id = fields.Many2one(
        "fsm.service.type", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    required = fields.Boolean(default=True)
