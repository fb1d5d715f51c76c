from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import make_technician


@tagged("post_install", "-at_install")
class TestFsmBillingUi(HttpCase):
    def test_technician_bills_a_job_on_a_phone(self):
        """On a phone, a technician marks the part used, completes the job, generates
        the invoice, confirms it, views it and opens the email composer."""
        env = self.env
        ref = env.ref
        tech = make_technician(
            env,
            "fsm_billing_tour_tech",
            name="Billing Tour Technician",
            groups="fsm_results.group_fsm_invoice,fsm_results.group_fsm_email_invoice",
        )
        customer = env["res.partner"].create(
            {
                "name": "Harbor Bakery",
                "street": "12 Quay Street",
                "email": "bakery@example.com",
            }
        )
        visit = env["product.product"].create(
            {
                "name": "Oven service visit",
                "type": "service",
                "default_code": "SVC-OVEN",
                "list_price": 120.0,
            }
        )
        service_type = env["fsm.service.type"].create(
            {
                "name": "Oven service",
                "product_id": visit.id,
                "billing_mode": "flat",
                "rate": 120.0,
            }
        )
        gasket = env["product.product"].create(
            {
                "name": "Door gasket",
                "type": "consu",
                "is_storable": False,
                "default_code": "PART-GASKET",
                "list_price": 18.0,
            }
        )
        job = env["fsm.job"].create(
            {
                "partner_id": customer.id,
                "service_type_id": service_type.id,
                "user_id": tech.id,
                "scheduled_start": datetime.combine(fields.Date.today(), time(9, 0)),
                "line_ids": [
                    fields.Command.create({"product_id": gasket.id, "planned_qty": 2})
                ],
            }
        )
        for status in ("dispatched", "en_route", "in_progress"):
            job._move_to_status(ref(f"fsm_results.status_{status}"))
        self.assertEqual(job.status_kind, "in_progress")
        self.assertFalse(job.line_ids.was_used)

        # a phone held upright, with a touch screen
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour(
            "/odoo/action-fsm_results.fsm_job_action_my",
            "fsm_billing_phone",
            login=tech.login,
            timeout=180,
        )

        job.invalidate_recordset()
        line = job.line_ids
        self.assertTrue(line.was_used)
        self.assertEqual(line.qty_used, 3.0)
        self.assertEqual(job.status_kind, "done")
        self.assertEqual(job.signed_by, "Maria Baker")

        invoice = job.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, customer)
        self.assertEqual(
            sorted(
                (aml.product_id.default_code, aml.quantity, aml.price_unit)
                for aml in invoice.invoice_line_ids
            ),
            [("PART-GASKET", 3.0, 18.0), ("SVC-OVEN", 1.0, 120.0)],
        )
        self.assertEqual(line.qty_invoiced, 3.0)
        # "View" is the client's page of the invoice, which the tour loaded.
        self.assertEqual(
            invoice.with_user(tech).action_fsm_view()["url"],
            invoice.get_portal_url(),
        )
        # The composer was only opened: nothing was sent.
        self.assertFalse(invoice.is_move_sent)
        self.assertFalse(
            env["mail.mail"].search(
                [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
            )
        )
