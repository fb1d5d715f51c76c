import re

from odoo.tests import tagged

from .common import FsmPortalCommon, png


@tagged("post_install", "-at_install")
class TestPortalServiceRequest(FsmPortalCommon):
    """A client asks for a job from the portal."""

    def _csrf(self):
        form = self.url_open("/my/jobs/request")
        self.assertEqual(form.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)

    def _request(self, photos=(), **values):
        data = {
            "csrf_token": self._csrf(),
            "location_id": str(self.client_a_site.id),
            "service_type_id": str(self.service_type.id),
            "description": "The chiller in lab 2 is dripping.",
            "date_from": "2030-03-04",
            "date_to": "2030-03-08",
            **values,
        }
        files = [("photos", photo) for photo in photos]
        return self.url_open("/my/jobs/request", data=data, files=files or None)

    def _counts(self):
        return (
            self.env["fsm.job"].search_count([]),
            self.env["crm.lead"].search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["fsm.job.photo"].search_count([]),
        )

    def test_request_lands_as_an_unscheduled_job_with_its_photos(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        response = self._request(
            photos=[
                ("drip.png", png((0, 0, 255)), "image/png"),
                ("label.png", png((0, 255, 0)), "image/png"),
            ]
        )
        job = self.env["fsm.job"].search(
            [("requested_by_id", "=", self.portal_a.partner_id.id)]
        )
        self.assertEqual(len(job), 1)
        self.assertIn(f"/my/jobs/{job.id}", response.url)
        self.assertIn(job.name, response.text, "the client lands on their new job")
        self.assertEqual(job.partner_id, self.portal_a.partner_id)
        self.assertEqual(job.location_id, self.client_a_site)
        self.assertEqual(job.service_type_id, self.service_type)
        self.assertEqual(job.status_id, self.status_new)
        self.assertFalse(job.scheduled_start, "unscheduled")
        self.assertEqual(job.client_request, "The chiller in lab 2 is dripping.")
        self.assertEqual(str(job.preferred_date_from), "2030-03-04")
        self.assertEqual(str(job.preferred_date_to), "2030-03-08")
        # the phone's file names are not captions
        self.assertEqual(job.photo_ids.mapped("caption"), ["Sent with the request"] * 2)
        self.assertEqual(set(job.photo_ids.mapped("phase")), {"before"})
        self.assertTrue(all(job.photo_ids.mapped("share_with_client")))
        # the office is told
        notice = job.message_ids.filtered(
            lambda m: "New service request" in (m.body or "")
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(self.dispatcher.partner_id, notice.partner_ids)
        self.assertNotIn(self.portal_b.partner_id, notice.partner_ids)

    def test_request_at_a_new_address_adds_it_under_the_clients_company(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        self._request(location_id="new", street="77 New Road", city="Keene")
        job = self.env["fsm.job"].search(
            [("requested_by_id", "=", self.portal_a.partner_id.id)]
        )
        self.assertEqual(job.location_id.street, "77 New Road")
        self.assertEqual(job.location_id.parent_id, self.client_a)
        self.assertEqual(job.location_id.type, "delivery")

    def test_location_of_another_client_is_refused_and_nothing_is_made(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        before = self._counts()
        for location in (self.client_b, self.portal_b.partner_id):
            response = self._request(
                location_id=str(location.id),
                photos=[("drip.png", png(), "image/png")],
            )
            self.assertEqual(response.status_code, 400)
            self.assertIn("Choose one of your addresses", response.text)
            self.assertNotIn(self.client_b.name, response.text)
        self.assertEqual(self._counts(), before)

    def test_a_file_that_is_not_a_photo_refuses_the_whole_request(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        before = self._counts()
        for upload in (
            ("notes.txt", b"just text", "text/plain"),
            ("fake.png", b"not really a png", "image/png"),
            # what the file is decides, not what the browser calls it
            ("evil.png", b"<script>alert(1)</script>", "image/png"),
            ("drip.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        ):
            response = self._request(
                location_id="new", street="3 Side St", city="Keene", photos=[upload]
            )
            self.assertEqual(response.status_code, 400, upload[0])
            self.assertIn("alert-danger", response.text)
        self.assertEqual(self._counts(), before, "no job, no photo, no new address")

    def test_request_becomes_a_crm_lead_when_the_company_says_so(self):
        self.company.fsm_service_request_target = "lead"
        self.authenticate("fsm_client_a", "fsm_client_a")
        jobs_before = self.env["fsm.job"].search_count([])
        self._request(photos=[("drip.png", png(), "image/png")])
        self.assertEqual(self.env["fsm.job"].search_count([]), jobs_before)
        lead = self.env["crm.lead"].search(
            [("fsm_location_id", "=", self.client_a_site.id)]
        )
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.partner_id, self.portal_a.partner_id)
        self.assertFalse(lead.user_id, "not assigned to the portal user")
        self.assertEqual(lead.fsm_service_type_id, self.service_type)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["drip.png"])
        notice = lead.message_ids.filtered(
            lambda m: "New service request" in (m.body or "")
        )
        self.assertIn(self.dispatcher.partner_id, notice.partner_ids)
        # the office turns the lead into a job: location, service and photo follow
        action = lead.with_user(self.dispatcher).action_create_fsm_job()
        job = self.env["fsm.job"].browse(action["res_id"])
        self.assertEqual(job.location_id, self.client_a_site)
        self.assertEqual(job.service_type_id, self.service_type)
        self.assertEqual(job.client_request, "The chiller in lab 2 is dripping.")
        self.assertEqual(job.photo_ids.mapped("caption"), ["Sent with the request"])

    def test_visitors_must_log_in_to_ask(self):
        response = self.url_open("/my/jobs/request")
        self.assertIn("/web/login", response.url)
