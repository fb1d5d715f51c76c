from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestFsmPhoneHttp(HttpCase):
    """The job screen's calls over HTTP, as the phone makes them, and the web app
    the phone installs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.customer = cls.env["res.partner"].create({"name": "Quay Opticians"})
        cls.tech = new_test_user(
            cls.env,
            login="fsm_phone_http_tech",
            groups="fsm_results.group_fsm_technician,fsm_results.group_fsm_invoice",
        )
        cls.other = new_test_user(
            cls.env,
            login="fsm_phone_http_other",
            groups="fsm_results.group_fsm_technician",
        )
        cls.dispatcher = new_test_user(
            cls.env,
            login="fsm_phone_http_dispatcher",
            groups="fsm_results.group_fsm_dispatcher",
        )
        part = cls.env["product.product"].create(
            {"name": "Lens cloth", "type": "consu", "list_price": 2.0}
        )
        cls.job = cls.env["fsm.job"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.tech.id,
                "line_ids": [
                    (0, 0, {"product_id": part.id, "was_used": True, "qty_used": 1})
                ],
            }
        )
        for status in ("dispatched", "en_route"):
            cls.job._move_to_status(ref(f"fsm_results.status_{status}"))
        cls.reason_other = ref("fsm_results.pause_reason_other")
        cls.reason_parts = ref("fsm_results.pause_reason_parts")

    def _reply(self, model, method, args):
        """A JSON-RPC call as the web client makes it: the decoded reply."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": {},
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _call_kw(self, model, method, args):
        reply = self._reply(model, method, args)
        self.assertNotIn("error", reply)
        return reply["result"]

    def _refused(self, model, method, args, error, message):
        reply = self._reply(model, method, args)
        self.assertEqual(reply["error"]["data"]["name"], f"odoo.exceptions.{error}")
        self.assertIn(message, reply["error"]["data"]["message"])

    @mute_logger("odoo.http")  # Odoo logs each refusal
    def test_refusals_over_json_rpc(self):
        self.authenticate(self.tech.login, self.tech.login)
        # an invoice of a job not started
        self._refused(
            "fsm.job",
            "action_generate_invoice",
            [self.job.ids],
            "UserError",
            "has not started yet",
        )
        self.assertFalse(self.job.invoice_ids)
        self.job._move_to_status(self.env.ref("fsm_results.status_in_progress"))
        # a pause whose reason needs a note, without one
        self._refused(
            "fsm.job",
            "action_fsm_pause",
            [self.job.ids, self.reason_other.id],
            "UserError",
            "needs a note",
        )
        self.assertFalse(self.job.pause_ids)
        # the same pause with its note is taken
        self._call_kw(
            "fsm.job", "action_fsm_pause", [self.job.ids, self.reason_other.id, "Gone"]
        )
        self.assertEqual(self.job.status_kind, "paused")
        self.assertEqual(self.job.pause_ids.note, "Gone")

        # another technician neither reads nor pauses the job, and is told why
        self.authenticate(self.other.login, self.other.login)
        for method in ("fsm_phone_read", "action_resume"):
            self._refused(
                "fsm.job", method, [self.job.ids], "AccessError", "not one of yours"
            )
        self.assertEqual(self.job.status_kind, "paused")

    def test_the_screen_reads_the_job_in_one_call(self):
        self.authenticate(self.tech.login, self.tech.login)
        screen = self._call_kw("fsm.job", "fsm_phone_read", [self.job.ids])
        self.assertEqual(screen["id"], self.job.id)
        self.assertEqual(screen["status_kind"], "en_route")
        self.assertEqual(screen["line_ids"][0]["qty_used"], 1.0)

    def test_technicians_land_on_my_jobs(self):
        my_jobs = self.env.ref("fsm_results.fsm_job_action_my")
        self.authenticate(self.tech.login, self.tech.login)
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["home_action_id"], my_jobs.id)
        self.authenticate(self.dispatcher.login, self.dispatcher.login)
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertFalse(info["home_action_id"], "dispatchers keep Odoo's default")
        # a home action chosen for the technician stays theirs
        all_jobs = self.env.ref("fsm_results.fsm_job_action")
        self.tech.write({"action_id": all_jobs.id})
        self.authenticate(self.tech.login, self.tech.login)
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["home_action_id"], all_jobs.id)

    def test_the_web_app_stays_installable(self):
        """What a phone needs to install Odoo to its home screen: the manifest
        (standalone, /odoo, icons), the service worker, and the link to both from
        the page the technician opens."""
        self.authenticate(self.tech.login, self.tech.login)
        page = self.url_open("/odoo")
        self.assertEqual(page.status_code, 200)
        self.assertIn('rel="manifest" href="/web/manifest.webmanifest"', page.text)
        manifest = self.url_open("/web/manifest.webmanifest").json()
        self.assertEqual(manifest["display"], "standalone")
        self.assertEqual(manifest["start_url"], "/odoo")
        self.assertEqual(
            {icon["sizes"] for icon in manifest["icons"]}, {"192x192", "512x512"}
        )
        worker = self.url_open("/web/service-worker.js")
        self.assertEqual(worker.status_code, 200)
        self.assertEqual(worker.headers["Service-Worker-Allowed"], "/odoo")
