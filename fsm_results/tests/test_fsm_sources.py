from odoo.exceptions import UserError

from .common import FsmCommon


class TestFsmJobSources(FsmCommon):
    def test_create_job_from_an_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Dental chair leaks",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.dispatcher.id,
                "description": "<p>Chair 2 leaks water</p>",
            }
        )
        action = lead.with_user(self.dispatcher).action_create_fsm_job()
        job = self.Job.browse(action["res_id"])
        self.assertEqual(job.partner_id, self.customer)
        self.assertEqual(job.location_id, self.location)
        self.assertEqual(job.lead_id, lead)
        self.assertIn("Chair 2 leaks water", str(job.description))
        self.assertEqual(lead.fsm_job_count, 1)

    def test_create_job_from_an_opportunity_without_customer(self):
        lead = self.env["crm.lead"].create({"name": "Unknown", "type": "opportunity"})
        with self.assertRefused(UserError, "Set a customer"):
            lead.action_create_fsm_job()
        self.assertFalse(lead.fsm_job_ids)

    def test_confirming_a_sale_order_of_a_service_type_creates_the_job(self):
        other_product = self.env["product.product"].create(
            {"name": "Filter", "type": "consu", "list_price": 10}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "partner_shipping_id": self.location.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": self.service_product.id, "product_uom_qty": 2},
                    ),
                    (0, 0, {"product_id": other_product.id, "product_uom_qty": 1}),
                ],
            }
        )
        order.action_confirm()
        job = order.fsm_job_ids
        self.assertEqual(len(job), 1)
        self.assertEqual(job.service_type_id, self.service_type)
        self.assertEqual(job.location_id, self.location)
        self.assertEqual(job.sale_line_id.product_id, self.service_product)
        self.assertEqual(len(job.step_ids), 3)
