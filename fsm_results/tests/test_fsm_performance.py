from odoo import Command, sql_db
from odoo.tests import users, warmup

from .common import FsmCommon, ensure_chart_of_accounts

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
