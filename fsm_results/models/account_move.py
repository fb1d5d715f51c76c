import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .fsm_access import MAX_PRICE, MAX_QUANTITY
from .mail_composer import composer_action

# What someone without Odoo's billing rights may change on a draft invoice made from
# their job (FSM setting "Generate invoices"), and on its product lines. Prices and
# taxes also need "Edit unit prices". Anything else is the accounting team's.
FSM_MOVE_FIELDS = frozenset({"invoice_line_ids", "narration", "ref"})
FSM_MOVE_LINE_FIELDS = frozenset({"name", "quantity", "sequence"})
FSM_PRICE_FIELDS = frozenset({"price_unit", "discount", "tax_ids"})


class AccountMove(models.Model):
    _inherit = "account.move"

    fsm_job_ids = fields.Many2many(
        "fsm.job", compute="_compute_fsm_job_ids", string="Field Service Jobs"
    )

    @api.depends("line_ids.fsm_job_id")
    def _compute_fsm_job_ids(self):
        for move in self:
            move.fsm_job_ids = move.line_ids.fsm_job_id

    # -- who may do what on an invoice made from a job (see fsm_access.py) -----------
    @api.model
    def _fsm_billing_limited(self):
        """True for a user acting without Odoo's own billing rights: what they do
        on job invoices goes through the FSM Settings and the checks below."""
        return not self.env.su and not self.env.user.has_group(
            "account.group_account_invoice"
        )

    def _fsm_job_invoices(self):
        """The customer invoices and credit notes among these moves that were made
        from jobs."""
        job_move_ids = {
            line["move_id"][0]
            for line in self.env["account.move.line"]
            .sudo()
            .search_read(
                [("move_id", "in", self.ids), ("fsm_job_id", "!=", False)],
                ["move_id"],
            )
        }
        return self.filtered(
            lambda move: move.id in job_move_ids
            and move.move_type in ("out_invoice", "out_refund")
        )

    def _fsm_check_limited_access(self, setting):
        """For a user without Odoo's billing rights: the FSM ``setting`` and these
        being invoices of jobs they may see."""
        self.env.user._fsm_check_setting(setting)
        if not self.has_access("read"):
            raise AccessError(
                self.env._(
                    "This invoice is not one of your jobs' invoices: ask your "
                    "accounting team."
                )
            )
        others = self - self._fsm_job_invoices()
        if others:
            raise AccessError(
                self.env._(
                    "%(move)s was not made from a field service job: ask your "
                    "accounting team.",
                    move=others[0].display_name,
                )
            )

    def _fsm_check_reviewable(self):
        """What a technician may change and confirm: the draft invoices of their
        jobs. Credit notes, and anything once confirmed, are the accounting team's."""
        self._fsm_check_limited_access("invoice")
        refunds = self.filtered(lambda move: move.move_type != "out_invoice")
        if refunds:
            raise AccessError(
                self.env._(
                    "%(move)s is a credit note: credit notes are the accounting "
                    "team's.",
                    move=refunds[0].display_name,
                )
            )
        posted = self.filtered(lambda move: move.state != "draft")
        if posted:
            raise UserError(
                self.env._(
                    "%(move)s is confirmed: it can no longer be changed from the job. "
                    "Ask your accounting team for a credit note.",
                    move=posted[0].display_name,
                )
            )

    def _fsm_limited_on_job_invoices(self):
        return self._fsm_billing_limited() and bool(self._fsm_job_invoices())

    def write(self, vals):
        if not self._fsm_limited_on_job_invoices():
            return super().write(vals)
        self._fsm_check_reviewable()
        self._fsm_check_limited_values(vals)
        # The checked path: Odoo's own write, past the accounting access rights.
        return super(AccountMove, self.sudo()).write(vals)

    def _fsm_check_limited_values(self, vals):
        if set(vals) - FSM_MOVE_FIELDS:
            raise AccessError(
                self.env._(
                    "From a job you may change the lines, notes and client reference "
                    "of a draft invoice: for anything else, ask your accounting team."
                )
            )
        allowed = FSM_MOVE_LINE_FIELDS
        if self.env.user._fsm_has_setting("edit_price"):
            allowed = allowed | FSM_PRICE_FIELDS
        lines = self.invoice_line_ids
        for command in vals.get("invoice_line_ids", ()):
            kind = command[0]
            if kind in (Command.UPDATE, Command.DELETE, Command.UNLINK, Command.LINK):
                if command[1] not in lines.ids:
                    raise AccessError(self.env._("That line is not on this invoice."))
            if kind == Command.UPDATE:
                if "quantity" in command[2]:
                    _check_quantity(self.env, command[2]["quantity"])
                _check_price(self.env, command[2])
                line_refused = set(command[2]) - allowed
                if line_refused & FSM_PRICE_FIELDS:
                    raise AccessError(
                        self.env._(
                            "You are not allowed to change unit prices, discounts or "
                            "taxes. Ask an administrator to switch on 'Edit unit "
                            "prices' in your FSM Settings."
                        )
                    )
                if line_refused:
                    raise AccessError(
                        self.env._(
                            "From a job you may change the description and quantity "
                            "of an invoice line: for anything else, change the job's "
                            "products or ask your accounting team."
                        )
                    )
            elif kind in (Command.CREATE, Command.CLEAR, Command.SET):
                raise AccessError(
                    self.env._(
                        "Add products to the job (Was Used), not to its invoice: the "
                        "invoice then follows what was used on site."
                    )
                )
        removed = {
            command[1]
            for command in vals.get("invoice_line_ids", ())
            if command[0] in (Command.DELETE, Command.UNLINK)
        }
        products = lines.filtered(lambda line: line.display_type == "product")
        if removed and not (products - products.browse(removed)):
            # an invoice with nothing on it is a cancelled one: not the job's call
            raise UserError(
                self.env._(
                    "An invoice keeps at least one line: to drop %(invoice)s "
                    "altogether, ask your accounting team to cancel it.",
                    invoice=self[:1].display_name,
                )
            )

    def action_post(self):
        if not self._fsm_limited_on_job_invoices():
            return super().action_post()
        self._fsm_check_reviewable()
        return super(AccountMove, self.sudo()).action_post()

    # Odoo's other invoice actions stay the accounting team's: said in the user's
    # words instead of a failure to read accounting records half-way.
    def _fsm_refuse_accounting_action(self):
        # Odoo's access rights first: the refusal names the invoice, which is for
        # someone who may read it.
        self.check_access("read")
        if self._fsm_limited_on_job_invoices():
            raise AccessError(
                self.env._(
                    "Resetting, cancelling, duplicating, deleting or reversing "
                    "%(move)s is the accounting team's: ask them.",
                    move=self[0].display_name,
                )
            )

    def button_draft(self):
        self._fsm_refuse_accounting_action()
        return super().button_draft()

    def button_cancel(self):
        self._fsm_refuse_accounting_action()
        return super().button_cancel()

    def copy(self, default=None):
        self._fsm_refuse_accounting_action()
        return super().copy(default=default)

    @api.model
    def get_views(self, views, options=None):
        """Whatever link brings someone without billing rights to an invoice (a
        bookmark, a chatter link), they see the job's invoice form."""
        if self._fsm_billing_limited():
            fsm_form = self._fsm_form_view_id()
            views = [
                [view_id or (fsm_form if view_type == "form" else False), view_type]
                for view_id, view_type in views
            ]
        return super().get_views(views, options)

    def _message_post_after_hook(self, new_message, message_values):
        moves = self
        if self._fsm_billing_limited() and self._fsm_job_invoices():
            # Filing posted files on the invoice and importing e-invoice data from
            # them is the accounting team's: a technician's email or note on an
            # invoice of their job keeps its attachments on the message only.
            moves = self.with_context(disable_attachment_import=True)
        result = super(AccountMove, moves)._message_post_after_hook(
            new_message, message_values
        )
        if (
            self.env.context.get("fsm_invoice_email")
            and not new_message.subtype_id.internal
            # sent to the client (someone outside the company), as it was checked
            and self.env["mail.mail"]._fsm_leaves_company(
                {"recipient_ids": new_message.partner_ids.ids}
            )
        ):
            # emailed from the job's Email, as Odoo's Send & Print marks it
            self.filtered(lambda move: not move.is_move_sent).sudo().is_move_sent = True
        return result

    # -- the job's Invoices list offers these per invoice: Open/Edit, View, Email ------
    def action_fsm_open(self):
        """Open/Edit: a draft of a job is reviewed in the job's invoice review (its
        lines, notes and reference), Odoo's form stays the accounting team's."""
        self.ensure_one()
        if (
            self._fsm_billing_limited()
            and self.state == "draft"
            and self.move_type == "out_invoice"
            and self.env.user._fsm_has_setting("invoice")
        ):
            return self.action_fsm_review()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self._fsm_form_view_id(), "form")],
        }

    @api.model
    def _fsm_form_view_id(self):
        """Odoo's invoice form for the accounting team; the job's invoice review
        (lines, totals, Confirm, Email, View) for everyone else."""
        if self._fsm_billing_limited():
            return self.env.ref("fsm_results.account_move_view_form_fsm").id
        return False

    def action_fsm_review(self):
        self.ensure_one()
        if self._fsm_billing_limited():
            self._fsm_check_reviewable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review %(invoice)s", invoice=self.display_name),
            "res_model": "fsm.invoice.review",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_invoice_id": self.id},
        }

    def action_fsm_view(self):
        """View: the invoice on screen as the client sees it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.get_portal_url(),
            "target": "new",
        }

    def action_fsm_email(self):
        """Email: Odoo's composer with a chosen template, fields merged and the
        invoice PDF attached, editable before sending (FSM setting gated)."""
        self.ensure_one()
        if self._fsm_billing_limited():
            self._fsm_check_limited_access("email_invoice")
        if self.state != "posted":
            raise UserError(
                self.env._(
                    "Confirm invoice %(invoice)s before emailing it.",
                    invoice=self.display_name,
                )
            )
        return composer_action(
            self,
            "fsm_results.mail_template_fsm_invoice",
            self.env._("Email Invoice"),
            default_email_layout_xmlid=(
                "mail.mail_notification_layout_with_responsible_signature"
            ),
            fsm_invoice_email=True,
        )


def _check_price(env, values):
    """A unit price and discount on a job's invoice: numbers, a price as on the job
    (0 to MAX_PRICE), a discount of 0 to 100 %."""
    for name, low, high in (("price_unit", 0, MAX_PRICE), ("discount", 0, 100)):
        if name not in values:
            continue
        try:
            value = float(values[name])
        except (TypeError, ValueError):
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise UserError(
                env._(
                    "%(field)s must be a number from %(low)s to %(high)s.",
                    field=env["account.move.line"]._fields[name].string,
                    low=low,
                    high=f"{high:,}",
                )
            )


def _check_quantity(env, quantity):
    """An invoice line quantity a technician sets: a number of units, as on the
    job (a negative one would lower the bill without the price setting)."""
    try:
        value = float(quantity)
    except (TypeError, ValueError):
        value = None
    if value is None or not 0 < value <= MAX_QUANTITY:
        raise UserError(
            env._(
                "A quantity on the invoice must be a number more than 0 and at most "
                "%(max)s.",
                max=f"{MAX_QUANTITY:,}",
            )
        )
