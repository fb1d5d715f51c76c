from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .fsm_job_photo import check_picture

ANSWER_FIELDS = frozenset(
    {
        "value_text",
        "value_number",
        "value_yes_no",
        "value_option_id",
        "value_image",
        "value_signature",
    }
)


class FsmJobForm(models.Model):
    _name = "fsm.job.form"
    _description = "Job Form"
    _inherit = ["fsm.guarded.mixin"]
    _order = "job_id, sequence, id"
    # A form is filled through its answers; which template a job gets is the
    # service type's (or a dispatcher's) call.
    _fsm_technician_fields = frozenset({"answer_ids"})
    _fsm_dispatcher_fields = frozenset({"answer_ids", "template_id"})
    _fsm_parent_field = "job_id"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    template_id = fields.Many2one(
        "fsm.form.template", required=True, ondelete="restrict"
    )
    name = fields.Char(related="template_id.name")
    sequence = fields.Integer(related="template_id.sequence", store=True)
    answer_ids = fields.One2many("fsm.job.form.answer", "form_id", string="Answers")
    missing_required = fields.Char(compute="_compute_missing_required")
    state = fields.Selection(
        [("todo", "To Fill"), ("done", "Complete")], compute="_compute_missing_required"
    )

    @api.depends("answer_ids.is_answered", "answer_ids.required")
    def _compute_missing_required(self):
        for form in self:
            missing = form.answer_ids.filtered(
                lambda a: a.required and not a.is_answered
            )
            form.missing_required = ", ".join(missing.question_id.mapped("name"))
            form.state = "todo" if missing else "done"

    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_create(vals_list)
        forms = super().create(vals_list)
        self.env["fsm.job.form.answer"].create(
            [
                {"form_id": form.id, "question_id": question.id}
                for form in forms
                for question in form.template_id.question_ids
            ]
        )
        return forms

    def write(self, vals):
        self._fsm_check_fields(vals)
        if "template_id" in vals and self.answer_ids.filtered("is_answered"):
            raise ValidationError(
                self.env._(
                    "%(form)s already has answers: add another form instead of "
                    "changing its template.",
                    form=self[0].name,
                )
            )
        return super().write(vals)


class FsmJobFormAnswer(models.Model):
    _name = "fsm.job.form.answer"
    _description = "Form Answer"
    _inherit = ["fsm.guarded.mixin"]
    _order = "form_id, sequence, id"
    _fsm_technician_fields = ANSWER_FIELDS
    _fsm_dispatcher_fields = ANSWER_FIELDS
    _fsm_parent_field = "form_id"

    form_id = fields.Many2one(
        "fsm.job.form", required=True, ondelete="cascade", index=True
    )
    job_id = fields.Many2one(related="form_id.job_id", store=True, index=True)
    company_id = fields.Many2one(related="form_id.company_id", store=True)
    question_id = fields.Many2one(
        "fsm.form.question", required=True, ondelete="restrict"
    )
    name = fields.Char(related="question_id.name", string="Question Text")
    sequence = fields.Integer(related="question_id.sequence", store=True)
    question_type = fields.Selection(related="question_id.question_type")
    required = fields.Boolean(related="question_id.required")
    value_text = fields.Text(string="Answer")
    value_number = fields.Float(string="Number")
    value_yes_no = fields.Selection([("yes", "Yes"), ("no", "No")], string="Yes / No")
    value_option_id = fields.Many2one(
        "fsm.form.question.option",
        string="Choice",
        domain="[('question_id', '=', question_id)]",
    )
    value_image = fields.Image(string="Photo", max_width=1920, max_height=1920)
    value_signature = fields.Image(string="Signature", max_width=1024, max_height=1024)
    has_number = fields.Boolean(string="Number Given")
    is_answered = fields.Boolean(compute="_compute_is_answered", store=True)

    @api.depends(
        "question_type",
        "value_text",
        "has_number",
        "value_yes_no",
        "value_option_id",
        "value_image",
        "value_signature",
    )
    def _compute_is_answered(self):
        for answer in self:
            answer.is_answered = bool(
                {
                    "text": (answer.value_text or "").strip(),
                    "number": answer.has_number,
                    "yes_no": answer.value_yes_no,
                    "choice": answer.value_option_id,
                    "photo": answer.value_image,
                    "signature": answer.value_signature,
                }.get(answer.question_type)
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_create([set(vals) - {"question_id"} for vals in vals_list])
        for vals in vals_list:
            self._fsm_check_pictures(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._fsm_check_fields(vals)
        self._fsm_check_pictures(vals)
        self.job_id._fsm_check_open(self.env._("form answers"))
        if "value_number" in vals:
            # A number typed in, even 0, is an answer; clearing it is not.
            vals = dict(vals, has_number=vals["value_number"] is not False)
        return super().write(vals)

    @api.model
    def _fsm_check_pictures(self, vals):
        for name in ("value_image", "value_signature"):
            check_picture(self.env, vals.get(name), self._fields[name].string)

    @api.constrains("value_option_id", "question_id")
    def _check_option_of_question(self):
        for answer in self.filtered("value_option_id"):
            if answer.value_option_id.question_id != answer.question_id:
                raise ValidationError(
                    self.env._(
                        "'%(option)s' is not a choice of '%(question)s'.",
                        option=answer.value_option_id.name,
                        question=answer.question_id.name,
                    )
                )
