from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    fsm_job_ids = fields.One2many("fsm.job", "lead_id", string="Jobs")
    fsm_job_count = fields.Integer(compute="_compute_fsm_job_count")

    def _compute_fsm_job_count(self):
        counts = dict(
            self.env["fsm.job"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.fsm_job_count = counts.get(lead, 0)

    def action_create_fsm_job(self):
        """Create Job: the lead's customer, address and description on a new job."""
        self.ensure_one()
        if not self.partner_id:
            if not (self.partner_name or self.contact_name or self.email_from):
                raise UserError(
                    self.env._(
                        "Set a customer on the opportunity before creating a job."
                    )
                )
            self._handle_partner_assignment(create_missing=True)
        job = self.env["fsm.job"].create(
            {
                "partner_id": self.partner_id.id,
                "lead_id": self.id,
                "description": self.description,
                "priority": "1" if self.priority in ("2", "3") else "0",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "fsm.job",
            "res_id": job.id,
            "view_mode": "form",
        }

    def action_view_fsm_jobs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fsm_results.fsm_job_action"
        )
        action["domain"] = [("lead_id", "in", self.ids)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
