from odoo import api, fields, models


class FsmJob(models.Model):
    _inherit = "fsm.job"

    form_ids = fields.One2many("fsm.job.form", "job_id", string="Forms")

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs._apply_service_type_forms()
        return jobs

    def write(self, vals):
        result = super().write(vals)
        if "service_type_id" in vals:
            self._apply_service_type_forms()
        return result

    def _apply_service_type_forms(self):
        templates = self.env["fsm.form.template"].search(
            [("service_type_ids", "in", self.service_type_id.ids)]
        )
        self.env["fsm.job.form"].create(
            [
                {"job_id": job.id, "template_id": template.id}
                for job in self
                for template in templates
                if job.service_type_id in template.service_type_ids
                and template not in job.form_ids.template_id
            ]
        )

    def _get_completion_blockers(self):
        blockers = super()._get_completion_blockers()
        for form in self.form_ids.filtered("missing_required"):
            blockers.append(
                self.env._(
                    "form '%(form)s' has unanswered questions: %(questions)s",
                    form=form.name,
                    questions=form.missing_required,
                )
            )
        return blockers
