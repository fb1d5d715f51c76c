from odoo import api, fields, models


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

    # A payment of a job shows on the job and its client's page: put there by the
    # checked paths (Pay Now, a job's online payment), or by someone who may change
    # the job.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["fsm.job"]._fsm_check_link(
                [vals.get("fsm_job_id") for vals in vals_list],
                self.env._("a payment"),
            )
        return super().create(vals_list)

    def write(self, vals):
        if "fsm_job_id" in vals and not self.env.su:
            self.env["fsm.job"]._fsm_check_link(
                [vals["fsm_job_id"], *self.fsm_job_id.ids], self.env._("a payment")
            )
        return super().write(vals)

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
