from odoo import api, models

# What a portal user may read on a form answer shared with them.
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "job_id",
        "company_id",
        "sequence",
        "name",
        "question_type",
        "value_text",
        "value_number",
        "has_number",
        "value_yes_no",
        "value_option_id",
        "value_image",
        "is_answered",
    }
)


class FsmJobFormAnswer(models.Model):
    _name = "fsm.job.form.answer"
    _inherit = ["fsm.job.form.answer", "fsm.portal.readable.mixin"]

    @api.model
    def _fsm_portal_readable_fields(self):
        return PORTAL_READABLE_FIELDS

    def _portal_value(self):
        """The answer as the client reads it (text; photos are shown as images)."""
        self.ensure_one()
        kind = self.question_type
        if kind == "number":
            return f"{self.value_number:g}"
        if kind == "yes_no":
            return dict(
                self._fields["value_yes_no"]._description_selection(self.env)
            ).get(self.value_yes_no)
        if kind == "choice":
            return self.value_option_id.name
        return self.value_text or ""
