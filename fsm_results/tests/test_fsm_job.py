from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user


class TestFsmJob(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Acme Plumbing Client"})
        cls.technician = new_test_user(
            cls.env, login="fsm_tech_job", groups="fsm_results.group_fsm_technician"
        )

    def test_job_gets_a_reference_from_the_sequence(self):
        job = self.env["fsm.job"].create({"partner_id": self.customer.id})
        self.assertRegex(job.name, r"^JOB/\d{4}/\d{5}$")
        other = self.env["fsm.job"].create({"partner_id": self.customer.id})
        self.assertNotEqual(job.name, other.name)

    def test_technician_cannot_create_jobs(self):
        count = self.env["fsm.job"].search_count([])
        with self.assertRaises(AccessError):
            self.env["fsm.job"].with_user(self.technician).create(
                {"partner_id": self.customer.id}
            )
        self.assertEqual(self.env["fsm.job"].search_count([]), count)
