from odoo import models

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
    _inherit = "fsm.job.form.answer"

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        if not self.env.su and self.env.user._is_portal():
            return operation == "read" and field.name in PORTAL_READABLE_FIELDS
        return True

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
