import base64

from odoo.tests import tagged

from .common import FsmPortalCommon


@tagged("post_install", "-at_install")
class TestPortalSignOff(FsmPortalCommon):
    """The client accepts the work with Odoo's portal signature widget."""

    def _finished_job(self, partner=None):
        job = self._in_progress(self._job(partner or self.client_a))
        job.step_ids.write({"is_done": True})
        return job

    def _state(self, job):
        job.invalidate_recordset()
        return (
            job.signature,
            job.signed_by,
            job.signed_on,
            job.client_signoff_partner_id,
            job.status_id,
            len(job.message_ids),
        )

    def test_sign_off_stores_who_and_when_posts_and_completes_the_job(self):
        job = self._finished_job()
        self.authenticate("fsm_client_a", "fsm_client_a")
        reply = self._sign(job, name="Alice Northwind")
        self.assertNotIn("error", reply)
        self.assertTrue(reply["force_refresh"])
        self.assertEqual(reply["redirect_url"], f"/my/jobs/{job.id}?message=signed")
        job.invalidate_recordset()
        self.assertEqual(base64.b64decode(job.signature)[:4], b"\x89PNG")
        self.assertEqual(job.signed_by, "Alice Northwind")
        self.assertTrue(job.signed_on)
        self.assertEqual(job.client_signoff_partner_id, self.portal_a.partner_id)
        self.assertEqual(job.status_id, self.status_done, "complete: moved to Done")
        move = job.status_log_ids.sorted("id")[-1]
        self.assertEqual(move.user_id, self.portal_a, "the move names the client")
        posted = job.message_ids.filtered(lambda m: "signed off by" in (m.body or ""))
        self.assertEqual(len(posted), 1)
        self.assertEqual(posted.author_id, self.portal_a.partner_id)
        self.assertEqual(posted.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(posted.attachment_ids.mimetype, "image/png")
        page = self.url_open(f"/my/jobs/{job.id}?message=signed")
        self.assertIn("Signed off online by", page.text)
        self.assertIn("Completed", page.text, "Done in the client's words")
        self.assertNotIn("o_fsm_sign_off_modal", page.text, "nothing left to sign")

    def test_sign_off_with_open_steps_is_recorded_and_the_office_told_why(self):
        job = self._in_progress(self._job(self.client_a))
        self.authenticate("fsm_client_a", "fsm_client_a")
        self.assertNotIn("error", self._sign(job))
        job.invalidate_recordset()
        self.assertTrue(job.signature)
        self.assertEqual(job.status_id, self.status_in_progress)
        note = job.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
            and "Check the compressor" in (m.body or "")
        )
        self.assertEqual(len(note), 1, "the office reads what is still missing")

    def test_sign_off_only_records_when_the_company_says_so(self):
        self.company.fsm_portal_signoff = "record"
        job = self._finished_job()
        self.authenticate("fsm_client_a", "fsm_client_a")
        self.assertNotIn("error", self._sign(job))
        job.invalidate_recordset()
        self.assertTrue(job.signature)
        self.assertEqual(job.status_id, self.status_in_progress)

    def test_second_sign_off_is_refused_and_changes_nothing(self):
        job = self._in_progress(self._job(self.client_a))
        self.authenticate("fsm_client_a", "fsm_client_a")
        self.assertNotIn("error", self._sign(job, name="Alice Northwind"))
        before = self._state(job)
        reply = self._sign(job, name="Someone Else")
        self.assertEqual(reply["error"], "This job is already signed off.")
        self.assertEqual(self._state(job), before)

    def test_signature_taken_on_site_shows_as_such_and_is_not_asked_again(self):
        job = self._in_progress(self._job(self.client_a))
        job.write({"signature": self.SIGNATURE, "signed_by": "Maria Onsite"})
        self.authenticate("fsm_client_a", "fsm_client_a")
        page = self.url_open(f"/my/jobs/{job.id}")
        self.assertIn("Signed on site by", page.text)
        self.assertIn("Maria Onsite", page.text)
        self.assertNotIn("o_fsm_sign_off_modal", page.text)
        before = self._state(job)
        self.assertIn("error", self._sign(job))
        self.assertEqual(self._state(job), before)

    def test_sign_off_on_another_clients_job_is_refused(self):
        job_b = self._finished_job(self.client_b)
        before = self._state(job_b)
        self.authenticate("fsm_client_a", "fsm_client_a")
        reply = self._sign(job_b)
        self.assertEqual(reply["error"], "This job is not available.")
        self.assertEqual(self._state(job_b), before)
        # nor with a forged token
        reply = self._sign(job_b, access_token="forged")
        self.assertIn("error", reply)
        self.assertEqual(self._state(job_b), before)

    def test_sign_off_before_the_work_started_is_refused(self):
        job = self._job(self.client_a)
        self.authenticate("fsm_client_a", "fsm_client_a")
        reply = self._sign(job)
        self.assertEqual(
            reply["error"], "This job can be signed off once the work has started."
        )
        job.invalidate_recordset()
        self.assertFalse(job.signature)

    def test_empty_or_broken_signature_is_refused(self):
        job = self._in_progress(self._job(self.client_a))
        self.authenticate("fsm_client_a", "fsm_client_a")
        for name, signature in (("", None), ("Alice", "%%%not base64%%%")):
            reply = self._sign(job, name=name, signature=signature or "")
            self.assertIn("error", reply)
        for content in (
            b"not an image",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        ):
            reply = self._sign(job, signature=base64.b64encode(content).decode())
            self.assertIn("error", reply)
        job.invalidate_recordset()
        self.assertFalse(job.signature)
        self.assertFalse(job.client_signoff_partner_id)

    def test_anonymous_visitor_signs_off_with_the_token_only(self):
        job = self._finished_job()
        token = job._portal_ensure_token()
        self.assertIn("error", self._sign(job, access_token="wrong"))
        self.assertIn("error", self._sign(job))
        job.invalidate_recordset()
        self.assertFalse(job.signature)
        reply = self._sign(job, name="Night Guard", access_token=token)
        self.assertNotIn("error", reply)
        self.assertIn(f"access_token={token}", reply["redirect_url"])
        job.invalidate_recordset()
        self.assertEqual(job.signed_by, "Night Guard")
        self.assertEqual(job.client_signoff_partner_id, self.client_a)
        self.assertEqual(job.status_id, self.status_done)

    def test_technician_cannot_sign_as_the_client_through_the_portal(self):
        job = self._in_progress(self._job(self.client_a))
        self.authenticate("fsm_portal_tech", "fsm_portal_tech")
        reply = self._sign(job)
        self.assertIn("Only the client signs off here", reply["error"])
        job.invalidate_recordset()
        self.assertFalse(job.signature)

    def test_office_clearing_a_portal_signature_clears_who_signed(self):
        job = self._in_progress(self._job(self.client_a))
        self.authenticate("fsm_client_a", "fsm_client_a")
        self.assertNotIn("error", self._sign(job))
        job.invalidate_recordset()
        self.assertEqual(job.client_signoff_partner_id, self.portal_a.partner_id)
        job.with_user(self.dispatcher).write({"signature": False, "signed_by": False})
        self.assertFalse(job.client_signoff_partner_id)
        self.assertFalse(job.signed_on)
        # and the client may sign again
        self.assertNotIn("error", self._sign(job, name="Alice Again"))
