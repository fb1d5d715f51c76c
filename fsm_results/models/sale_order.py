from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    fsm_job_ids = fields.One2many("fsm.job", "sale_order_id", string="Jobs")
    fsm_estimate_job_id = fields.Many2one(
        "fsm.job",
        string="Estimate of Job",
        index="btree_not_null",
        copy=False,
        help="The job this quotation estimates.",
    )

    # Technicians have no access to sale orders: Odoo gives it through groups
    # without record rules (stock, manufacturing, accounting), so a rule for
    # technicians would quietly narrow those users. They see their jobs' estimates
    # through fsm.job.estimate and act through the job's checked methods.
    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_estimate_links(vals_list)
        orders = super().create(vals_list)
        if orders.filtered("fsm_estimate_job_id"):
            self._fsm_invalidate_estimates()
        return orders

    def write(self, vals):
        self._fsm_check_estimate_links([vals])
        result = super().write(vals)
        if self.filtered("fsm_estimate_job_id") or "fsm_estimate_job_id" in vals:
            self._fsm_invalidate_estimates()
        return result

    def _fsm_invalidate_estimates(self):
        """fsm.job.estimate reads sale orders in SQL: forget what the cache holds."""
        self.env["fsm.job.estimate"].invalidate_model()
        self.env["fsm.job"].invalidate_model(["estimate_view_ids"])

    @api.model
    def _fsm_check_estimate_links(self, vals_list):
        """A quotation becomes a job's estimate only for someone who may work the
        job: accepting it rewrites the job's planned lines."""
        if self.env.su:
            return
        job_ids = [
            vals["fsm_estimate_job_id"]
            for vals in vals_list
            if vals.get("fsm_estimate_job_id")
        ]
        if job_ids:
            self.env["fsm.job"].browse(job_ids).check_access("write")

    @api.model
    def _fsm_form_view_id(self):
        return False

    def _action_confirm(self):
        result = super()._action_confirm()
        estimates = self.filtered("fsm_estimate_job_id")
        for order in estimates:
            # The client accepted (or sales confirmed): the job follows, whoever
            # confirms, as the company.
            order.fsm_estimate_job_id.sudo()._fill_planned_lines_from(order)
        (self - estimates).order_line._fsm_create_jobs()
        return result


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    fsm_job_ids = fields.One2many("fsm.job", "sale_line_id", string="Jobs")

    def _fsm_create_jobs(self):
        """A job for each confirmed line whose product is a service type's service
        (whoever confirms, the job is the company's: made as superuser)."""
        service_types = (
            self.env["fsm.service.type"]
            .sudo()
            .search([("product_id", "in", self.product_id.ids)])
        )
        type_of = {st.product_id: st for st in service_types}
        lines = self.filtered(
            lambda line: line.product_id in type_of and not line.sudo().fsm_job_ids
        )
        return (
            self.env["fsm.job"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": line.order_id.partner_id.id,
                        "location_id": line.order_id.partner_shipping_id.id,
                        "service_type_id": type_of[line.product_id].id,
                        "sale_line_id": line.id,
                        "company_id": line.company_id.id,
                        "description": line.name,
                    }
                    for line in lines
                ]
            )
        )
