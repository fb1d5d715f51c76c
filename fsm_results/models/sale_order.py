from odoo import fields, models


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

    def _action_confirm(self):
        result = super()._action_confirm()
        estimates = self.filtered("fsm_estimate_job_id")
        for order in estimates:
            order.fsm_estimate_job_id._fill_planned_lines_from(order)
        (self - estimates).order_line._fsm_create_jobs()
        return result


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    fsm_job_ids = fields.One2many("fsm.job", "sale_line_id", string="Jobs")

    def _fsm_create_jobs(self):
        """A job for each confirmed line whose product is a service type's service."""
        service_types = self.env["fsm.service.type"].search(
            [("product_id", "in", self.product_id.ids)]
        )
        type_of = {st.product_id: st for st in service_types}
        lines = self.filtered(
            lambda line: line.product_id in type_of and not line.fsm_job_ids
        )
        return self.env["fsm.job"].create(
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
