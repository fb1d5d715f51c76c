from datetime import timedelta

from odoo import Command, fields, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import users, warmup
from odoo.tools.safe_eval import safe_eval

from .common import FsmCommon, ensure_chart_of_accounts
from .perf_common import FsmPerfCommon, view_specification

# The board's progress bar, as the kanban arch declares it.
PROGRESS_BAR = {
    "field": "status_kind",
    "colors": {"paused": "warning", "done": "success", "cancelled": "danger"},
}


class TestFsmViewQueryCounts(FsmPerfCommon):
    """Board, list and My Jobs read with the fields of the real views: the same
    number of queries at 10 jobs and at 300."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher.write({"login": "fsm_perf", "password": "fsm_perf_password"})
        cls.tech.write({"login": "fsm_perf_tech", "password": "fsm_perf_tech_pw"})
        cls.starts = iter(
            cls.monday_9 + timedelta(hours=3 * hour) for hour in range(10_000)
        )
        # The jobs already in the database (demo data, a company's own) are set
        # aside for these tests, rolled back after them: a card's query count
        # depends on what it shows (tags, activities, a contact's company), so the
        # budgets hold on jobs this test made, whatever else is installed.
        cls.env.cr.execute("UPDATE fsm_job SET active = FALSE WHERE active")
        cls.env.invalidate_all()
        # Someone else's jobs, which a technician never sees.
        cls._spread_jobs(20, cls.tech2)

    @classmethod
    def _spread_jobs(cls, count, technician):
        """Jobs of ``technician`` across the statuses a job is created in, one
        after the other in their calendar, some unscheduled."""
        statuses = [cls.status_new, cls.status_scheduled, cls.status_dispatched]
        return cls.Job.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "service_type_id": cls.service_type.id,
                    "user_id": technician.id,
                    "status_id": statuses[i % 3].id,
                    "scheduled_start": next(cls.starts) if i % 5 else False,
                }
                for i in range(count)
            ]
        )

    def _grow(self, jobs, count, technician):
        return jobs | self._spread_jobs(count - len(jobs), technician)

    # Each loader reads the view and the action first, as the web client does once
    # when it opens them, and returns what it calls to load the records.
    def _board_loader(self):
        """The dispatch board as the web client loads it: the columns and their
        first 40 cards in one web_read_group, then the progress bars."""
        job = self.env["fsm.job"]
        spec = view_specification(job, "kanban", "fsm_results.fsm_job_view_kanban")
        action = self.env.ref("fsm_results.fsm_job_action_dispatch_status").sudo()
        domain = safe_eval(action.domain or "[]", {"uid": self.env.uid})
        # the board opens on open jobs (the action's default filter)
        if safe_eval(action.context).get("search_default_filter_open"):
            domain += [("is_closed", "=", False)]

        def load():
            board = job.web_read_group(
                domain,
                ["status_id"],
                ["__count"],
                order="scheduled_start ASC",
                auto_unfold=True,
                unfold_read_specification=spec,
                unfold_read_default_limit=40,
            )
            job.read_progress_bar(domain, "status_id", PROGRESS_BAR)
            return board

        return load

    def _list_loader(self):
        """All Jobs: the list with its default "Open" filter, 80 rows."""
        job = self.env["fsm.job"]
        spec = view_specification(job, "list", "fsm_results.fsm_job_view_list")
        return lambda: job.web_search_read(
            [("is_closed", "=", False)], spec, limit=80, count_limit=10_001
        )

    def _my_jobs_loader(self):
        """My Jobs as the technician opens it: the action's domain, the Open filter,
        the phone's cards, 40 at a time with their count."""
        job = self.env["fsm.job"]
        spec = view_specification(job, "kanban", "fsm_results.fsm_job_view_kanban_my")
        action = self.env.ref("fsm_results.fsm_job_action_my").sudo()
        domain = safe_eval(action.domain, {"uid": self.env.uid}) + [
            ("is_closed", "=", False)
        ]
        return lambda: job.web_search_read(domain, spec, limit=40, count_limit=10_001)

    def _warm(self, load):
        """Steady state, as a user reloading: new jobs, and a user's first reads,
        leave caches (record rules, computed values) that the first loads refill."""
        load()
        self.env.invalidate_all()
        load()

    @users("fsm_perf")
    @warmup
    def test_board_10_vs_300_jobs(self):
        counts = {}
        jobs = self._spread_jobs(10, self.tech)
        load = self._board_loader()
        self._warm(load)
        self.env.invalidate_all()
        with self.countQueries(16, counts, "small"):
            load()
        jobs = self._grow(jobs, 300, self.tech)
        self._warm(load)
        self.env.invalidate_all()
        with self.countQueries(16, counts, "large"):
            board = load()
        self.assertEqual(counts["small"], counts["large"], counts)
        columns = {group["status_id"][0]: group for group in board["groups"]}
        new = columns[self.status_new.id]
        self.assertEqual(len(new["__records"]), 40, "a column shows 40 cards")
        self.assertGreaterEqual(new["__count"], 100)
        card = next(
            r for r in new["__records"] if r["id"] in jobs.ids and r["scheduled_start"]
        )
        self.assertEqual(card["step_progress"], "0 / 3")
        self.assertEqual(card["next_status_id"]["id"], self.status_scheduled.id)
        self.assertFalse(card["is_paused"])
        self.assertEqual(card["user_id"]["display_name"], self.tech.name)
        starts = [
            r["scheduled_start"] for r in new["__records"] if r["scheduled_start"]
        ]
        self.assertEqual(starts, sorted(starts), "the column is in schedule order")

    @users("fsm_perf")
    @warmup
    def test_list_10_vs_300_jobs(self):
        counts = {}
        jobs = self._spread_jobs(10, self.tech)
        load = self._list_loader()
        self._warm(load)
        self.env.invalidate_all()
        with self.countQueries(10, counts, "small"):
            small = load()
        self._grow(jobs, 300, self.tech)
        self._warm(load)
        self.env.invalidate_all()
        with self.countQueries(10, counts, "large"):
            rows = load()
        # A full page also counts the rows (the pager): one query more.
        counted = len(small["records"]) == 80
        self.assertEqual(counts["small"] + (not counted), counts["large"], counts)
        self.assertEqual(len(rows["records"]), 80)
        self.assertGreaterEqual(rows["length"], 320)
        self.assertIn("status_id", rows["records"][0])

    @users("fsm_perf_tech")
    @warmup
    def test_my_jobs_10_vs_300_jobs(self):
        counts = {}
        jobs = self._spread_jobs(10, self.tech)
        load = self._my_jobs_loader()
        self._warm(load)
        self.env.invalidate_all()
        with self.countQueries(13, counts, "small"):
            small = load()
        self._grow(jobs, 300, self.tech)
        self._warm(load)
        self.env.invalidate_all()
        with self.countQueries(13, counts, "large"):
            large = load()
        # A full page also counts the technician's jobs (the pager): one query more.
        self.assertEqual(counts["small"] + 1, counts["large"], counts)
        self.assertEqual(small["length"], 10)
        self.assertEqual(large["length"], 300, "the technician's open jobs, counted")
        self.assertEqual(len(large["records"]), 40)
        mine = (
            self.env["fsm.job"]
            .sudo()
            .search(
                ["|", ("user_id", "=", self.tech.id), ("crew_ids", "in", self.tech.id)]
            )
        )
        self.assertLessEqual({r["id"] for r in large["records"]}, set(mine.ids))


class TestFsmCreateQueryCounts(FsmPerfCommon):
    """Creating jobs in bulk: the queries per job do not grow with the batch, and
    each job keeps its number, creation note, checklist and followers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher.write({"login": "fsm_perf_create"})
        cls.start = cls.monday_9 + timedelta(days=400)

    def _vals(self, count, offset=0):
        return [
            {
                "partner_id": self.customer.id,
                "service_type_id": self.service_type.id,
                "user_id": self.tech.id,
                "scheduled_start": self.start + timedelta(hours=3 * (offset + i)),
            }
            for i in range(count)
        ]

    @users("fsm_perf_create")
    @warmup
    def test_create_1_vs_50_jobs(self):
        counts = {}
        job = self.env["fsm.job"]
        job.create(self._vals(1, offset=100))  # the first of a session warms caches
        with self.countQueries(35, counts, "one"):
            job.create(self._vals(1))
        with self.countQueries(35, counts, "fifty"):
            jobs = job.create(self._vals(50, offset=2))
        per_job = (counts["fifty"] - counts["one"]) / 49
        self.assertLessEqual(per_job, 2.0, counts)
        self.assertLessEqual(counts["fifty"] / 50, 2.7, "OCA fsm.order: 2.7 per order")
        self.assertEqual(len(set(jobs.mapped("name"))), 50)
        self.assertTrue(all(name.startswith("JOB/") for name in jobs.mapped("name")))

    def test_created_jobs_keep_number_note_checklist_and_followers(self):
        jobs = self.Job.with_user(self.dispatcher).create(self._vals(3))
        names = jobs.mapped("name")
        self.assertEqual(len(set(names)), 3)
        self.assertEqual(sorted(names), names, "numbered in the order given")
        for job in jobs:
            self.assertEqual(len(job.step_ids), 3)
            self.assertEqual(len(job.status_log_ids), 1)
            self.assertIn("created", job.message_ids[-1:].body or "")
            self.assertEqual(
                job.message_partner_ids,
                self.dispatcher.partner_id | self.tech.partner_id,
            )

    def test_technician_told_once_per_batch(self):
        """Three new jobs: one notice listing them; one new job: Odoo's own."""
        Message = self.env["mail.message"]
        before = Message.search([("partner_ids", "in", self.tech.partner_id.ids)])
        jobs = self.Job.with_user(self.dispatcher).create(self._vals(3))
        notices = (
            Message.search([("partner_ids", "in", self.tech.partner_id.ids)]) - before
        )
        self.assertEqual(len(notices), 1, "one notice for the batch, not one per job")
        self.assertIn("3 jobs", notices.subject)
        for job in jobs:
            self.assertIn(job.name, notices.body)
        single = self.Job.with_user(self.dispatcher).create(self._vals(1, offset=10))
        notice = Message.search(
            [
                ("partner_ids", "in", self.tech.partner_id.ids),
                ("model", "=", "fsm.job"),
                ("res_id", "=", single.id),
            ]
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(single.name, notice.subject)

    def test_dispatching_several_jobs_tells_once(self):
        jobs = self.Job.with_user(self.dispatcher).create(
            [dict(vals, user_id=False) for vals in self._vals(4, offset=20)]
        )
        Message = self.env["mail.message"]
        before = Message.search([("partner_ids", "in", self.tech2.partner_id.ids)])
        jobs.with_user(self.dispatcher).write({"user_id": self.tech2.id})
        notices = (
            Message.search([("partner_ids", "in", self.tech2.partner_id.ids)]) - before
        )
        self.assertEqual(len(notices), 1)
        self.assertIn("4 jobs", notices.subject)

    def _dispatch_wizard(self, jobs, start, user=None):
        return (
            self.env["fsm.job.dispatch.wizard"]
            .with_user(self.dispatcher)
            .create(
                {
                    "job_ids": jobs.ids,
                    "user_id": (user or self.tech2).id,
                    "scheduled_start": start,
                    "scheduled_end": start + timedelta(hours=1),
                }
            )
        )

    def test_dispatch_wizard_plans_several_jobs_one_after_another(self):
        """The first job from the start to the end given, the others after it, each
        for its planned length (2 hours, or the 3 already planned on one), all
        assigned and dispatched, and one notice with their new times."""
        jobs = self.Job.with_user(self.dispatcher).create(
            [dict(vals, user_id=False) for vals in self._vals(3, offset=60)]
        )
        jobs[1].scheduled_end = jobs[1].scheduled_start + timedelta(hours=3)
        start = self.start + timedelta(days=30)
        # told in the technician's time zone, not the dispatcher's (UTC)
        self.tech2.tz = "America/New_York"
        Message = self.env["mail.message"]
        before = Message.search([("partner_ids", "in", self.tech2.partner_id.ids)])
        wizard = self._dispatch_wizard(jobs, start)
        ordered = wizard.job_ids
        wizard.action_dispatch()
        hour = timedelta(hours=1)
        lengths = {job: job.scheduled_end - job.scheduled_start for job in ordered}
        self.assertEqual(ordered[0].scheduled_start, start)
        self.assertEqual(ordered[0].scheduled_end, start + hour)
        for previous, job in zip(ordered, ordered[1:], strict=False):
            self.assertEqual(job.scheduled_start, previous.scheduled_end)
        self.assertEqual(lengths[jobs[1]], 3 * hour)
        self.assertEqual(lengths[jobs[2]], 2 * hour)
        self.assertEqual(jobs.user_id, self.tech2)
        self.assertEqual(jobs.status_id, self.status_dispatched)
        notices = (
            Message.search([("partner_ids", "in", self.tech2.partner_id.ids)]) - before
        )
        self.assertEqual(len(notices), 1)
        self.assertIn("3 jobs", notices.subject)
        local = fields.Datetime.context_timestamp(
            self.tech2.with_context(tz=self.tech2.tz), ordered[2].scheduled_start
        )
        self.assertIn(local.strftime("%Y-%m-%d %H:%M"), notices.body)

    def test_dispatch_wizard_batch_over_another_job_is_refused(self):
        """The third job would fall on a job the technician already has: the whole
        dispatch is refused, nothing changed."""
        start = self.start + timedelta(days=40)
        self._job(user_id=self.tech2.id, scheduled_start=start + timedelta(hours=4))
        jobs = self.Job.with_user(self.dispatcher).create(
            [dict(vals, user_id=False) for vals in self._vals(3, offset=70)]
        )
        starts = jobs.mapped("scheduled_start")
        wizard = self._dispatch_wizard(jobs, start)
        with self.assertRefused(ValidationError, "already has JOB/"):
            wizard.action_dispatch()
        self.assertFalse(jobs.user_id)
        self.assertEqual(jobs.mapped("scheduled_start"), starts)
        self.assertEqual(jobs.status_id, self.status_new)

    @users("fsm_perf_create")
    @warmup
    def test_dispatch_wizard_2_vs_20_jobs(self):
        """Each job its own times, yet no query per job but the two of the chatter
        line Odoo's tracking writes on each (the message and its tracked values),
        as for any tracked write of several records."""
        counts = {}
        # the first dispatch of a session warms caches (subtypes, groups, statuses)
        for count, offset, key, budget in (
            (2, 70, "warm-up", 60),
            (2, 80, "two", 34),
            (20, 90, "20", 34 + 2 * 18),
        ):
            jobs = self.env["fsm.job"].create(
                [dict(vals, user_id=False) for vals in self._vals(count, offset)]
            )
            start = self.start + timedelta(days=50 + offset)
            wizard = self._dispatch_wizard(jobs, start)
            with self.countQueries(budget, counts, key):
                wizard.action_dispatch()
            self.assertEqual(jobs.status_id, self.status_dispatched)
        self.assertLessEqual((counts["20"] - counts["two"]) / 18, 2.0, counts)

    def test_gapless_sequence_numbers_a_batch(self):
        sequence = self.env.ref("fsm_results.seq_fsm_job")
        sequence.implementation = "no_gap"
        sequence.number_next = 90_001  # past the numbers the tests gave
        jobs = self.Job.with_user(self.dispatcher).create(self._vals(3, offset=30))
        self.assertEqual(
            jobs.mapped("name"),
            [sequence.get_next_char(90_001 + i) for i in range(3)],
        )
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, 90_004)

    def test_overlap_inside_one_batch_is_refused(self):
        vals = self._vals(2, offset=40)
        vals[1]["scheduled_start"] = vals[0]["scheduled_start"] + timedelta(hours=1)
        with self.assertRefused(Exception, "already has JOB/"):
            self.Job.with_user(self.dispatcher).create(vals)


class TestFsmStatusMoveQueryCounts(FsmPerfCommon):
    """Status moves with tracking on; moves that email the client, in batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher.write({"login": "fsm_perf_move"})
        clients = cls.env["res.partner"].create(
            [
                {"name": f"Client {i}", "email": f"client{i}@example.com"}
                for i in range(50)
            ]
        )
        cls.jobs_1 = cls._client_jobs(clients[:1])
        cls.jobs_50 = cls._client_jobs(clients)
        cls.warm_jobs = cls._client_jobs(clients[:2])

    @classmethod
    def _client_jobs(cls, clients):
        return cls.Job.create(
            [
                {
                    "partner_id": client.id,
                    "service_type_id": cls.service_type.id,
                    "status_id": cls.status_dispatched.id,
                }
                for client in clients
            ]
        )

    @users("fsm_perf_move")
    def test_en_route_emails_clients_in_batch(self):
        counts = {}
        self.warm_jobs.with_env(self.env)._move_to_status(self.status_en_route)
        for key, jobs in (("one", self.jobs_1), ("fifty", self.jobs_50)):
            jobs = jobs.with_env(self.env)
            self.env.invalidate_all()
            with self.countQueries(60, counts, key):
                jobs._move_to_status(self.status_en_route)
        self.assertLessEqual(counts["fifty"] / 50, 8, counts)
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "fsm.job"), ("res_id", "in", self.jobs_50.ids)])
        )
        self.assertEqual(len(mails), 50, "one email per job")
        for mail in mails:
            job = self.jobs_50.browse(mail.res_id)
            self.assertEqual(mail.recipient_ids, job.partner_id, "to the job's client")
            self.assertIn(job.name, mail.subject)
            self.assertIn(job.partner_id.name, str(mail.body_html))
            self.assertIn(mail.mail_message_id, job.message_ids, "kept in the chatter")

    @users("fsm_perf_move")
    @warmup
    def test_status_move_1_vs_50(self):
        counts = {}
        self.warm_jobs.with_env(self.env)._move_to_status(self.status_scheduled)
        for key, jobs in (("one", self.jobs_1), ("fifty", self.jobs_50)):
            jobs = jobs.with_env(self.env)
            jobs._move_to_status(self.status_scheduled)  # tracked, no email
            self.env.invalidate_all()
            with self.countQueries(18, counts, key):
                jobs.action_next_status()
            self.assertEqual(set(jobs.mapped("status_id")), {self.status_dispatched})
        self.assertEqual(counts["one"], counts["fifty"], counts)

    def test_status_move_tracked_in_chatter(self):
        """Each job's chatter shows the move as Odoo's tracking does."""
        jobs = self.jobs_50[:3]
        jobs._move_to_status(self.status_en_route)
        self.env.cr.precommit.run()
        for job in jobs:
            tracked = job.message_ids.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "status_id"
            )
            self.assertEqual(len(tracked), 1, "one tracking line, not two")
            self.assertEqual(tracked.old_value_integer, self.status_dispatched.id)
            self.assertEqual(tracked.new_value_integer, self.status_en_route.id)
            self.assertEqual(
                tracked.mail_message_id.author_id, self.env.user.partner_id
            )


class TestFsmQueryCounts(FsmCommon):
    """Query counts must not grow with the number of jobs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher.write({"login": "fsm_perf"})
        cls.jobs_1 = cls._jobs(1, user_id=cls.tech.id)
        cls.jobs_50 = cls._jobs(50, user_id=cls.tech.id)

    @users("fsm_perf")
    @warmup
    def test_times_1_vs_50(self):
        for jobs in (self.jobs_1, self.jobs_50):
            jobs = jobs.with_env(self.env)
            jobs.invalidate_model()
            with self.assertQueryCount(fsm_perf=4):
                jobs.mapped("billable_hours")


class TestFsmInvoiceQueryCounts(FsmCommon):
    """Generate an Invoice: queries do not grow with used lines or with jobs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)
        cls.dispatcher.write(
            {
                "login": "fsm_perf_inv",
                "group_ids": [
                    Command.link(cls.env.ref("fsm_results.group_fsm_invoice").id)
                ],
            }
        )
        products = cls.env["product.product"].create(
            [
                {"name": f"Part {i}", "type": "consu", "list_price": 10 + i}
                for i in range(50)
            ]
        )
        cls.warm_job = cls._job_with_lines(products[:3])
        cls.job_1_line = cls._job_with_lines(products[:1])
        cls.job_50_lines = cls._job_with_lines(products)
        cls.jobs_1 = cls._job_with_lines(products[:2])
        cls.jobs_50 = cls.Job.browse(
            [cls._job_with_lines(products[:2]).id for _i in range(50)]
        )
        cls.order_50_lines = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.dispatcher.id,
                "order_line": [
                    Command.create(
                        {"product_id": p.id, "product_uom_qty": 2, "qty_delivered": 2}
                    )
                    for p in products
                ],
            }
        )
        cls.order_50_lines.action_confirm()
        cls.order_50_lines.order_line.qty_delivered = 2

    @classmethod
    def _job_with_lines(cls, products):
        # done: jobs not started are not invoiced (no time worked: no service line)
        job = cls._job(status_id=cls.status_done.id)
        cls.env["fsm.job.line"].create(
            [
                {
                    "job_id": job.id,
                    "product_id": p.id,
                    "planned_qty": 2,
                    "was_used": True,
                    "qty_used": 2,
                }
                for p in products
            ]
        )
        return job

    @users("fsm_perf_inv")
    def test_generate_invoice_1_vs_50_lines(self):
        self.warm_job.with_env(self.env).action_generate_invoice()
        for job in (self.job_1_line, self.job_50_lines):
            job = job.with_env(self.env)
            self.env.invalidate_all()
            with self.assertQueryCount(fsm_perf_inv=105):
                job.action_generate_invoice()
        self.assertEqual(len(self.job_50_lines.invoice_ids.invoice_line_ids), 50)

    @users("fsm_perf_inv")
    def test_generate_invoices_for_1_vs_50_jobs(self):
        self.warm_job.with_env(self.env).action_generate_invoice()
        for jobs in (self.jobs_1, self.jobs_50):
            jobs = jobs.with_env(self.env)
            self.env.invalidate_all()
            with self.assertQueryCount(fsm_perf_inv=92):
                jobs.action_generate_invoice()
        self.assertEqual(len(self.jobs_50.invoice_ids), 50)

    @users("fsm_perf_inv")
    def test_fewer_queries_than_odoo_sale_order_to_invoice(self):
        """The yardstick: Odoo's own sale order to invoice on the same 50 lines."""
        self.warm_job.with_env(self.env).action_generate_invoice()
        counts = {}
        for label, generate in (
            ("job", self.job_50_lines.with_env(self.env).action_generate_invoice),
            ("sale order", self.order_50_lines.with_env(self.env)._create_invoices),
        ):
            self.env.flush_all()
            self.env.invalidate_all()
            before = sql_db.sql_counter
            generate()
            self.env.flush_all()
            counts[label] = sql_db.sql_counter - before
        self.assertLess(counts["job"], counts["sale order"], counts)
