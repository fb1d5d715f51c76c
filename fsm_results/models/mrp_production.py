from odoo import api, fields, models
from odoo.exceptions import AccessError


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    fsm_job_id = fields.Many2one(
        "fsm.job",
        string="Field Service Job",
        index="btree_not_null",
        copy=False,
        help="The job this order produces for (custom manufacturing); its client "
        "follows the order's progress on the job.",
    )
    fsm_progress = fields.Integer(
        string="Progress (%)",
        compute="_compute_fsm_progress",
        help="Share of the order's operations done; for an order without "
        "operations, share of its quantity being produced.",
    )

    # An order put on a job shows on its client's portal page: only someone who
    # may change that job links an order to it, or takes one off it.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._fsm_check_jobs([vals.get("fsm_job_id") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if "fsm_job_id" in vals and not self.env.su:
            self._fsm_check_jobs([vals["fsm_job_id"], *self.fsm_job_id.ids])
        return super().write(vals)

    @api.model
    def _fsm_check_jobs(self, job_ids):
        jobs = self.env["fsm.job"].browse({job_id for job_id in job_ids if job_id})
        if jobs and not jobs.has_access("write"):
            raise AccessError(
                self.env._(
                    "Only the field service office links a manufacturing order to a "
                    "job (its client follows the order on the job's page)."
                )
            )

    @api.depends(
        "state", "workorder_ids.state", "qty_producing", "product_qty", "product_uom_id"
    )
    def _compute_fsm_progress(self):
        for production in self:
            production.fsm_progress = production._fsm_progress()

    def _fsm_progress(self):
        self.ensure_one()
        if self.state == "done":
            return 100
        if self.state in ("draft", "cancel"):
            return 0
        operations = self.workorder_ids.filtered(lambda wo: wo.state != "cancel")
        if operations:
            done = operations.filtered(lambda wo: wo.state == "done")
            return round(100 * len(done) / len(operations))
        if not self.product_qty:
            return 0
        return round(100 * min(self.qty_producing, self.product_qty) / self.product_qty)


# The job's side of the production link lives beside the order's side, apart from
# the billing and workflow code of fsm.job.
class FsmJob(models.Model):
    _inherit = "fsm.job"  # pylint: disable=consider-merging-classes-inherited

    production_ids = fields.One2many(
        "mrp.production", "fsm_job_id", string="Manufacturing Orders", readonly=True
    )
    production_count = fields.Integer(
        compute="_compute_production_stats", string="Manufacturing"
    )
    production_progress = fields.Integer(
        compute="_compute_production_stats",
        string="Production Progress (%)",
        help="Average progress of the job's manufacturing orders that are not "
        "cancelled.",
    )

    def _compute_production_stats(self):
        # Technicians follow production without manufacturing rights: read as sudo.
        productions = (
            self.env["mrp.production"]
            .sudo()
            .search([("fsm_job_id", "in", self.ids)], order="id")
        )
        by_job = productions.grouped("fsm_job_id")
        for job in self:
            orders = by_job.get(job, productions.browse())
            alive = orders.filtered(lambda mo: mo.state != "cancel")
            job.production_count = len(orders)
            job.production_progress = (
                round(sum(alive.mapped("fsm_progress")) / len(alive)) if alive else 0
            )

    def action_view_productions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp.mrp_production_action"
        )
        action["domain"] = [("fsm_job_id", "=", self.id)]
        action["context"] = self._production_defaults()
        if len(self.production_ids) == 1:
            action.update(
                {
                    "res_id": self.production_ids.id,
                    "views": [(False, "form")],
                    "view_mode": "form",
                }
            )
        return action

    def action_create_production(self):
        """A manufacturing order for a product made for this job: the order form,
        linked to the job, for the office to choose the product and quantity."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Manufacturing Order for %(job)s", job=self.name),
            "res_model": "mrp.production",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._production_defaults(),
        }

    def _production_defaults(self):
        return {
            "default_fsm_job_id": self.id,
            "default_origin": self.name,
            "default_company_id": self.company_id.id,
        }
