from odoo import fields, models

QUESTION_TYPES = [
    ("text", "Text"),
    ("number", "Number"),
    ("yes_no", "Yes / No"),
    ("choice", "Choice"),
    ("photo", "Photo"),
    ("signature", "Signature"),
]


class FsmFormTemplate(models.Model):
    _name = "fsm.form.template"
    _description = "Field Service Form Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    service_type_ids = fields.Many2many(
        "fsm.service.type",
        "fsm_service_type_form_template_rel",
        "template_id",
        "service_type_id",
        string="Service Types",
        help="Jobs of these service types get this form to fill.",
    )
    question_ids = fields.One2many(
        "fsm.form.question", "template_id", string="Questions", copy=True
    )


class FsmFormQuestion(models.Model):
    _name = "fsm.form.question"
    _description = "Field Service Form Question"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "fsm.form.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Question", required=True, translate=True)
    question_type = fields.Selection(QUESTION_TYPES, required=True, default="text")
    required = fields.Boolean()
    option_ids = fields.One2many(
        "fsm.form.question.option", "question_id", string="Choices", copy=True
    )


class FsmFormQuestionOption(models.Model):
    _name = "fsm.form.question.option"
    _description = "Field Service Form Question Choice"
    _order = "sequence, id"

    question_id = fields.Many2one(
        "fsm.form.question", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
