from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import FsmPortalCommon, invoice_used_part, png_b64


@tagged("post_install", "-at_install")
class TestPortalTour(FsmPortalCommon):
    def test_client_on_a_phone(self):
        """The client logs in on a phone, opens the job, reads the notes, sees the
        photos and the hours, signs off and opens the invoice."""
        client = self.env["res.partner"].create(
            {"name": "Maple Clinic", "is_company": True, "street": "4 Maple Avenue"}
        )
        user = new_test_user(
            self.env,
            login="fsm_tour_client",
            name="Maria Client",
            groups="base.group_portal",
            tz="UTC",
        )
        user.partner_id.parent_id = client
        service = self.env["fsm.service.type"].create(
            {
                "name": "Boiler check",
                "step_template_ids": [
                    Command.create({"name": "Test the relief valve"})
                ],
            }
        )
        tech = self.tech
        tech.name = "Tour Technician"
        job = self._in_progress(
            self._job(
                client,
                service_type_id=service.id,
                client_note_draft="Replaced the relief valve. Pressure is fine.",
            )
        )
        job.action_publish_client_note()
        job.step_ids.write({"is_done": True})
        self.env["fsm.job.photo"].create(
            [
                {
                    "job_id": job.id,
                    "phase": "before",
                    "caption": "Valve before",
                    "image": png_b64((200, 40, 40)),
                },
                {
                    "job_id": job.id,
                    "phase": "after",
                    "caption": "Valve after",
                    "image": png_b64((40, 200, 40)),
                },
                {
                    "job_id": job.id,
                    "phase": "during",
                    "caption": "Office only",
                    "image": png_b64(),
                    "share_with_client": False,
                },
            ]
        )
        self.env["account.analytic.line"].create(
            {
                "name": "Valve replaced",
                "date": "2030-01-07",
                "unit_amount": 2.0,
                "project_id": self.company._fsm_get_project().id,
                "employee_id": tech.employee_id.id,
                "user_id": tech.id,
                "fsm_job_id": job.id,
            }
        )
        # the part already used is invoiced while the work goes on
        invoice = invoice_used_part(self, job)
        self.assertEqual(invoice.state, "posted")

        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour(
            "/web/login?redirect=/my", "fsm_portal_client_phone", timeout=120
        )

        job.invalidate_recordset()
        self.assertEqual(job.signed_by, "Maria Client")
        self.assertEqual(job.client_signoff_partner_id, user.partner_id)
        self.assertEqual(job.status_id, self.status_done)
