from odoo.tests import HttpCase, tagged

from .common import PaymentHelpers, setup_payments


@tagged("post_install", "-at_install")
class TestFsmPaymentTours(PaymentHelpers, HttpCase):
    """Pay Now played in a phone-sized browser with touch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_payments(cls)

    def setUp(self):
        super().setUp()
        self.browser_size = "390x844"
        self.touch_enabled = True

    def test_technician_card_then_cash(self):
        job, invoice = self._invoiced_job()
        self.start_tour(
            f"/odoo/fsm-job/{job.id}",
            "fsm_pay_phone",
            login=self.tech.login,
            timeout=240,
        )
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(sorted(job.fsm_payment_ids.mapped("amount")), [400.0, 600.0])

    def test_client_pays_part_of_an_invoice(self):
        job, invoice = self._invoiced_job()
        self.start_tour(
            f"/my/jobs/{job.id}",
            "fsm_pay_portal",
            login=self.client_user.login,
            timeout=240,
        )
        self.assertEqual(invoice.amount_residual, 700.0)
