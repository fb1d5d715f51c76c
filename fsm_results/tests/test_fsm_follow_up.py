from datetime import timedelta

from odoo import fields

from .common import SIGNATURE, FsmCommon


class TestFsmFollowUp(FsmCommon):
    def test_unscheduled_job_gets_one_follow_up_activity(self):
        old = self._job()
        fresh = self._job()
        self._backdate(old, "create_date", fields.Datetime.now() - timedelta(days=5))
        self.Job._cron_follow_up()
        activity_type = self.env.ref("fsm_results.mail_activity_type_fsm_follow_up")
        self.assertEqual(old.activity_ids.activity_type_id, activity_type)
        self.assertEqual(old.activity_ids.summary, "Schedule this job")
        self.assertFalse(fresh.activity_ids)
        self.Job._cron_follow_up()
        self.assertEqual(len(old.activity_ids), 1, "planned once, not every day")

    def test_done_job_not_invoiced_gets_a_follow_up(self):
        job = self._job(scheduled_start=self.monday_9)
        self._to_in_progress(job)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        job.action_complete()
        job.date_done = fields.Datetime.now() - timedelta(days=10)
        self.Job._cron_follow_up()
        self.assertEqual(job.activity_ids.summary, "Invoice this job")
