from odoo import Command
from odoo.tests import tagged

from .common import FsmPortalCommon, invoiced_job


@tagged("post_install", "-at_install")
class TestPortalJobPage(FsmPortalCommon):
    """What the job page shows: estimates and invoices with their own portal links,
    hours worked, production, shared checks, schedule and arrival window."""

    def test_estimates_and_invoices_link_to_their_portal_pages_never_drafts(self):
        job = invoiced_job(self, self.client_a)
        posted = job.invoice_ids
        draft_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_a.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Extra",
                            "quantity": 1,
                            "price_unit": 9,
                            "fsm_job_id": job.id,
                        }
                    )
                ],
            }
        )
        sent = self.env["sale.order"].browse(job.action_generate_estimate()["res_id"])
        sent.action_quotation_sent()
        draft_estimate = self.env["sale.order"].browse(
            job.action_generate_estimate()["res_id"]
        )
        self.authenticate("fsm_client_a", "fsm_client_a")
        page = self.url_open(f"/my/jobs/{job.id}").text
        self.assertIn(posted.name, page)
        self.assertIn(
            f"/my/invoices/{posted.id}?access_token={posted.access_token}", page
        )
        self.assertIn(f"/my/orders/{sent.id}?access_token={sent.access_token}", page)
        self.assertNotIn(f"/my/invoices/{draft_invoice.id}", page)
        self.assertNotIn(f"/my/orders/{draft_estimate.id}", page)
        self.assertNotIn(draft_estimate.name, page)
        # the slots where the payments addon puts Pay Now: one per invoice, one per job
        self.assertEqual(page.count('class="o_fsm_invoice_payment'), 1)
        self.assertEqual(page.count('class="o_fsm_job_payment'), 1)
        # the invoice link opens Odoo's own invoice page for this client
        invoice_page = self.url_open(posted.get_portal_url())
        self.assertEqual(invoice_page.status_code, 200)
        self.assertIn(posted.name, invoice_page.text)

    def test_hours_production_shared_checks_and_schedule_are_shown(self):
        template = self.env["fsm.form.template"].create(
            {
                "name": "Chiller checks",
                "service_type_ids": [Command.link(self.service_type.id)],
                "question_ids": [
                    Command.create(
                        {
                            "name": "Refrigerant pressure (bar)",
                            "question_type": "number",
                            "share_with_client": True,
                        }
                    ),
                    Command.create({"name": "Door code used", "question_type": "text"}),
                ],
            }
        )
        self.company.fsm_arrival_window = 2.0
        job = self._in_progress(self._job(self.client_a, scheduled_start=self._when(9)))
        self.assertEqual(job.form_ids.template_id, template)
        for answer in job.form_ids.answer_ids:
            if answer.question_type == "number":
                answer.value_number = 4.5
            else:
                answer.value_text = "CODE-4471"
        project = self.company._fsm_get_project()
        self.env["account.analytic.line"].create(
            {
                "name": "Replaced the filter drier",
                "date": "2030-01-07",
                "unit_amount": 1.5,
                "project_id": project.id,
                "employee_id": self.tech.employee_id.id,
                "user_id": self.tech.id,
                "fsm_job_id": job.id,
            }
        )
        part = self.env["product.product"].create(
            {"name": "Made-to-measure coil guard", "type": "consu"}
        )
        production = self.env["mrp.production"].create(
            {"product_id": part.id, "product_qty": 2, "fsm_job_id": job.id}
        )
        production.action_confirm()
        self.authenticate("fsm_client_a", "fsm_client_a")
        page = self.url_open(f"/my/jobs/{job.id}").text
        # hours worked: date, who, hours, what
        self.assertIn("Replaced the filter drier", page)
        self.assertIn("Tess Tech", page)
        self.assertIn("01:30", page)
        # production with its state and progress
        self.assertIn(production.name, page)
        self.assertIn("Made-to-measure coil guard", page)
        self.assertIn("Confirmed", page)
        self.assertIn("0%", page)
        # only the checks marked for the client
        self.assertIn("Refrigerant pressure (bar)", page)
        self.assertIn("4.5", page)
        self.assertNotIn("Door code used", page)
        self.assertNotIn("CODE-4471", page)
        # schedule, arrival window, status in client words, checklist progress
        self.assertIn("Arrival window", page)
        self.assertIn("9:00", page)
        self.assertIn("11:00", page)
        self.assertIn("Work in progress", page)
        self.assertIn("0 of 2 steps done", page)

    def test_status_without_client_label_shows_its_name(self):
        self.status_in_progress.client_label = False
        job = self._in_progress(self._job(self.client_a))
        self.authenticate("fsm_client_a", "fsm_client_a")
        page = self.url_open(f"/my/jobs/{job.id}").text
        self.assertIn("In Progress", page)
        self.assertNotIn("Work in progress", page)

    def test_service_report_is_the_client_version(self):
        job = self._in_progress(self._job(self.client_a, client_note_draft="Fixed it"))
        job.action_publish_client_note()
        job.write(
            {"client_note_draft": "DRAFT-ONLY-6262", "description": "INTERNAL-8383"}
        )
        self.authenticate("fsm_client_a", "fsm_client_a")
        report = self.url_open(f"/my/jobs/{job.id}?report_type=html")
        self.assertEqual(report.status_code, 200)
        self.assertIn("Service Report", report.text)
        self.assertIn("Fixed it", report.text)
        self.assertNotIn("DRAFT-ONLY-6262", report.text)
        self.assertNotIn("INTERNAL-8383", report.text)

    def test_jobs_list_filters_sorts_and_searches(self):
        scheduled = self._job(self.client_a, scheduled_start=self._when(10))
        scheduled._move_to_status(self.status_dispatched)
        working = self._in_progress(self._job(self.client_a))
        done = invoiced_job(self, self.client_a)
        dock = self.env["res.partner"].create(
            {
                "name": "Dock",
                "type": "delivery",
                "parent_id": self.client_a.id,
                "street": "3 Dock Road",
            }
        )
        site = self._job(self.client_a, location_id=dock.id)
        self.authenticate("fsm_client_a", "fsm_client_a")
        expected = {
            "upcoming": scheduled,
            "in_progress": working,
            "done": done,
        }
        for filterby, job in expected.items():
            page = self.url_open(f"/my/jobs?filterby={filterby}").text
            self.assertIn(job.name, page, filterby)
            for other in (scheduled | working | done) - job:
                self.assertNotIn(other.name, page, filterby)
        page = self.url_open(f"/my/jobs?search={working.name}&search_in=name").text
        self.assertIn(working.name, page)
        self.assertNotIn(done.name, page)
        for search_in, term in (("all", "Chiller visit"), ("service", "Chiller visit")):
            page = self.url_open(f"/my/jobs?search={term}&search_in={search_in}").text
            self.assertIn(done.name, page, search_in)
            self.assertNotIn(working.name, page, search_in)
        page = self.url_open("/my/jobs?search=Dock Road&search_in=location").text
        self.assertIn(site.name, page)
        self.assertNotIn(done.name, page)
        page = self.url_open("/my/jobs?sortby=name").text
        names = sorted((scheduled | working | done).mapped("name"), reverse=True)
        positions = [page.index(name) for name in names]
        self.assertEqual(positions, sorted(positions), "newest reference first")
