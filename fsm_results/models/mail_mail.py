from odoo import api, models
from odoo.fields import Command


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_invoice_emails(vals_list)
        return super().create(vals_list)

    @api.model
    def _fsm_check_invoice_emails(self, vals_list):
        """ "Email invoices", enforced where every path ends (composer, Send & Print,
        message_post, a template's send_mail, mass mailing): an email about an invoice
        made from a job leaves for someone outside the company only when the acting
        user has Odoo's billing rights or the FSM setting. Mails are created as
        superuser, so the acting user is the environment's uid."""
        user = self.env.user
        if (
            user._is_superuser()
            or user.share
            or user.has_group("account.group_account_invoice")
            or user._fsm_has_setting("email_invoice")
        ):
            return
        message_ids = [
            vals["mail_message_id"] for vals in vals_list if vals.get("mail_message_id")
        ]
        documents = {
            message.id: (message.model, message.res_id)
            for message in self.env["mail.message"].sudo().browse(message_ids)
        }
        move_ids = set()
        for vals in vals_list:
            model, res_id = documents.get(
                vals.get("mail_message_id"), (vals.get("model"), vals.get("res_id"))
            )
            if model == "account.move" and res_id and self._fsm_leaves_company(vals):
                move_ids.add(res_id)
        if not move_ids:
            return
        moves = self.env["account.move"].sudo().browse(move_ids)
        if moves._fsm_job_invoices():
            user._fsm_check_setting("email_invoice")

    @api.model
    def _fsm_leaves_company(self, vals):
        """Whether this mail goes to anyone but the company's own users."""
        if vals.get("email_to") or vals.get("email_cc"):
            return True
        partner_ids = set()
        for command in vals.get("recipient_ids") or ():
            if isinstance(command, int):
                partner_ids.add(command)
            elif command[0] == Command.LINK:
                partner_ids.add(command[1])
            elif command[0] == Command.SET:
                partner_ids.update(command[2])
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        return any(
            not partner.user_ids or all(u.share for u in partner.user_ids)
            for partner in partners
        )
