import base64
import json
import re

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FsmPortalCommon, png_b64

SECRETS = (
    "INTERNAL-DESC-7731",
    "DRAFT-NOTE-5521",
    "UNSHARED-PHOTO-4410",
    "INTERNAL-CHATTER-9090",
)


@tagged("post_install", "-at_install")
class TestPortalAccess(FsmPortalCommon):
    """Who sees which job, through which door, and what never leaves the office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job_a = cls._in_progress(
            cls._job(
                cls.client_a,
                description="INTERNAL-DESC-7731",
                client_note_draft="PUBLISHED-NOTE-1188",
            )
        )
        cls.job_a.action_publish_client_note()
        cls.job_a.client_note_draft = "DRAFT-NOTE-5521"
        cls.env["fsm.job.photo"].create(
            [
                {
                    "job_id": cls.job_a.id,
                    "image": png_b64(),
                    "caption": "SHARED-PHOTO-2200",
                    "phase": "before",
                },
                {
                    "job_id": cls.job_a.id,
                    "image": png_b64((10, 10, 10)),
                    "caption": "UNSHARED-PHOTO-4410",
                    "share_with_client": False,
                },
            ]
        )
        cls.job_a.message_post(
            body="INTERNAL-CHATTER-9090", subtype_xmlid="mail.mt_note"
        )
        cls.job_a.message_post(
            body="PUBLIC-MESSAGE-3030",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # billed to another company but done at client A's site: A's job too
        other = cls.env["res.partner"].create({"name": "Facility Managers Inc"})
        cls.job_a_site = cls._job(other, location_id=cls.client_a_site.id)
        cls.job_b = cls._job(cls.client_b, description="Contoso secret")

    # -- helpers -----------------------------------------------------------------
    def _texts(self, *urls):
        texts = []
        for url in urls:
            response = self.url_open(url)
            texts.append(response.text)
        return texts

    def _chatter_texts(self, job):
        init = self.make_jsonrpc_request(
            "/portal/chatter_init", {"thread_model": "fsm.job", "thread_id": job.id}
        )
        fetch = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "fsm.job", "thread_id": job.id}
        )
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "fsm.job", "thread_id": job.id}
        )
        return [json.dumps(init), json.dumps(fetch), json.dumps(messages)]

    # -- /my -------------------------------------------------------------------------
    def test_portal_client_opens_my_account(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/account", response.text)
        self.assertNotIn("/web/login", response.url)
        self.assertIn('href="/my/jobs"', response.text, "the Jobs entry")
        self.assertIn('data-placeholder_count="fsm_job_count"', response.text)
        self.assertIn('href="/my/jobs/request"', response.text)

    def test_a_client_signs_in_to_the_portal_in_their_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["fsm_results", "fsm_results_portal"], ["es_ES"]
        )
        self.portal_a.lang = "es_ES"
        # the browser was on the portal in English before (a visit, someone else's
        # session): Odoo's pages follow this cookie over the user's language
        self.opener.cookies.set("frontend_lang", "en_US", domain="127.0.0.1", path="/")
        page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/login",
            data={
                "login": "fsm_client_a",
                "password": "fsm_client_a",
                "csrf_token": csrf,
                "redirect": "/my",
            },
            allow_redirects=False,
        )
        self.assertEqual(self.opener.cookies.get("frontend_lang"), "es_ES")
        response = self.url_open("/my")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertIn("Solicitar un servicio", response.text)
        self.assertIn("Trabajos", self.url_open("/my/jobs").text)

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my")
        self.assertIn("/web/login", response.url)

    # -- the client's own jobs ---------------------------------------------------------
    def test_client_lists_and_opens_the_jobs_of_their_company(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        listing = self.url_open("/my/jobs")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.job_a.name, listing.text)
        self.assertIn(self.job_a_site.name, listing.text, "Ship To under A: A's job")
        for job in (self.job_a, self.job_a_site):
            page = self.url_open(f"/my/jobs/{job.id}")
            self.assertEqual(page.status_code, 200)
            self.assertIn(job.name, page.text)
        page = self.url_open(f"/my/jobs/{self.job_a.id}")
        self.assertIn("Work in progress", page.text, "the status in client words")
        self.assertIn("PUBLISHED-NOTE-1188", page.text)
        self.assertIn("SHARED-PHOTO-2200", page.text)
        self.assertIn("Tess Tech", page.text, "the technician's name")

    def test_the_jobs_list_pages_80_at_a_time(self):
        """87 jobs: 80 on the first page, the 7 others on the second, none on both,
        and the first page links to the second."""
        self.env["fsm.job"].create(
            [
                {
                    "partner_id": self.client_a.id,
                    "service_type_id": self.service_type.id,
                }
                for _i in range(85)
            ]
        )
        own = (
            self.env["fsm.job"].search([("partner_id", "child_of", self.client_a.id)])
            | self.job_a_site
        )
        self.assertEqual(len(own), 87)
        self.authenticate("fsm_client_a", "fsm_client_a")
        first = self.url_open("/my/jobs")
        second = self.url_open("/my/jobs/page/2")
        pages = [
            {int(i) for i in re.findall(r'href="/my/jobs/(\d+)', page.text)}
            for page in (first, second)
        ]
        self.assertEqual([len(ids) for ids in pages], [80, 7])
        self.assertFalse(pages[0] & pages[1])
        self.assertEqual(pages[0] | pages[1], set(own.ids))
        self.assertIn('href="/my/jobs/page/2', first.text)

    def test_counters_count_the_clients_own_jobs_only(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fsm_job_count"]}
        )
        self.assertEqual(counters["fsm_job_count"], 2)
        self.authenticate("fsm_client_b", "fsm_client_b")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fsm_job_count"]}
        )
        self.assertEqual(counters["fsm_job_count"], 1)

    # -- another client's job -------------------------------------------------------
    def test_another_clients_job_is_not_found_and_never_named(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        b = self.job_b
        for url in (
            f"/my/jobs/{b.id}",
            f"/my/jobs/{b.id}?report_type=html",
            f"/my/jobs/{b.id}?report_type=pdf",
            f"/my/jobs/{b.id}?access_token=wrong",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(b.name, response.text, url)
        found = self.url_open(f"/my/jobs?search={b.name}").text
        self.assertIn("There are currently no jobs", found)
        self.assertNotIn(f"/my/jobs/{b.id}", found)
        texts = self._texts(
            "/my",
            "/my/jobs",
            "/my/jobs?filterby=upcoming",
            f"/my/jobs/{self.job_a.id}",
        )
        texts.append(
            json.dumps(
                self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["fsm_job_count"]}
                )
            )
        )
        for text in texts:
            self.assertNotIn(b.name, text)
        reply = self._sign(b)
        self.assertIn("error", reply)
        b.invalidate_recordset()
        self.assertFalse(b.signature)

    # -- anonymous visitors: the access token only -------------------------------------
    def test_anonymous_visitor_needs_the_jobs_token(self):
        response = self.url_open("/my/jobs")
        self.assertIn("/web/login", response.url)
        response = self.url_open(f"/my/jobs/{self.job_a.id}")
        self.assertIn("/web/login", response.url, "no token: log in first")
        self.assertNotIn(self.job_a.name, response.text)

        token = self.job_a._portal_ensure_token()
        page = self.url_open(f"/my/jobs/{self.job_a.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.job_a.name, page.text)
        self.assertIn("PUBLISHED-NOTE-1188", page.text)
        photo = self.job_a.photo_ids.filtered("share_with_client")
        image = self.url_open(
            f"/my/jobs/{self.job_a.id}/photo/{photo.id}/small?access_token={token}"
        )
        self.assertEqual(image.status_code, 200)
        self.assertTrue(image.headers["Content-Type"].startswith("image/"))

        token_b = self.job_b._portal_ensure_token()
        for url in (
            f"/my/jobs/{self.job_a.id}?access_token=not-the-token",
            f"/my/jobs/{self.job_a.id}?access_token={token_b}",
            f"/my/jobs/{self.job_a.id}/photo/{photo.id}?access_token={token_b}",
            f"/my/jobs/{self.job_a.id}/photo/{photo.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.job_a.name, response.text, url)

    def test_unshared_photo_is_not_served_even_with_the_token(self):
        token = self.job_a._portal_ensure_token()
        hidden = self.job_a.photo_ids.filtered(lambda p: not p.share_with_client)
        response = self.url_open(
            f"/my/jobs/{self.job_a.id}/photo/{hidden.id}?access_token={token}"
        )
        self.assertEqual(response.status_code, 404)

    # -- what never leaves the office ---------------------------------------------
    def test_drafts_and_internal_content_reach_no_response(self):
        token = self.job_a._portal_ensure_token()
        self.authenticate("fsm_client_a", "fsm_client_a")
        job = self.job_a
        texts = self._texts(
            "/my",
            "/my/jobs",
            f"/my/jobs/{job.id}",
            f"/my/jobs/{job.id}?access_token={token}",
            f"/my/jobs/{job.id}?report_type=html",
        )
        texts += self._chatter_texts(job)
        self.assertIn("PUBLIC-MESSAGE-3030", "".join(texts), "the chatter answered")
        self.assertIn("PUBLISHED-NOTE-1188", texts[2])
        for text in texts:
            for secret in SECRETS:
                self.assertNotIn(secret, text)
        # the same as an anonymous visitor with the token
        self.logout()
        texts = self._texts(
            f"/my/jobs/{job.id}?access_token={token}",
            f"/my/jobs/{job.id}?access_token={token}&report_type=html",
        )
        fetch = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "fsm.job", "thread_id": job.id, "token": token},
        )
        texts.append(json.dumps(fetch))
        self.assertIn("PUBLIC-MESSAGE-3030", texts[-1])
        for text in texts:
            for secret in SECRETS:
                self.assertNotIn(secret, text)

    # -- any other path: JSON-RPC on the models -----------------------------------
    @mute_logger("odoo.http", "odoo.models")
    def test_rpc_gives_a_client_their_jobs_and_public_fields_only(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        reply = self._call_kw("fsm.job", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual(
            {row["name"] for row in reply["result"]},
            {self.job_a.name, self.job_a_site.name},
        )
        for field in ("description", "client_note_draft", "pause_ids", "line_ids"):
            reply = self._call_kw("fsm.job", "read", [self.job_a.ids, [field]])
            self.assertEqual(
                reply["error"]["data"]["name"], "odoo.exceptions.AccessError", field
            )
        reply = self._call_kw("fsm.job", "read", [self.job_b.ids, ["name"]])
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        reply = self._call_kw(
            "fsm.job.photo", "search_read", [[]], {"fields": ["caption"]}
        )
        self.assertEqual(
            [row["caption"] for row in reply["result"]], ["SHARED-PHOTO-2200"]
        )
        reply = self._call_kw("fsm.job.step", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual(
            {row["id"] for row in reply["result"]},
            set((self.job_a | self.job_a_site).step_ids.ids),
            "the checklist of the client's own jobs only",
        )
        reply = self._call_kw(
            "fsm.job.step", "read", [self.job_a.step_ids.ids, ["done_by_id"]]
        )
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        reply = self._call_kw(
            "fsm.job", "write", [self.job_a.ids, {"signed_by": "Forged"}]
        )
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.job_a.invalidate_recordset()
        self.assertFalse(self.job_a.signed_by)

    @mute_logger("odoo.http")  # Odoo logs each refused call
    def test_a_client_cannot_search_the_internal_notes_of_their_jobs(self):
        self.job_a.message_post(
            body="TOPSECRET77 client pays late", subtype_xmlid="mail.mt_note"
        )
        self.authenticate("fsm_client_a", "fsm_client_a")
        # Odoo's own rule: the client does not find the note among messages...
        reply = self._call_kw(
            "mail.message", "search_count", [[("body", "ilike", "TOPSECRET77")]]
        )
        self.assertEqual(reply["result"], 0)
        # ...nor through the job's messages, followers or activities
        for domain in (
            [("message_ids.body", "ilike", "TOPSECRET77")],
            [("message_ids.subtype_id.internal", "=", True)],
            [("activity_ids.summary", "ilike", "call")],
            [("description", "ilike", "x")],
        ):
            with self.subTest(domain=domain):
                reply = self._call_kw("fsm.job", "search_count", [domain])
                self.assertEqual(
                    reply["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )
                self.assertNotIn("TOPSECRET77", str(reply))
        # the fields of the job page search as before
        reply = self._call_kw(
            "fsm.job", "search_count", [[("name", "=", self.job_a.name)]]
        )
        self.assertEqual(reply["result"], 1)

    # -- the chatter: the client writes to the office ---------------------------------
    def test_client_writes_to_the_office_in_the_chatter(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "fsm.job",
                "thread_id": self.job_a.id,
                "post_data": {
                    "body": "Can you come after 10?",
                    "message_type": "comment",
                    # what Odoo's portal composer sends
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.job_a.message_ids.filtered(
            lambda m: "Can you come after 10?" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        # not on another client's job
        count_b = len(self.job_b.message_ids)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/message/post",
                json={
                    "params": {
                        "thread_model": "fsm.job",
                        "thread_id": self.job_b.id,
                        "post_data": {"body": "Forged", "message_type": "comment"},
                    }
                },
            )
        self.assertIn("error", response.json())
        self.job_b.invalidate_recordset()
        self.assertEqual(len(self.job_b.message_ids), count_b)

    def test_visitor_with_the_token_writes_as_the_jobs_customer(self):
        token = self.job_a._portal_ensure_token()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "fsm.job",
                "thread_id": self.job_a.id,
                "post_data": {"body": "Gate code is 1234", "message_type": "comment"},
                "token": token,
            },
        )
        message = self.job_a.message_ids.filtered(
            lambda m: "Gate code is 1234" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.job_a.partner_id)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_odoos_own_content_routes_hold_the_same_rules(self):
        self.authenticate("fsm_client_a", "fsm_client_a")
        hidden = self.job_a.photo_ids.filtered(lambda p: not p.share_with_client)
        shared = self.job_a.photo_ids - hidden
        response = self.url_open(f"/web/image/fsm.job.photo/{shared.id}/image")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, base64.b64decode(shared.image))
        # a photo not shared: Odoo's placeholder, never the photo
        response = self.url_open(f"/web/image/fsm.job.photo/{hidden.id}/image")
        self.assertNotEqual(response.content, base64.b64decode(hidden.image))
        for url in (
            f"/web/content/fsm.job/{self.job_a.id}/description",
            f"/web/content/fsm.job/{self.job_a.id}/client_note_draft",
            f"/web/content/fsm.job/{self.job_b.id}/signature",
        ):
            response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, url)
            for secret in SECRETS:
                self.assertNotIn(secret, response.text, url)
        token = self.job_a._portal_ensure_token()
        self.logout()
        response = self.url_open(
            f"/web/content/fsm.job/{self.job_a.id}/description?access_token={token}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("INTERNAL-DESC-7731", response.text)
