from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


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
        wizards = super().create(vals_list)
        if wizards._fsm_limited():
            wizards.line_ids.move_id._fsm_check_limited_access("payment")
        return wizards

    def _fsm_check_amount(self):
        for wizard in self:
            rounding = wizard.currency_id.rounding
            if float_compare(wizard.amount, 0.0, precision_rounding=rounding) <= 0:
                raise UserError(self.env._("A payment must be more than zero."))
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
        self.line_ids.move_id._fsm_check_limited_access("payment")
        self._fsm_check_amount()
        # The checked path: Odoo's own payment, past the accounting access rights.
        return super(AccountPaymentRegister, self.sudo())._create_payments()

    def action_create_payments(self):
        if not self._fsm_limited():
            return super().action_create_payments()
        # The payment shows on the job and the invoice: no accounting screen after.
        super(
            AccountPaymentRegister, self.with_context(dont_redirect_to_payments=True)
        ).action_create_payments()
        return {"type": "ir.actions.act_window_close"}
