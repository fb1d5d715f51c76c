from odoo.exceptions import UserError

from .common import FsmCommon


class TestFsmSpanish(FsmCommon):
    """A technician who works in Spanish gets the job screen in Spanish; a client who
    speaks Spanish gets the client emails in Spanish, whoever moved the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["fsm_results"], ["es_ES"])
        cls.tech.lang = "es_ES"

    def _job_screen(self, user):
        """The job form as the web client asks for it, in the user's language."""
        views = (
            self.Job.with_user(user)
            .with_context(lang=user.lang)
            .get_views([(False, "form")])
        )
        return views["views"]["form"]["arch"], views["models"]["fsm.job"]["fields"]

    def test_job_screen_in_spanish(self):
        arch, fields = self._job_screen(self.tech)
        for spanish in ("Completado", "Pausar", "Reanudar", "Lista de tareas", "Firma"):
            self.assertIn(f'string="{spanish}"', arch)
        self.assertIn('string="Notas para el cliente"', arch)
        self.assertEqual(fields["user_id"]["string"], "Técnico responsable")
        # the same screen for a colleague who works in English
        arch, fields = self._job_screen(self.tech2)
        self.assertIn('string="Completed"', arch)
        self.assertNotIn("Lista de tareas", arch)
        self.assertEqual(fields["user_id"]["string"], "Lead Technician")

    def test_status_button_statuses_and_refusals_in_spanish(self):
        job = self._job(user_id=self.tech.id)
        job._move_to_status(self.status_dispatched)
        mine = job.with_user(self.tech).with_context(lang="es_ES")
        self.assertEqual(mine.next_status_label, "Voy en camino")
        self.assertEqual(mine.status_id.name, "Despachado")
        self._walk(job, self.status_en_route, self.status_in_progress)
        job._pause(self.reason_parts)
        self.assertEqual(mine.pause_ids.reason_id.name, "Esperando piezas")
        with self.assertRefused(UserError, "está en pausa: reanúdelo"):
            mine.action_next_status()
        self.assertEqual(job.status_id, self.status_paused)

    def test_en_route_email_in_the_client_language(self):
        self.customer.lang = "es_ES"
        english_client = self.env["res.partner"].create(
            {
                "name": "Harbor Dental",
                "email": "desk@harbor.example.com",
                "lang": "en_US",
            }
        )
        job_es = self._job(user_id=self.tech.id)
        job_en = self._job(partner_id=english_client.id, user_id=self.tech.id)
        jobs = job_es | job_en
        self._walk(jobs, self.status_dispatched)
        # moved on the way by someone working in English
        jobs.with_context(lang="en_US")._move_to_status(self.status_en_route)

        def client_email(job):
            return job.message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
            )

        email = client_email(job_es)
        self.assertEqual(len(email), 1)
        self.assertIn("su técnico está en camino", email.subject)
        self.assertIn("está en camino a", email.body)
        self.assertIn("Gracias", email.body)
        email = client_email(job_en)
        self.assertIn("your technician is on the way", email.subject)
        self.assertIn("is on the way to", email.body)
