import logging

from odoo.tests import new_test_user, tagged

from .common import FsmPortalCommon, invoice_used_part, png_b64

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(FsmPortalCommon):
    """/my/jobs and a job page cost the same number of queries whatever the number
    of the client's jobs and of the jobs in the table; Odoo's /my/invoices is
    measured in the same run for comparison."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = {}
        for count in (1, 100):
            company = cls.env["res.partner"].create(
                {"name": f"Perf Client {count}", "is_company": True}
            )
            user = new_test_user(
                cls.env,
                login=f"fsm_perf_{count}",
                groups="base.group_portal",
                tz="UTC",
            )
            user.partner_id.parent_id = company
            jobs = cls.env["fsm.job"].create(
                [
                    {
                        "partner_id": company.id,
                        "service_type_id": cls.service_type.id,
                        "user_id": cls.tech.id,
                        "client_note_draft": "Coils cleaned.",
                    }
                    for _i in range(count)
                ]
            )
            cls._in_progress(jobs)
            jobs.action_publish_client_note()
            cls.env["fsm.job.photo"].create(
                [{"job_id": job.id, "image": png_b64()} for job in jobs]
            )
            # the newest job: the first the list shows, so that both lists show
            # an invoiced job (invoice_used_part below), whatever their length
            cls.clients[count] = (user, jobs[-1])

    def _hot_queries(self, url):
        """Queries of one request once the server is warm (caches filled, access
        tokens made): what a client's every visit costs."""
        for _i in range(2):
            self.assertEqual(self.url_open(url).status_code, 200, url)
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        count = self.cr.sql_log_count - before
        self.assertEqual(response.status_code, 200, url)
        return count

    def _measure(self, count):
        user, job = self.clients[count]
        self.authenticate(user.login, user.login)
        jobs_list = self._hot_queries("/my/jobs")
        # opened from a search, as from a notification: no record pager around it
        self.url_open(f"/my/jobs?search={job.name}&search_in=name")
        job_page = self._hot_queries(f"/my/jobs/{job.id}")
        invoices = self._hot_queries("/my/invoices")
        return {"/my/jobs": jobs_list, "job page": job_page, "/my/invoices": invoices}

    def test_jobs_list_and_job_page_do_not_grow_with_jobs(self):
        for count in (1, 100):
            invoice_used_part(self, self.clients[count][1])
        one = self._measure(1)
        hundred = self._measure(100)
        others = self.env["res.partner"].create({"name": "Everyone Else Ltd"})
        self.env["fsm.job"].create(
            [{"name": f"OTHER-{i:05d}", "partner_id": others.id} for i in range(5000)]
        )
        crowded = self._measure(100)
        _logger.info(
            "Portal query counts (per request, warm) | 1 own job: %s | 100 own jobs: "
            "%s | 100 own jobs among 5,000 others: %s",
            one,
            hundred,
            crowded,
        )
        for what in ("/my/jobs", "job page"):
            self.assertEqual(one[what], hundred[what], what)
            self.assertEqual(hundred[what], crowded[what], what)
        self.assertLessEqual(hundred["job page"], 60, "a job page stays cheap")
        self.assertLessEqual(hundred["/my/jobs"], 30, "the jobs list stays cheap")
