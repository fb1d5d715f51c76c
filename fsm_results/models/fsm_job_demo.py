from datetime import timedelta

from odoo import fields, models

# A small PNG stroke that stands for a customer's signature in demo data.
DEMO_SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAGQAAAAeCAYAAADaW7vzAAAAS0lEQVR4nO3QMQEAIAzAsIF/z0MGHI"
    "1CPZ5tZgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAOCpAbEwAAGJYwq5AAAA"
    "AElFTkSuQmCC"
)


class FsmJob(models.Model):
    _inherit = "fsm.job"

    def _demo_walk(self, path, hours_ago):
        """Demo data only: walk the job through ``path`` as a technician would, then
        spread its history over the last ``hours_ago`` hours so times look real.

        ``path`` holds status xmlids and the tokens "pause:<reason xmlid>",
        "resume", "steps" (tick every step), "forms" (answer them) and "sign".
        """
        self.ensure_one()
        job = self.sudo()
        for token in path:
            if token.startswith("pause:"):
                job._pause(self.env.ref(token[6:]), note="Demo")
            elif token == "resume":
                job._resume()
            elif token == "steps":
                job.step_ids.write({"is_done": True})
            elif token == "forms":
                job.form_ids.answer_ids.filtered(
                    lambda a: a.question_type == "yes_no"
                ).value_yes_no = "yes"
                job.form_ids.answer_ids.filtered(
                    lambda a: a.question_type == "number"
                ).value_number = 12
            elif token == "sign":
                job.write(
                    {"signature": DEMO_SIGNATURE, "signed_by": job.partner_id.name}
                )
            else:
                job._move_to_status(self.env.ref(token))
        logs = job.status_log_ids.sorted("id")
        start = fields.Datetime.now() - timedelta(hours=hours_ago)
        step = timedelta(hours=hours_ago / max(len(logs), 1))
        for index, log in enumerate(logs):
            log.write(
                {
                    "date": start + step * index,
                    "date_end": log.date_end and start + step * (index + 1),
                }
            )
        paused_logs = logs.filtered(lambda lg: lg.kind == "paused")
        for pause, log in zip(job.pause_ids.sorted("id"), paused_logs, strict=False):
            pause.write({"date_start": log.date, "date_end": log.date_end})
        job.timesheet_ids.unlink()
        logs.filtered(lambda lg: lg.kind == "in_progress")._record_timesheets()
        return True

    def _demo_invoice(self):
        """Demo data only: the done job is invoiced and the invoice confirmed."""
        self.sudo().action_generate_invoice()
        self.sudo().invoice_ids.action_post()
        return True
