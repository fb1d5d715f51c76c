from odoo import api, models
from odoo.exceptions import AccessError
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
        message_post, a template's send_mail, mass mailing, a job's chatter with one
        of the invoice's files attached): an email about an invoice made from a job,
        or with one of the files Odoo keeps on it, leaves for someone outside the
        company only when the acting user has Odoo's billing rights or the FSM
        setting. Mails are created as superuser, so the acting user is the
        environment's uid."""
        if self._fsm_may_email_invoices():
            return
        outgoing = [vals for vals in vals_list if self._fsm_leaves_company(vals)]
        messages = (
            self.env["mail.message"]
            .sudo()
            .browse(
                [
                    vals["mail_message_id"]
                    for vals in outgoing
                    if vals.get("mail_message_id")
                ]
            )
        )
        message_of = {message.id: message for message in messages}
        move_ids = set()
        attachment_ids = set()
        for vals in outgoing:
            message = message_of.get(vals.get("mail_message_id"))
            model = message.model if message else vals.get("model")
            res_id = message.res_id if message else vals.get("res_id")
            if model == "account.move" and res_id:
                move_ids.add(res_id)
            attachment_ids.update(message.attachment_ids.ids if message else ())
            attachment_ids.update(_ids(vals.get("attachment_ids")))
        self._fsm_check_job_invoices(move_ids, attachment_ids)

    @api.model
    def _fsm_may_email_invoices(self):
        """The acting user may email any invoice: Odoo's own mail robot (its
        scheduled messages are checked when they are scheduled, see
        mail.message.schedule), billing rights, or the FSM setting."""
        user = self.env.user
        return (
            user._is_superuser()
            or user.share
            or user.has_group("account.group_account_invoice")
            or user._fsm_has_setting("email_invoice")
        )

    @api.model
    def _fsm_check_job_invoices(self, move_ids, attachment_ids):
        """Refuse, for a user without "Email invoices", what concerns invoices made
        from jobs: ``move_ids`` or files (``attachment_ids``) of theirs."""
        move_ids = set(move_ids)
        move_ids.update(
            attachment.res_id
            for attachment in self.env["ir.attachment"].sudo().browse(attachment_ids)
            if attachment.res_model == "account.move" and attachment.res_id
        )
        moves = self.env["account.move"].sudo().browse(move_ids)
        if moves and moves._fsm_job_invoices():
            self.env.user._fsm_check_setting("email_invoice")

    @api.model
    def _fsm_check_message(self, message):
        """Refuse, for the acting user without "Email invoices", a message about a
        job's invoice (or with one of its files) that reaches someone outside the
        company: its recipients, its email addresses, and for a message (not a
        note) the followers of its record."""
        if self._fsm_may_email_invoices():
            return
        recipients = message.partner_ids
        if not message.subtype_id.internal and message.model and message.res_id:
            recipients |= (
                self.env[message.model]
                .sudo()
                .browse(message.res_id)
                .exists()
                .message_partner_ids
            )
        if not (
            message.outgoing_email_to
            or self._fsm_leaves_company({"recipient_ids": recipients.ids})
        ):
            return  # to colleagues only
        self._fsm_check_job_invoices(
            [message.res_id] if message.model == "account.move" else [],
            message.attachment_ids.ids,
        )

    @api.model
    def _fsm_leaves_company(self, vals):
        """Whether this mail goes to anyone but the company's own users."""
        if vals.get("email_to") or vals.get("email_cc"):
            return True
        partners = (
            self.env["res.partner"].sudo().browse(_ids(vals.get("recipient_ids")))
        )
        return any(
            not partner.user_ids or all(u.share for u in partner.user_ids)
            for partner in partners
        )


def _ids(commands):
    """The record ids an x2many value names (ids, LINK and SET commands)."""
    ids = set()
    for command in commands or ():
        if isinstance(command, int):
            ids.add(command)
        elif command[0] == Command.LINK:
            ids.add(command[1])
        elif command[0] == Command.SET:
            ids.update(command[2])
    return ids


class MailMessageSchedule(models.Model):
    _inherit = "mail.message.schedule"

    # A message posted for later is sent by Odoo's mail robot. "Email invoices" is
    # checked when it is posted (the poster is told at once) and again when the
    # robot sends it, for the user who wrote it: a message edited in between (its
    # recipients, its files) is judged as it leaves.
    @api.model_create_multi
    def create(self, vals_list):
        messages = (
            self.env["mail.message"]
            .sudo()
            .browse([vals.get("mail_message_id") for vals in vals_list])
            .exists()
        )
        for message in messages:
            self.env["mail.mail"]._fsm_check_message(message)
        return super().create(vals_list)

    def _send_notifications(self, default_notify_kwargs=None):
        refused = self.browse()
        for schedule in self:
            message = schedule.mail_message_id.sudo()
            try:
                self.env["mail.mail"].with_user(message.create_uid)._fsm_check_message(
                    message
                )
            except AccessError as refusal:
                refused |= schedule
                if message.model and message.res_id:
                    self.env[message.model].sudo().browse(message.res_id)._message_log(
                        body=self.env._(
                            "A message posted for later was not sent: %(reason)s",
                            reason=refusal.args[0],
                        )
                    )
        refused.unlink()
        return super(MailMessageSchedule, self - refused)._send_notifications(
            default_notify_kwargs=default_notify_kwargs
        )
