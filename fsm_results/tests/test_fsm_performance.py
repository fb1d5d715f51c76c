from odoo.tests import users, warmup

from .common import FsmCommon

KANBAN_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "location_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "status_id": {"fields": {"display_name": {}}},
    "service_type_id": {"fields": {"display_name": {}}},
    "scheduled_start": {},
    "status_kind": {},
    "is_paused": {},
    "next_status_id": {"fields": {"display_name": {}}},
    "next_status_label": {},
    "step_progress": {},
    "tag_ids": {"fields": {"display_name": {}}},
    "priority": {},
}


class TestFsmQueryCounts(FsmCommon):
    """Query counts must not grow with the number of jobs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher.write({"login": "fsm_perf", "password": "fsm_perf_password"})
        cls.jobs_1 = cls._jobs(1, user_id=cls.tech.id)
        cls.jobs_50 = cls._jobs(50, user_id=cls.tech.id)

    def _read_kanban(self, jobs):
        jobs.invalidate_model()
        return jobs.with_user(self.env.user).web_read(KANBAN_SPEC)

    @users("fsm_perf")
    @warmup
    def test_kanban_read_1_vs_50(self):
        self._read_kanban(self.jobs_1.with_env(self.env))  # warm the caches
        with self.assertQueryCount(fsm_perf=8):
            self._read_kanban(self.jobs_1.with_env(self.env))
        with self.assertQueryCount(fsm_perf=8):
            self._read_kanban(self.jobs_50.with_env(self.env))

    @users("fsm_perf")
    @warmup
    def test_status_move_1_vs_50(self):
        for jobs in (self.jobs_1, self.jobs_50):
            jobs = jobs.with_env(self.env)
            jobs.invalidate_model()
            expected = jobs[0].next_status_id
            with self.assertQueryCount(fsm_perf=7):
                jobs.action_next_status()
            self.assertEqual(set(jobs.mapped("status_id")), {expected})

    @users("fsm_perf")
    @warmup
    def test_times_1_vs_50(self):
        for jobs in (self.jobs_1, self.jobs_50):
            jobs = jobs.with_env(self.env)
            jobs.invalidate_model()
            with self.assertQueryCount(fsm_perf=4):
                jobs.mapped("billable_hours")
