from odoo.exceptions import UserError

from .test_fsm_billing import FsmBillingCommon


class TestFsmInvoiceOnceStarted(FsmBillingCommon):
    def test_a_job_not_started_is_not_invoiced(self):
        """Generate an Invoice is refused until the work starts, whatever the path
        (the job form still shows the button to the office)."""
        job = self._job(user_id=self.billing_tech.id, service_type_id=self.flat_type.id)
        self._line(job, self.filter, used=1)
        for status in (None, self.status_dispatched, self.status_en_route):
            if status:
                job._move_to_status(status)
            with self.assertRefused(UserError, "has not started yet"):
                job.with_user(self.billing_tech).action_generate_invoice()
            self.assertFalse(job.invoice_ids)
            self.assertFalse(job.line_ids.qty_invoiced)
        job._move_to_status(self.status_in_progress)
        job.with_user(self.billing_tech).action_generate_invoice()
        self.assertEqual(job.invoice_ids.invoice_line_ids.product_id, self.filter)

    def test_a_batch_with_one_job_not_started_invoices_nothing(self):
        done = self._job(service_type_id=self.flat_type.id)
        self._finish(done)
        waiting = self._job(service_type_id=self.flat_type.id)
        self._line(waiting, self.filter, used=1)
        with self.assertRefused(UserError, f"{waiting.name} has not started"):
            (done | waiting).action_generate_invoice()
        self.assertFalse((done | waiting).invoice_ids)
