from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common import SIGNATURE, FsmCommon


class TestFsmJob(FsmCommon):
    def test_job_gets_a_reference_and_the_service_type_checklist(self):
        job = self._job()
        self.assertRegex(job.name, r"^JOB/\d{4}/\d{5}$")
        self.assertNotEqual(job.name, self._job().name)
        self.assertEqual(
            job.step_ids.mapped("name"),
            ["Unplug the chair", "Replace the pump", "Vacuum"],
        )
        self.assertEqual(job.step_ids.mapped("required"), [True, True, False])
        self.assertEqual(job.status_id, self.status_new)
        self.assertEqual(len(job.status_log_ids), 1)

    def test_form_proposes_location_bill_to_and_end(self):
        invoice_address = self.env["res.partner"].create(
            {"name": "Lakeside AP", "type": "invoice", "parent_id": self.customer.id}
        )
        with Form(self.Job.with_user(self.dispatcher)) as form:
            form.partner_id = self.customer
            form.service_type_id = self.service_type
            form.scheduled_start = self.monday_9
            self.assertEqual(form.location_id, self.location)
            self.assertEqual(str(form.scheduled_end), "2030-01-07 11:00:00")
        job = form.record
        self.assertEqual(job.invoice_partner_id, invoice_address)
        self.assertEqual(job.location_id, self.location)

    def test_technician_cannot_create_jobs(self):
        count = self.Job.search_count([])
        with self.assertRaises(AccessError):
            self.Job.with_user(self.tech).create({"partner_id": self.customer.id})
        self.assertEqual(self.Job.search_count([]), count)


class TestFsmWorkflow(FsmCommon):
    def test_status_button_moves_to_next_allowed_status_and_logs_it(self):
        job = self._job(user_id=self.tech.id)
        self.assertEqual(job.next_status_id, self.status_scheduled)
        self.assertEqual(job.next_status_label, "Schedule")
        job.with_user(self.tech).action_next_status()
        self.assertEqual(job.status_id, self.status_scheduled)
        log = job.status_log_ids.sorted("id")[-1]
        self.assertEqual(
            (log.from_status_id, log.to_status_id, log.user_id),
            (self.status_new, self.status_scheduled, self.tech),
        )
        self.assertTrue(log.date)
        first = job.status_log_ids.sorted("id")[0]
        self.assertEqual(first.date_end, log.date, "the previous entry is closed")

    def test_status_button_walks_the_day_forward(self):
        job = self._job(user_id=self.tech.id)
        job._move_to_status(self.status_dispatched)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        seen = []
        for _tap in range(3):
            seen.append((job.status_id.name, job.next_status_label))
            job.with_user(self.tech).action_next_status()
        self.assertEqual(
            seen,
            [
                ("Dispatched", "On My Way"),
                ("En Route", "Start Work"),
                ("In Progress", "Completed"),
            ],
        )
        self.assertEqual(job.status_id, self.status_done)
        # done: no one-tap way back; reopening is an explicit "Other Status"
        self.assertFalse(job.next_status_id)
        self.assertTrue(job.has_other_statuses)

    def test_illegal_status_move_is_refused_and_nothing_changes(self):
        job = self._job()
        logs = job.status_log_ids
        with self.assertRefused(UserError, "cannot move from 'New' to 'Done'"):
            job._move_to_status(self.status_done)
        with self.assertRefused(UserError, "cannot move from 'New' to 'In Progress'"):
            job.write({"status_id": self.status_in_progress.id})
        self.assertEqual(job.status_id, self.status_new)
        self.assertEqual(job.status_log_ids, logs)

    def test_paused_status_is_only_reached_through_pause(self):
        job = self._job()
        self._to_in_progress(job)
        with self.assertRefused(UserError, "a pause needs a reason"):
            job.write({"status_id": self.status_paused.id})
        self.assertEqual(job.status_id, self.status_in_progress)

    def test_moving_fifty_jobs_at_once(self):
        jobs = self._jobs(50)
        jobs.action_next_status()
        self.assertEqual(set(jobs.mapped("status_id")), {self.status_scheduled})
        self.assertEqual(len(jobs.status_log_ids), 100)

    def test_en_route_emails_the_client(self):
        job = self._job(user_id=self.tech.id)
        self._walk(job, self.status_dispatched)
        messages = job.message_ids
        job._move_to_status(self.status_en_route)
        sent = job.message_ids - messages
        self.assertEqual(len(sent), 1)
        self.assertIn("on the way", sent.subject)
        self.assertIn(self.customer, sent.partner_ids)


class TestFsmPause(FsmCommon):
    def test_pause_and_resume(self):
        job = self._job()
        self._to_in_progress(job)
        job._pause(self.reason_parts, "Pump on order")
        self.assertTrue(job.is_paused)
        self.assertEqual(job.status_id, self.status_paused)
        pause = job.pause_ids
        self.assertEqual(
            (pause.reason_id, pause.note, pause.user_id),
            (self.reason_parts, "Pump on order", self.env.user),
        )
        self.assertFalse(pause.date_end)
        job._resume()
        self.assertFalse(job.is_paused)
        self.assertEqual(job.status_id, self.status_in_progress)
        self.assertTrue(pause.date_end)

    def test_double_pause_is_refused(self):
        job = self._job()
        self._to_in_progress(job)
        job._pause(self.reason_parts)
        with self.assertRefused(UserError, "already paused"):
            job._pause(self.reason_approval)
        self.assertEqual(len(job.pause_ids), 1)

    def test_resume_when_not_paused_is_refused(self):
        job = self._job()
        self._to_in_progress(job)
        with self.assertRefused(UserError, "is not paused"):
            job.action_resume()
        self.assertEqual(job.status_id, self.status_in_progress)

    def test_reason_that_needs_a_note_refuses_an_empty_one(self):
        job = self._job()
        self._to_in_progress(job)
        with self.assertRefused(UserError, "needs a note"):
            job._pause(self.reason_other, "  ")
        self.assertFalse(job.pause_ids)
        self.assertEqual(job.status_id, self.status_in_progress)

    def test_pause_is_refused_before_work_starts(self):
        job = self._job()
        with self.assertRefused(UserError, "cannot be paused while 'New'"):
            job._pause(self.reason_parts)
        self.assertFalse(job.pause_ids)

    def test_pause_wizard(self):
        job = self._job(user_id=self.tech.id)
        self._to_in_progress(job)
        action = job.with_user(self.tech).action_pause()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.tech)
            .with_context(**action["context"])
        )
        wizard_form.reason_id = self.reason_approval
        wizard_form.save().action_confirm()
        self.assertTrue(job.is_paused)
        self.assertEqual(job.pause_ids.user_id, self.tech)


class TestFsmTimes(FsmCommon):
    def test_worked_paused_and_billable_time_come_from_the_intervals(self):
        job = self._job(user_id=self.tech.id)
        self._to_in_progress(job)
        self._shift_history(job, 3)  # in progress for 3 hours
        job._pause(self.reason_parts)  # not billable
        self._shift_history(job, 1)  # ... paused 1 hour for parts
        job._resume()
        job._pause(self.reason_approval)  # billable
        self._shift_history(job, 0.5)  # ... paused 30 minutes waiting for approval
        job._resume()
        job.invalidate_recordset()
        self.assertAlmostEqual(job.paused_hours, 1.5, places=2)
        self.assertAlmostEqual(job.worked_hours, 3.0, places=2)
        self.assertAlmostEqual(job.billable_hours, 3.5, places=2)
        # never typed: not by the technician, not by the dispatcher
        for user in (self.tech, self.dispatcher):
            with self.assertRefused(AccessError, "cannot be changed directly"):
                job.with_user(user).write({"worked_hours": 8, "paused_hours": 0})
        job.invalidate_recordset()
        self.assertAlmostEqual(job.worked_hours, 3.0, places=2)
        self.assertAlmostEqual(job.paused_hours, 1.5, places=2)

    def test_worked_interval_becomes_a_timesheet_of_the_technician(self):
        job = self._job(user_id=self.tech.id)
        self._to_in_progress(job)
        self._shift_history(job, 2)
        job._pause(self.reason_parts)
        timesheet = job.timesheet_ids
        self.assertEqual(len(timesheet), 1)
        self.assertEqual(timesheet.employee_id.user_id, self.tech)
        self.assertAlmostEqual(timesheet.unit_amount, 2.0, places=2)
        self.assertEqual(timesheet.project_id, job.company_id.fsm_project_id)


class TestFsmCompletion(FsmCommon):
    def test_completed_refuses_open_required_steps_and_names_them(self):
        job = self._job()
        self._to_in_progress(job)
        job.signature = SIGNATURE
        with self.assertRefused(UserError, "Unplug the chair, Replace the pump"):
            job.action_complete()
        self.assertEqual(job.status_id, self.status_in_progress)
        job.step_ids.filtered("required").write({"is_done": True})
        job.action_complete()
        self.assertEqual(job.status_id, self.status_done)
        self.assertTrue(job.date_done)

    def test_completed_refuses_a_missing_signature(self):
        job = self._job()
        self._to_in_progress(job)
        job.step_ids.write({"is_done": True})
        with self.assertRefused(UserError, "signature is missing"):
            job.action_complete()
        self.assertEqual(job.status_id, self.status_in_progress)

    def test_step_records_who_and_when(self):
        job = self._job(user_id=self.tech.id)
        step = job.step_ids[0].with_user(self.tech)
        step.action_toggle_done()
        self.assertEqual(step.done_by_id, self.tech)
        self.assertTrue(step.done_on)
        step.action_toggle_done()
        self.assertFalse(step.done_by_id)

    def test_completed_from_a_pause_closes_it(self):
        job = self._job()
        self._to_in_progress(job)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        job._pause(self.reason_parts)
        job.action_complete()
        self.assertEqual(job.status_id, self.status_done)
        self.assertTrue(job.pause_ids.date_end)


class TestFsmClientNotes(FsmCommon):
    def test_publish_keeps_the_published_version_apart_from_the_draft(self):
        job = self._job(user_id=self.tech.id)
        job.with_user(self.tech).client_note_draft = "<p>Pump replaced</p>"
        self.assertFalse(job.client_note_published)
        job.with_user(self.dispatcher).action_publish_client_note()
        self.assertEqual(str(job.client_note_published), "<p>Pump replaced</p>")
        self.assertEqual(job.client_note_published_by, self.dispatcher)
        job.with_user(self.tech).client_note_draft = "<p>Pump replaced, draft 2</p>"
        self.assertEqual(str(job.client_note_published), "<p>Pump replaced</p>")
        self.assertTrue(job.client_note_pending)

    def test_technician_without_the_setting_cannot_publish(self):
        job = self._job(user_id=self.tech.id)
        job.with_user(self.tech).client_note_draft = "<p>Pump replaced</p>"
        with self.assertRefused(AccessError, "Publish client notes"):
            job.with_user(self.tech).action_publish_client_note()
        with self.assertRefused(AccessError, "only through Publish to Client"):
            job.with_user(self.tech).write({"client_note_published": "<p>Sneaky</p>"})
        self.assertFalse(job.client_note_published)
        self.tech.fsm_can_publish_notes = True
        job.with_user(self.tech).action_publish_client_note()
        self.assertEqual(job.client_note_published_by, self.tech)


class TestFsmDispatch(FsmCommon):
    def test_overlapping_jobs_for_a_technician_are_refused(self):
        self._job(user_id=self.tech.id, scheduled_start=self.monday_9)
        other = self._job()
        wizard = (
            self.env["fsm.job.dispatch.wizard"]
            .with_user(self.dispatcher)
            .create(
                {
                    "job_ids": other.ids,
                    "user_id": self.tech.id,
                    "scheduled_start": "2030-01-07 10:00:00",
                    "scheduled_end": "2030-01-07 12:00:00",
                }
            )
        )
        with self.assertRefused(ValidationError, "already has JOB/"):
            wizard.action_dispatch()
        self.assertFalse(other.user_id)
        self.assertEqual(other.status_id, self.status_new)

    def test_crew_member_overlap_is_refused_too(self):
        self._job(crew_ids=[self.tech2.id], scheduled_start=self.monday_9)
        with self.assertRaises(ValidationError):
            self._job(user_id=self.tech2.id, scheduled_start="2030-01-07 10:30:00")

    def test_dispatch_assigns_schedules_and_moves_to_dispatched(self):
        job = self._job()
        wizard = (
            self.env["fsm.job.dispatch.wizard"]
            .with_user(self.dispatcher)
            .create(
                {
                    "job_ids": job.ids,
                    "user_id": self.tech.id,
                    "scheduled_start": "2030-01-07 13:00:00",
                    "scheduled_end": "2030-01-07 15:00:00",
                }
            )
        )
        self.assertFalse(wizard.warning)
        wizard.action_dispatch()
        self.assertEqual(job.user_id, self.tech)
        self.assertEqual(job.status_id, self.status_dispatched)

    def test_a_batch_warns_when_a_later_job_falls_outside_working_hours(self):
        """The jobs after the first follow it: the warning looks at each, and reads
        the technician's working time once for the whole batch."""
        jobs = self._jobs(3)  # 2 hours each

        def warning(start, end):
            wizard = self.env["fsm.job.dispatch.wizard"].create(
                {
                    "job_ids": jobs.ids,
                    "user_id": self.tech.id,
                    "scheduled_start": start,
                    "scheduled_end": end,
                }
            )
            wizard.invalidate_recordset(["warning"])
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            text = wizard.warning
            return text, self.env.cr.sql_log_count - before

        # Monday 9:00-10:00, then 10:00-12:00 and 12:00-14:00: a working day
        inside, _queries = warning("2030-01-07 09:00:00", "2030-01-07 10:00:00")
        self.assertFalse(inside)
        # 14:00-15:00, 15:00-17:00, then 17:00-19:00: the last one after hours
        outside, _queries = warning("2030-01-07 14:00:00", "2030-01-07 15:00:00")
        self.assertIn("outside", outside)
        # 8:00 on: 3 jobs inside the day, each looked at (caches warm now)
        text, queries = warning("2030-01-14 08:00:00", "2030-01-14 09:00:00")
        self.assertFalse(text)
        # 6 jobs: the sixth, 17:00-19:00, after hours; all 6 looked at
        jobs |= self._jobs(3)
        text, more_queries = warning("2030-01-21 08:00:00", "2030-01-21 09:00:00")
        self.assertIn("outside", text)
        self.assertEqual(more_queries, queries, "3 jobs or 6: the same reads")

    def test_dispatch_outside_working_hours_warns(self):
        job = self._job()
        wizard = self.env["fsm.job.dispatch.wizard"].create(
            {
                "job_ids": job.ids,
                "user_id": self.tech.id,
                "scheduled_start": "2030-01-05 09:00:00",  # a Saturday
                "scheduled_end": "2030-01-05 10:00:00",
            }
        )
        self.assertIn("outside", wizard.warning)
        job.write(
            {
                "user_id": self.tech.id,
                "scheduled_start": "2030-01-07 20:00:00",
                "scheduled_end": "2030-01-07 21:00:00",
            }
        )
        self.assertIn("working hours", job.schedule_warning)
        # across the lunch break of a working day: inside the working day
        job.write(
            {
                "scheduled_start": "2030-01-07 11:00:00",
                "scheduled_end": "2030-01-07 14:00:00",
            }
        )
        self.assertFalse(job.schedule_warning)


class TestFsmAccess(FsmCommon):
    def test_technician_reads_and_writes_only_own_jobs(self):
        mine = self._job(user_id=self.tech.id)
        crew = self._job(crew_ids=[self.tech.id])
        other = self._job(user_id=self.tech2.id)
        visible = self.Job.with_user(self.tech).search([])
        self.assertEqual(visible & (mine | crew | other), mine | crew)
        mine.with_user(self.tech).client_note_draft = "<p>ok</p>"
        with self.assertRaises(AccessError):
            other.with_user(self.tech).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.tech).write({"client_note_draft": "<p>x</p>"})
        with self.assertRaises(AccessError):
            other.with_user(self.tech).action_next_status()
        self.assertFalse(other.client_note_draft)
        self.assertEqual(other.status_id, self.status_new)

    def test_technician_cannot_reassign_or_reschedule(self):
        job = self._job(user_id=self.tech.id)
        with self.assertRefused(AccessError, "Only dispatchers"):
            job.with_user(self.tech).write({"user_id": self.tech2.id})
        with self.assertRefused(AccessError, "Only dispatchers"):
            job.with_user(self.tech).write({"scheduled_start": self.monday_9})
        self.assertEqual(job.user_id, self.tech)
        self.assertFalse(job.scheduled_start)
        job.with_user(self.dispatcher).write({"user_id": self.tech2.id})
        self.assertEqual(job.user_id, self.tech2)

    def test_technician_cannot_change_configuration(self):
        with self.assertRaises(AccessError):
            self.status_new.with_user(self.tech).write({"name": "Fresh"})
        with self.assertRaises(AccessError):
            self.reason_parts.with_user(self.dispatcher).write({"billable": True})
        self.assertEqual(self.status_new.name, "New")
        self.assertFalse(self.reason_parts.billable)
        # the Field Service administrator manages both catalogues
        admin = new_test_user(
            self.env, "fsm_config_admin", groups="fsm_results.group_fsm_manager"
        )
        self.status_new.with_user(admin).write({"name": "Fresh"})
        self.reason_parts.with_user(admin).write({"billable": True})
        reason = (
            self.env["fsm.pause.reason"]
            .with_user(admin)
            .create({"name": "Waiting for the client", "code": "FSMTEST-CLIENT"})
        )
        self.assertEqual(self.status_new.name, "Fresh")
        self.assertTrue(self.reason_parts.billable)
        self.assertEqual(reason.code, "FSMTEST-CLIENT")

    def test_fsm_settings_switch_is_a_real_group(self):
        self.assertFalse(self.tech.fsm_can_invoice)
        self.tech.fsm_can_invoice = True
        self.assertTrue(self.tech.has_group("fsm_results.group_fsm_invoice"))
        self.tech.fsm_can_invoice = False
        self.assertFalse(self.tech.has_group("fsm_results.group_fsm_invoice"))
