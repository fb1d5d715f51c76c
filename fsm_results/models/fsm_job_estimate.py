from odoo import fields, models, tools
from odoo.tools import SQL


class FsmJobEstimate(models.Model):
    """The estimates of a job as its technicians see them: a read-only reflection
    of the quotations made from the job, without access to sale orders."""

    _name = "fsm.job.estimate"
    _description = "Job Estimate"
    _auto = False
    _order = "date_order desc, id desc"
    _depends = {
        "sale.order": [
            "fsm_estimate_job_id",
            "name",
            "date_order",
            "state",
            "amount_total",
            "currency_id",
            "company_id",
        ],
    }

    job_id = fields.Many2one("fsm.job", readonly=True)
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    name = fields.Char(string="Estimate", readonly=True)
    date_order = fields.Datetime(string="Date", readonly=True)
    state = fields.Selection(
        selection=lambda self: self.env["sale.order"]._fields["state"].selection,
        readonly=True,
    )
    amount_total = fields.Monetary(string="Total", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    SELECT so.id, so.id AS order_id, so.fsm_estimate_job_id AS job_id,
                           so.name, so.date_order, so.state, so.amount_total,
                           so.currency_id, so.company_id
                      FROM sale_order so
                     WHERE so.fsm_estimate_job_id IS NOT NULL
                )""",
                SQL.identifier(self._table),
            )
        )

    def action_view(self):
        """View: the estimate's page in Odoo's portal, where the client accepts
        and signs it (hand them the phone, or send them the link)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": self.order_id.sudo().get_portal_url(),
            "target": "new",
        }
