from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null", readonly=True
    )
    fsm_manual_method = fields.Selection(
        [("cash", "Cash"), ("check", "Check")],
        string="Taken As",
        readonly=True,
        help="How a technician took this payment on the job: in cash, or by check.",
    )
    fsm_check_number = fields.Char(string="Check Number", readonly=True)

    def _fsm_method_label(self):
        """How the job shows this payment was made: the online method, "Cash",
        "Check 1042", else the journal's payment method."""
        self.ensure_one()
        tx = self.payment_transaction_id
        if tx.payment_method_id:
            return tx.payment_method_id.name
        if self.fsm_manual_method == "check":
            return self.env._("Check %(number)s", number=self.fsm_check_number or "")
        if self.fsm_manual_method == "cash":
            return self.env._("Cash")
        return self.payment_method_line_id.name or self.journal_id.name
