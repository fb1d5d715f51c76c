from odoo import fields, models


class FsmJobTag(models.Model):
    _name = "fsm.job.tag"
    _description = "Field Service Job Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _name_unique = models.Constraint("unique(name)", "This tag already exists.")
