from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from ..models.fsm_access import MAX_PRICE, check_finite_numbers


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    # "Receive payments", enforced on Odoo's own Register Payment: a user without
    # Odoo's billing rights registers payments only on invoices made from their jobs,
    # with the FSM setting, for no more than what is due; the accounting team keeps
    # Odoo's normal rights (write-offs, overpayments, any invoice).
    def _fsm_limited(self):
        return self.env["account.move"]._fsm_billing_limited()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite_numbers(self, vals)
        wizards = super().create(vals_list)
        if wizards._fsm_limited():
            wizards._fsm_check_what_is_paid()
        return wizards

    def write(self, vals):
        check_finite_numbers(self, vals)
        return super().write(vals)

    def _fsm_check_what_is_paid(self):
        """A client paying an invoice of an own job: money in, on a customer
        invoice. Credit notes (money out) are the accounting team's."""
        moves = self.line_ids.move_id
        moves._fsm_check_limited_access("payment")
        refunds = moves.filtered(lambda move: move.move_type != "out_invoice")
        if refunds:
            raise AccessError(
                self.env._(
                    "%(move)s is a credit note: paying money back to a client is the "
                    "accounting team's.",
                    move=refunds[0].display_name,
                )
            )
        if any(wizard.payment_type != "inbound" for wizard in self):
            raise AccessError(
                self.env._(
                    "A payment taken on a job is money the client pays: paying money "
                    "out is the accounting team's."
                )
            )

    def _fsm_check_amount(self):
        for wizard in self:
            if wizard.payment_date != fields.Date.context_today(wizard):
                raise UserError(
                    self.env._(
                        "A payment taken on a job is dated today: the accounting team "
                        "records payments of other days."
                    )
                )
            if wizard.payment_difference_handling == "reconcile" and (
                not wizard.currency_id.is_zero(wizard.payment_difference)
            ):
                raise UserError(
                    self.env._(
                        "Writing off the rest of an invoice is the accounting team's: "
                        "take what the client pays, the rest stays due."
                    )
                )
            rounding = wizard.currency_id.rounding
            if float_compare(wizard.amount, 0.0, precision_rounding=rounding) <= 0:
                raise UserError(self.env._("A payment must be more than zero."))
            if wizard.amount >= MAX_PRICE:
                raise UserError(
                    self.env._(
                        "%(amount)s is not what a job is paid: check the amount.",
                        amount=wizard.currency_id.format(wizard.amount),
                    )
                )
            if (
                float_compare(
                    wizard.payment_difference, 0.0, precision_rounding=rounding
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "%(amount)s is more than the %(due)s due: take at most what "
                        "is due.",
                        amount=wizard.currency_id.format(wizard.amount),
                        due=wizard.currency_id.format(
                            wizard.amount + wizard.payment_difference
                        ),
                    )
                )

    def _create_payments(self):
        if not self._fsm_limited():
            return super()._create_payments()
        self._fsm_check_what_is_paid()
        self._fsm_check_amount()
        # The checked path: Odoo's own payment, past the accounting access rights;
        # what the wizard computed as the user is computed again as superuser.
        wizard = self.sudo()
        wizard.invalidate_recordset(["batches"])
        return super(AccountPaymentRegister, wizard)._create_payments()

    def action_create_payments(self):
        if not self._fsm_limited():
            return super().action_create_payments()
        # The payment shows on the job and the invoice: no accounting screen after.
        super(
            AccountPaymentRegister, self.with_context(dont_redirect_to_payments=True)
        ).action_create_payments()
        return {"type": "ir.actions.act_window_close"}
