from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_technician


@tagged("post_install", "-at_install")
class TestFsmPhoneUi(HttpCase):
    """The technician's job screen, played in a phone-sized browser with touch."""

    def _day_setup(self, login):
        env = self.env
        tech = make_technician(
            env,
            login,
            name="Phone Technician",
            groups="fsm_results.group_fsm_invoice,fsm_results.group_fsm_email_invoice",
        )
        customer = env["res.partner"].create(
            {
                "name": "Harbor Bakery",
                "street": "12 Quay Street",
                "city": "Portsmouth",
                "email": "bakery@example.com",
                "phone": "+1 603 555 0100",
            }
        )
        visit = env["product.product"].create(
            {
                "name": "Oven service visit",
                "type": "service",
                "default_code": "SVC-OVEN",
                "list_price": 120.0,
            }
        )
        service_type = env["fsm.service.type"].create(
            {
                "name": "Oven service",
                "product_id": visit.id,
                "billing_mode": "flat",
                "rate": 120.0,
                "step_template_ids": [
                    fields.Command.create({"name": name, "sequence": seq})
                    for seq, name in enumerate(
                        ("Check the oven seal", "Test the thermostat", "Clean the oven")
                    )
                ],
            }
        )
        gasket = env["product.product"].create(
            {
                "name": "Door gasket",
                "type": "consu",
                "is_storable": False,
                "default_code": "PART-GASKET",
                "list_price": 18.0,
            }
        )
        job = env["fsm.job"].create(
            {
                "partner_id": customer.id,
                "service_type_id": service_type.id,
                "user_id": tech.id,
                "description": "<p>Oven door does not close: replace the gasket.</p>",
                "scheduled_start": datetime.combine(fields.Date.today(), time(9, 0)),
                "line_ids": [
                    fields.Command.create({"product_id": gasket.id, "planned_qty": 1})
                ],
            }
        )
        job._move_to_status(self.env.ref("fsm_results.status_dispatched"))
        return tech, customer, job

    def test_technician_day_on_the_job_screen(self):
        """The whole day from My Jobs in at most 25 taps (counted by the tour),
        everything saved as it is done, nothing wider than the phone."""
        ref = self.env.ref
        tech, customer, job = self._day_setup("fsm_phone_day_tech")
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour("/odoo", "fsm_phone_day", login=tech.login, timeout=240)

        job.invalidate_recordset()
        self.assertEqual(job.status_id, ref("fsm_results.status_done"))
        moves = [
            (log.from_status_id.kind, log.to_status_id.kind)
            for log in job.status_log_ids.sorted("id")
        ]
        self.assertEqual(
            moves[2:],
            [
                ("dispatched", "en_route"),
                ("en_route", "in_progress"),
                ("in_progress", "paused"),
                ("paused", "in_progress"),
                ("in_progress", "done"),
            ],
        )
        self.assertEqual(job.status_log_ids.sorted("id")[2:].user_id, tech)
        self.assertEqual(job.pause_ids.reason_id, ref("fsm_results.pause_reason_parts"))
        self.assertEqual(job.pause_ids.resumed_by_id, tech)
        self.assertTrue(all(job.step_ids.mapped("is_done")))
        self.assertEqual(job.step_ids.done_by_id, tech)
        self.assertEqual(
            job.photo_ids.sorted("id").mapped("phase"), ["before", "after"]
        )
        self.assertEqual(job.photo_ids.user_id, tech)
        self.assertEqual((job.line_ids.was_used, job.line_ids.qty_used), (True, 2.0))
        self.assertEqual(job.signed_by, "Maria Baker")
        self.assertTrue(job.signature and job.signed_on)
        invoice = job.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, customer)
        self.assertEqual(
            sorted(
                (line.product_id.default_code, line.quantity)
                for line in invoice.invoice_line_ids
            ),
            [("PART-GASKET", 2.0), ("SVC-OVEN", 1.0)],
        )
        # the composer was only opened: nothing was sent
        self.assertFalse(invoice.is_move_sent)

    def test_nothing_lost_on_reload(self):
        """The page is reloaded after every step, before entries reach the server,
        without network and with an entry the server refuses: nothing is lost,
        nothing is saved twice, the refused entry is not saved."""
        ref = self.env.ref
        tech, _customer, job = self._day_setup("fsm_phone_reload_tech")
        template = self.env["fsm.form.template"].create(
            {
                "name": "Oven check",
                "question_ids": [
                    fields.Command.create(
                        {
                            "name": "Oven temperature (°C)",
                            "question_type": "number",
                            "required": True,
                        }
                    )
                ],
            }
        )
        self.env["fsm.job.form"].create({"job_id": job.id, "template_id": template.id})
        self.browser_size = "360x740"
        self.touch_enabled = True
        # Odoo logs the refusal the tour provokes as a warning; any other server
        # error would leave an entry unsaved and fail the tour's next step.
        with mute_logger("odoo.http"):
            self.start_tour("/odoo", "fsm_phone_reload", login=tech.login, timeout=240)

        job.invalidate_recordset()
        self.assertEqual(job.status_kind, "paused")
        self.assertEqual(job.pause_ids.reason_id, ref("fsm_results.pause_reason_other"))
        self.assertEqual(job.pause_ids.note, "Client asked to come back after lunch")
        seal = job.step_ids.filtered(lambda s: s.name == "Check the oven seal")
        self.assertTrue(seal.is_done)
        self.assertEqual((job.step_ids - seal).mapped("is_done"), [False, False])
        self.assertEqual((job.line_ids.was_used, job.line_ids.qty_used), (True, 2.0))
        self.assertIn("Replaced the door gasket.", job.client_note_draft)
        self.assertFalse(job.client_note_published, "the refused entry was not saved")
        self.assertEqual(len(job.photo_ids), 1)
        self.assertEqual(job.photo_ids.phase, "during")
        self.assertEqual(job.signed_by, "Maria Baker")
        self.assertTrue(job.signature)
        answer = job.form_ids.answer_ids
        self.assertEqual((answer.value_number, answer.is_answered), (0.0, True))
