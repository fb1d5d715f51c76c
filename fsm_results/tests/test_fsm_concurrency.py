from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import make_technician


@tagged("post_install", "-at_install")
class TestFsmConcurrency(TransactionCase):
    """Races between transactions that really commit (one test cursor cannot
    show them). What the tests commit is removed afterwards."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            lead = make_technician(env, "fsm_race_lead")
            crew = make_technician(env, "fsm_race_crew")
            client = env["res.partner"].create({"name": "Race client"})
            job = env["fsm.job"].create(
                {
                    "partner_id": client.id,
                    "user_id": lead.id,
                    "crew_ids": [fields.Command.set(crew.ids)],
                    "status_id": env.ref("fsm_results.status_scheduled").id,
                }
            )
            env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_activity")
            self.last_activity_id = env.cr.fetchone()[0]
            self.data = {
                "job": job.id,
                "users": (lead | crew).ids,
                "client": client.id,
            }
        self.addCleanup(self._remove_committed)

    def _remove_committed(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            activities = env["mail.activity"].search(
                [("id", ">", self.last_activity_id)]
            )
            activities.unlink()
            env["fsm.job"].browse(self.data["job"]).unlink()
            users = env["res.users"].browse(self.data["users"])
            partners = users.partner_id
            users.employee_ids.unlink()
            users.unlink()
            (partners | env["res.partner"].browse(self.data["client"])).unlink()

    def _race(self, *calls):
        """Run the calls in overlapping transactions of their own: each starts
        before any commits, as two requests arriving at the same moment, and
        what each did is committed (or rolled back on an error) only once all
        ran, so none sees another's result. The order is fixed, so the test is
        too. Returns what each call returned or raised."""
        cursors = [self.env.registry.cursor() for _call in calls]
        outcomes = []
        try:
            for cr in cursors:
                # A call that would wait on another's lock fails the test
                # instead of hanging it.
                cr.execute("SET lock_timeout = '10s'")
            for cr, (uid, call) in zip(cursors, calls, strict=True):
                try:
                    outcomes.append(call(api.Environment(cr, uid, {})))
                except Exception as error:  # noqa: BLE001 - reported to the test
                    outcomes.append(error)
                    cr.rollback()
            for cr in cursors:
                # A race needs transactions that really end: this test's purpose.
                cr.commit()  # pylint: disable=invalid-commit
        finally:
            for cr in cursors:
                cr.close()
        return outcomes

    def _committed(self, query):
        with self.env.registry.cursor() as cr:
            cr.execute(query)
            return cr.fetchall()

    def _unscheduled_for_a_month(self):
        """The race's job, created a month ago and never scheduled: the follow-up
        cron plans "Schedule this job" on it."""
        job_id = self.data["job"]
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "UPDATE fsm_job SET create_date = %s WHERE id = %s",
                    fields.Datetime.now() - timedelta(days=30),
                    job_id,
                )
            )
        return job_id

    def _assert_planned_once(self, job_id):
        rows = self._committed(
            SQL(
                "SELECT res_id, summary, COUNT(*) FROM mail_activity "
                "WHERE id > %s AND res_model = 'fsm.job' GROUP BY res_id, summary",
                self.last_activity_id,
            )
        )
        self.assertIn((job_id, "Schedule this job", 1), rows)
        self.assertFalse([row for row in rows if row[2] > 1], "no duplicate activity")

    def test_two_technicians_move_the_same_job_at_once(self):
        job_id = self.data["job"]
        lead, crew = self.data["users"]
        tap = lambda env: env["fsm.job"].browse(job_id).action_next_status()  # noqa: E731
        outcomes = self._race((lead, tap), (crew, tap))
        moved = [o for o in outcomes if o is True]
        refused = [o for o in outcomes if isinstance(o, UserError)]
        self.assertEqual((len(moved), len(refused)), (1, 1), outcomes)
        self.assertIn("being changed by someone else", str(refused[0]))
        dispatched = self.env.ref("fsm_results.status_dispatched")
        rows = self._committed(
            SQL(
                "SELECT to_status_id FROM fsm_job_status_log WHERE job_id = %s "
                "ORDER BY id",
                job_id,
            )
        )
        scheduled = self.env.ref("fsm_results.status_scheduled")
        self.assertEqual(
            [row[0] for row in rows],
            [scheduled.id, dispatched.id],
            "created, then one move: never two entries",
        )
        status = self._committed(
            SQL("SELECT status_id FROM fsm_job WHERE id = %s", job_id)
        )
        self.assertEqual(status[0][0], dispatched.id)

    def test_follow_up_cron_twice_at_once_plans_once(self):
        job_id = self._unscheduled_for_a_month()
        cron = lambda env: env["fsm.job"]._cron_follow_up()  # noqa: E731
        outcomes = self._race((SUPERUSER_ID, cron), (SUPERUSER_ID, cron))
        self.assertFalse([o for o in outcomes if isinstance(o, Exception)], outcomes)
        self._assert_planned_once(job_id)

    def test_follow_up_cron_begun_before_another_commits_plans_nothing_twice(self):
        """A run that began (took its snapshot) before another run planned and
        committed does not plan the same jobs again: it cannot see the other's
        activities, so the job's row tells it."""
        job_id = self._unscheduled_for_a_month()
        late = self.env.registry.cursor()
        try:
            late.execute("SET lock_timeout = '10s'")
            late.execute("SELECT 1")  # its snapshot, before the other run commits
            with self.env.registry.cursor() as first:
                api.Environment(first, SUPERUSER_ID, {})["fsm.job"]._cron_follow_up()
            api.Environment(late, SUPERUSER_ID, {})["fsm.job"]._cron_follow_up()
            late.commit()  # pylint: disable=invalid-commit
        finally:
            late.close()
        self._assert_planned_once(job_id)
