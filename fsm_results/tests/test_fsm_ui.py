from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import make_technician


@tagged("post_install", "-at_install")
class TestFsmUi(HttpCase):
    def test_admin_opens_field_service_app(self):
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        self.env["fsm.job"].create({"partner_id": customer.id})
        self.start_tour("/odoo", "fsm_results_open_app", login="admin")

    def test_technician_day_on_a_phone(self):
        """A technician works a whole job from a phone-sized window: on the way,
        start, pause for parts, resume, checklist, photo, signature, completed."""
        env = self.env
        ref = env.ref
        tech = make_technician(env, "fsm_tour_tech", name="Tour Technician")
        customer = env["res.partner"].create(
            {"name": "Harbor Bakery", "street": "12 Quay Street"}
        )
        service_type = env["fsm.service.type"].create(
            {
                "name": "Oven repair",
                "step_template_ids": [
                    fields.Command.create(
                        {"name": "Check the oven seal", "sequence": 1}
                    ),
                    fields.Command.create(
                        {"name": "Test the thermostat", "sequence": 2}
                    ),
                ],
            }
        )
        job = env["fsm.job"].create(
            {
                "partner_id": customer.id,
                "service_type_id": service_type.id,
                "user_id": tech.id,
                "scheduled_start": datetime.combine(fields.Date.today(), time(9, 0)),
            }
        )
        job._move_to_status(ref("fsm_results.status_dispatched"))
        self.assertEqual(len(job.step_ids), 2)

        # a phone held upright, with a touch screen
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour(
            "/odoo/action-fsm_results.fsm_job_action_my",
            "fsm_technician_day",
            login=tech.login,
            timeout=120,
        )

        job.invalidate_recordset()
        self.assertEqual(job.status_kind, "done")
        self.assertEqual(job.status_id, ref("fsm_results.status_done"))
        self.assertTrue(job.date_done)
        self.assertEqual(len(job.pause_ids), 1)
        self.assertEqual(job.pause_ids.reason_id, ref("fsm_results.pause_reason_parts"))
        self.assertTrue(job.pause_ids.date_end, "the pause was closed by Resume")
        self.assertEqual(job.pause_ids.user_id, tech)
        self.assertEqual(job.pause_ids.resumed_by_id, tech)
        self.assertTrue(all(job.step_ids.mapped("is_done")))
        self.assertEqual(job.step_ids.done_by_id, tech)
        self.assertEqual(len(job.photo_ids), 1)
        self.assertTrue(job.photo_ids.image)
        self.assertEqual(job.photo_ids.user_id, tech)
        self.assertTrue(job.signature)
        self.assertEqual(job.signed_by, "Maria Baker")
        self.assertTrue(job.signed_on)
        moves = [
            (log.from_status_id.kind, log.to_status_id.kind)
            for log in job.status_log_ids.sorted("id")
        ]
        self.assertEqual(
            moves,
            [
                (False, "new"),
                ("new", "dispatched"),
                ("dispatched", "en_route"),
                ("en_route", "in_progress"),
                ("in_progress", "paused"),
                ("paused", "in_progress"),
                ("in_progress", "done"),
            ],
        )
        self.assertEqual(job.status_log_ids.sorted("id")[2:].user_id, tech)
