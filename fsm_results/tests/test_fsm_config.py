from psycopg2 import IntegrityError

from odoo.tools import mute_logger

from .common import FsmCommon


class TestFsmPauseReasonConfig(FsmCommon):
    """What CONFIGURE.md says of pause reasons: unique codes, and Notify Client."""

    def test_pause_reason_codes_are_unique(self):
        Reason = self.env["fsm.pause.reason"]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                Reason.create({"name": "Parts again", "code": "PARTS"})
        self.assertEqual(Reason.search_count([("code", "=", "PARTS")]), 1)
        self.assertTrue(Reason.create({"name": "Weather", "code": "WEATHER"}))

    def test_a_reason_that_notifies_emails_the_client(self):
        comment = self.env.ref("mail.mt_comment")
        job = self._job(user_id=self.tech.id)
        self._to_in_progress(job)
        before = job.message_ids
        job._pause(self.reason_approval)  # does not notify
        self.assertFalse(
            (job.message_ids - before).filtered(lambda m: m.subtype_id == comment)
        )
        job._resume()
        before = job.message_ids
        job._pause(self.reason_parts)  # notifies
        sent = (job.message_ids - before).filtered(lambda m: m.subtype_id == comment)
        self.assertEqual(len(sent), 1)
        self.assertIn("is paused", sent.subject)
        self.assertIn("Waiting for parts", sent.body)
        self.assertIn(self.customer, sent.partner_ids)
