from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _prepare_mail_values(self, res_ids):
        """The clients' status emails of a batch of jobs are sent in mass mail mode
        (``fsm.job._notify_client``): each email's message stays in its job's
        chatter as the discussion message the client received, as a chatter post
        would record it (Discussions subtype, the client as recipient)."""
        values = super()._prepare_mail_values(res_ids)
        if self.env.context.get("fsm_client_notice") and (
            self.composition_mode == "mass_mail"
        ):
            comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
            for mail_values in values.values():
                mail_values["subtype_id"] = comment
                mail_values["partner_ids"] = list(mail_values.get("recipient_ids", []))
        return values
