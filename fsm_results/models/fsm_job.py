from datetime import timedelta, timezone

import pytz
from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL

from odoo.addons.base.models.ir_sequence import _update_nogap

from .fsm_job_photo import check_picture

# Handed by the dispatch wizard alone (an RPC context cannot carry a Python object):
# the jobs of one dispatch are written one by one, then checked for overlaps at once.
OVERLAP_CHECKED_AFTER = object()
# Statuses the Workflow Status button never offers: they have their own buttons.
OWN_BUTTON_KINDS = ("paused", "cancelled")
# Written only by "Publish to Client", which checks the FSM setting.
PUBLISHED_NOTE_FIELDS = {
    "client_note_published",
    "client_note_published_by",
    "client_note_published_on",
}
# What only dispatchers change: who goes where, when, for whom.
DISPATCH_FIELDS = {
    "partner_id",
    "location_id",
    "service_type_id",
    "user_id",
    "crew_ids",
    "scheduled_start",
    "scheduled_end",
    "company_id",
}
# What a technician writes on their job (see fsm_access.py); the child records have
# their own lists. status_id is routed to _move_to_status, the checked path.
TECHNICIAN_FIELDS = {
    "client_note_draft",
    "signature",
    "signed_by",
    "status_id",
    "step_ids",
    "line_ids",
    "photo_ids",
    "photo_before_ids",
    "photo_during_ids",
    "photo_after_ids",
    "form_ids",
}
DISPATCHER_FIELDS = (
    TECHNICIAN_FIELDS
    | DISPATCH_FIELDS
    | {
        "priority",
        "tag_ids",
        "color",
        "description",
        "lead_id",
        "active",
    }
)
# A dispatcher may also give these when creating a job (an import keeps its old
# reference; a job made for a sale order line stays tied to it).
CREATE_FIELDS = DISPATCHER_FIELDS | {"name", "sale_line_id"}
# A new job starts at the beginning of the workflow: what comes later is reached by
# moving it, which checks requirements and logs the move.
CREATE_STATUS_KINDS = ("new", "scheduled", "dispatched")


class FsmJob(models.Model):
    _name = "fsm.job"
    _description = "Field Service Job"
    _inherit = ["mail.thread", "mail.activity.mixin", "fsm.guarded.mixin"]
    _order = "priority desc, scheduled_start, id desc"
    _fsm_technician_fields = frozenset(TECHNICIAN_FIELDS)
    _fsm_dispatcher_fields = frozenset(DISPATCHER_FIELDS)

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)",
        "Another job already has this reference: job references are unique.",
    )
    # The board's columns: the jobs of one status in the kanban's order (its
    # default_order, then _order), read 40 at a time from the index alone, without
    # walking the jobs of other statuses or sorting the column; the count of each
    # column from the index alone too (the company is in it).
    _status_start_idx = models.Index(
        "(status_id, scheduled_start, priority DESC, id DESC) INCLUDE (company_id) "
        "WHERE active IS TRUE"
    )
    # The same for the board as it opens, on open jobs: its counts and columns do
    # not walk the years of closed jobs.
    _open_status_idx = models.Index(
        "(status_id, scheduled_start, priority DESC, id DESC) INCLUDE (company_id) "
        "WHERE active IS TRUE AND is_closed IS NOT TRUE"
    )
    # The list: open jobs in _order, 80 at a time, without walking the closed ones.
    _open_order_idx = models.Index(
        "(priority DESC, scheduled_start, id DESC) WHERE is_closed IS NOT TRUE"
    )

    # -- identity and client ---------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True
    )
    location_id = fields.Many2one(
        "res.partner",
        string="Service Location",
        compute="_compute_location_id",
        store=True,
        readonly=False,
        tracking=True,
        help="Where the work is done: the Ship To of estimates and invoices.",
    )
    invoice_partner_id = fields.Many2one(
        "res.partner",
        string="Bill To",
        compute="_compute_invoice_partner_id",
        store=True,
        help="The customer's invoicing address.",
    )
    service_type_id = fields.Many2one("fsm.service.type", tracking=True, index=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], default="0", tracking=True
    )
    tag_ids = fields.Many2many("fsm.job.tag", string="Tags")
    color = fields.Integer()
    description = fields.Html(string="Internal Description")
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index="btree_not_null")
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sales Order Item", index="btree_not_null", copy=False
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sales Order", store=True
    )

    # -- dispatch ----------------------------------------------------------------
    user_id = fields.Many2one(
        "res.users",
        string="Lead Technician",
        tracking=True,
        index=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("fsm_results.group_fsm_technician").id)
        ],
    )
    crew_ids = fields.Many2many(
        "res.users",
        "fsm_job_crew_rel",
        "job_id",
        "user_id",
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("fsm_results.group_fsm_technician").id)
        ],
    )
    # Who is sent on the job: the lead technician and the crew, kept in one table so
    # that "my jobs" (the My Jobs menu and the technicians' record rules) is one
    # indexed lookup instead of an OR across the job and the crew tables.
    assignee_ids = fields.Many2many(
        "res.users",
        "fsm_job_assignee_rel",
        "job_id",
        "user_id",
        string="Assignees",
        compute="_compute_assignee_ids",
        store=True,
    )
    scheduled_start = fields.Datetime(tracking=True, index=True)
    scheduled_end = fields.Datetime(
        compute="_compute_scheduled_end", store=True, readonly=False, tracking=True
    )
    schedule_warning = fields.Char(compute="_compute_schedule_warning")
    is_dispatcher = fields.Boolean(compute="_compute_is_dispatcher")

    # -- workflow ----------------------------------------------------------------
    status_id = fields.Many2one(
        "fsm.workflow.status",
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_status(),
        group_expand="_read_group_status_ids",
    )
    status_kind = fields.Selection(
        related="status_id.kind", store=True, string="Status Kind"
    )
    is_closed = fields.Boolean(related="status_id.is_closed", store=True)
    next_status_id = fields.Many2one(
        "fsm.workflow.status", compute="_compute_next_status"
    )
    next_status_label = fields.Char(compute="_compute_next_status")
    has_other_statuses = fields.Boolean(compute="_compute_next_status")
    status_log_ids = fields.One2many(
        "fsm.job.status.log", "job_id", string="Status History", readonly=True
    )
    date_done = fields.Datetime(readonly=True, copy=False)

    # -- pauses and time -------------------------------------------------------------
    pause_ids = fields.One2many("fsm.job.pause", "job_id", readonly=True)
    # Stored: every card of the board and of My Jobs shows it.
    is_paused = fields.Boolean(compute="_compute_is_paused", store=True)
    worked_hours = fields.Float(compute="_compute_times", string="Worked Time")
    paused_hours = fields.Float(compute="_compute_times", string="Paused Time")
    billable_hours = fields.Float(compute="_compute_times", string="Billable Time")
    timesheet_ids = fields.One2many(
        "account.analytic.line", "fsm_job_id", string="Timesheets", readonly=True
    )

    # -- on site -------------------------------------------------------------------
    step_ids = fields.One2many("fsm.job.step", "job_id", string="Checklist", copy=True)
    form_ids = fields.One2many("fsm.job.form", "job_id", string="Forms")
    step_progress = fields.Char(
        compute="_compute_step_progress", string="Steps", store=True
    )
    photo_ids = fields.One2many("fsm.job.photo", "job_id", string="Photos")
    photo_before_ids = fields.One2many(
        "fsm.job.photo", "job_id", domain=[("phase", "=", "before")]
    )
    photo_during_ids = fields.One2many(
        "fsm.job.photo", "job_id", domain=[("phase", "=", "during")]
    )
    photo_after_ids = fields.One2many(
        "fsm.job.photo", "job_id", domain=[("phase", "=", "after")]
    )
    signature = fields.Image(
        string="Customer Signature", copy=False, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False, readonly=True)

    # -- client notes: a draft, then what was published --------------------------------
    client_note_draft = fields.Html(
        string="Client Notes (draft)",
        copy=False,
        help="Written on site; reaches the client only once published.",
    )
    client_note_published = fields.Html(
        string="Published Client Notes", copy=False, readonly=True
    )
    client_note_published_by = fields.Many2one(
        "res.users", string="Published By", copy=False, readonly=True
    )
    client_note_published_on = fields.Datetime(
        string="Published On", copy=False, readonly=True
    )
    client_note_pending = fields.Boolean(
        compute="_compute_client_note_pending",
        string="Unpublished Changes",
    )

    # ==========================================================================
    # defaults, computes
    # ==========================================================================
    @api.model
    def _default_status(self):
        return self.env["fsm.workflow.status"].search([], limit=1)

    @api.model
    def _read_group_status_ids(self, statuses, domain):
        return statuses.search([("active", "=", True)])

    @api.depends("partner_id")
    def _compute_location_id(self):
        # Once per client: a batch of jobs often serves a few clients.
        for partner, jobs in self.grouped("partner_id").items():
            if not partner:
                continue
            jobs = jobs.filtered(
                lambda j, p=partner: not j.location_id
                or j.location_id.commercial_partner_id != p.commercial_partner_id
            )
            if jobs:
                jobs.location_id = partner.address_get(["delivery"])["delivery"]

    @api.depends("partner_id")
    def _compute_invoice_partner_id(self):
        for partner, jobs in self.grouped("partner_id").items():
            jobs.invoice_partner_id = (
                partner.address_get(["invoice"])["invoice"] if partner else False
            )

    @api.depends("scheduled_start", "service_type_id")
    def _compute_scheduled_end(self):
        for job in self:
            if job.scheduled_start and (
                not job.scheduled_end or job.scheduled_end <= job.scheduled_start
            ):
                hours = job.service_type_id.default_duration or 1.0
                job.scheduled_end = job.scheduled_start + timedelta(hours=hours)

    @api.depends("user_id", "crew_ids")
    def _compute_assignee_ids(self):
        # Grouped by team: the ORM then writes the table once per team, not per job.
        teams = {}
        for job in self:
            teams.setdefault(job.user_id | job.crew_ids, []).append(job.id)
        for team, job_ids in teams.items():
            self.browse(job_ids).assignee_ids = team

    def _fsm_flush_assignees(self):
        """Write the assignees now: the record rules read them in SQL, and Odoo
        flushes the columns of a search, not a relation table that is yet to be
        computed (the new assignees would not see their job until then)."""
        self.flush_recordset(["assignee_ids"])

    @api.depends("status_id.next_status_ids")
    def _compute_next_status(self):
        # Once per status, not per job: a board shows hundreds of jobs in a handful
        # of statuses.
        for status, jobs in self.grouped("status_id").items():
            offered = status.next_status_ids.filtered(
                lambda s: s.kind not in OWN_BUTTON_KINDS
            ).sorted("sequence")
            # Forward first: the next allowed status after this one, by sequence. A
            # done or cancelled job offers no one-tap way back: "Other Status" does.
            forward = offered.filtered(lambda s, st=status: s.sequence > st.sequence)
            first = (forward if status.is_closed else forward or offered)[:1]
            jobs.next_status_id = first
            jobs.next_status_label = first.button_label or first.name
            jobs.has_other_statuses = bool(status.next_status_ids - first)

    @api.depends("pause_ids.date_end")
    def _compute_is_paused(self):
        for job in self:
            job.is_paused = any(not p.date_end for p in job.pause_ids)

    @api.depends("step_ids.is_done")
    def _compute_step_progress(self):
        for job in self:
            done = len(job.step_ids.filtered("is_done"))
            job.step_progress = f"{done} / {len(job.step_ids)}" if job.step_ids else ""

    @api.depends("client_note_draft", "client_note_published")
    def _compute_client_note_pending(self):
        for job in self:
            job.client_note_pending = bool(
                job.client_note_draft
            ) and job.client_note_draft != (job.client_note_published or False)

    @api.depends(
        "status_log_ids.date",
        "status_log_ids.date_end",
        "pause_ids.date_start",
        "pause_ids.date_end",
        "pause_ids.reason_id.billable",
    )
    @api.depends_context("fsm_now")
    def _compute_times(self):
        """Worked, paused and billable time, derived from the status history
        (time spent in an 'in progress' status) and the pause intervals."""
        now = self.env.context.get("fsm_now") or fields.Datetime.now()
        for job in self:
            worked = sum(
                log._duration_until(now)
                for log in job.status_log_ids
                if log.kind == "in_progress"
            )
            paused = billable_paused = 0.0
            for pause in job.pause_ids:
                hours = pause._duration_until(now)
                paused += hours
                if pause.reason_id.billable:
                    billable_paused += hours
            job.worked_hours = worked
            job.paused_hours = paused
            job.billable_hours = worked + billable_paused

    @api.depends_context("uid")
    def _compute_is_dispatcher(self):
        is_dispatcher = self.env.user.has_group("fsm_results.group_fsm_dispatcher")
        for job in self:
            job.is_dispatcher = is_dispatcher

    @api.depends("user_id", "scheduled_start", "scheduled_end", "is_closed")
    def _compute_schedule_warning(self):
        for job in self:
            job.schedule_warning = job._get_working_hours_warning()

    def _get_working_hours_warning(self):
        """A sentence when the job falls outside its technician's working hours."""
        self.ensure_one()
        if self.is_closed or not (
            self.user_id and self.scheduled_start and self.scheduled_end
        ):
            return False
        return self._fsm_working_hours_warning(
            self.user_id, self.company_id, [(self.scheduled_start, self.scheduled_end)]
        )

    @api.model
    def _fsm_working_hours_warning(self, user, company, slots):
        """A sentence when one of the slots [(start, end)] falls outside the
        technician's working hours; the working time of all the slots' days is
        read at once (a batch dispatched together)."""
        slots = [(start, end) for start, end in slots if start and end and end > start]
        employee = user.sudo().employee_id
        calendar = employee.resource_calendar_id or company.resource_calendar_id
        if not (slots and calendar):
            return False
        utc = [
            (start.replace(tzinfo=timezone.utc), end.replace(tzinfo=timezone.utc))
            for start, end in slots
        ]
        resource = employee.resource_id
        tz = _tz(calendar, employee)
        intervals = calendar._work_intervals_batch(
            min(start for start, _end in utc) - timedelta(days=1),
            max(end for _start, end in utc) + timedelta(days=1),
            resources=resource or None,
        )[resource.id if resource else False]
        days = {}
        for begin, stop, _r in intervals:
            days.setdefault(begin.astimezone(tz).date(), []).append((begin, stop))
        for start, end in utc:
            # The technician's working day around the job: from the first to the
            # last working hour of that day (a lunch break inside it is not
            # "outside").
            day = days.get(start.astimezone(tz).date())
            if not (
                day
                and min(b for b, _s in day) <= start
                and end <= max(e for _b, e in day)
            ):
                return self.env._(
                    "This job is outside %(name)s's working hours (%(calendar)s).",
                    name=user.name,
                    calendar=calendar.name,
                )
        return False

    # ==========================================================================
    # create / write: every status change goes through _move_to_status
    # ==========================================================================
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_create_values(vals_list)
        for vals in vals_list:
            check_picture(self.env, vals.get("signature"), self.env._("The signature"))
        if "default_status_id" not in self.env.context:
            # The default status once for the batch, not once per job.
            missing = [vals for vals in vals_list if "status_id" not in vals]
            default_status = missing and self._default_status().id
            for vals in missing:
                vals["status_id"] = default_status
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        names = self._next_references(len(unnamed))
        for vals, name in zip(unnamed, names, strict=True):
            vals["name"] = name
        if self.env.context.get("tracking_disable") or self._fsm_chatter_unbatchable():
            jobs = super().create(vals_list)
        else:
            # The chatter's part of creating a record (followers, the creation
            # note, the assignment notice) is done by mail.thread one job at a
            # time; it is done here once for the whole batch.
            jobs = (
                super(FsmJob, self.with_context(tracking_disable=True))
                .create(vals_list)
                .with_env(self.env)
            )
            jobs._fsm_chatter_on_create(vals_list)
        jobs._fsm_flush_assignees()
        jobs._apply_service_type_steps()
        jobs._apply_service_type_forms()
        self.env["fsm.job.status.log"].sudo().create(
            [
                {"job_id": job.id, "to_status_id": job.status_id.id}
                for job in jobs
                if job.status_id
            ]
        )
        return jobs

    @api.model
    def _next_references(self, count):
        """``count`` job references from the job sequence, drawn at once: a sequence
        number is otherwise a query per job. A gapless sequence reserves the block
        under its row lock, as ``ir.sequence`` does for one number."""
        if not count:
            return []
        self.env["ir.sequence"].browse().check_access("read")
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "fsm.job"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return ["/"] * count
        if sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        if sequence.implementation == "standard":
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    f"ir_sequence_{sequence.id:03d}",
                    count,
                )
            )
            numbers = sorted(number for (number,) in self.env.cr.fetchall())
        else:
            step = sequence.number_increment
            first = _update_nogap(sequence, step * count)
            numbers = [first + step * i for i in range(count)]
        prefix, suffix = sequence._get_prefix_suffix()
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for number in numbers]

    @api.model
    def _fsm_chatter_unbatchable(self):
        """Followers propagated from a parent record (subtypes with a relation
        field) follow mail.thread's own path, one job at a time."""
        relation = self.env["mail.message.subtype"]._get_auto_subscription_subtypes(
            self._name
        )[4]
        return bool(relation)

    def _fsm_chatter_on_create(self, vals_list):
        """What mail.thread does when a record is created, for all the jobs at once:
        the creator and the lead technician follow the job, the creation is logged,
        and each technician is told of their new jobs (one notice per technician
        for the batch, see ``_message_auto_subscribe_notify``)."""
        context = self.env.context
        creator = self.env.user
        subscribe_creator = (
            not context.get("mail_create_nosubscribe")
            and creator.active
            and not creator.share
        )
        default_user = context.get("default_user_id")
        subtype_ids = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        # The technicians read together: one query for all, not one each.
        users = (
            self.env["res.users"]
            .sudo()
            .browse(
                {vals.get("user_id", default_user) for vals in vals_list}
                - {False, None}
            )
        )
        users_by_id = {user.id: user for user in users}
        users.partner_id.mapped("lang")
        followers, assigned = [], {}
        for job, vals in zip(self, vals_list, strict=True):
            partners = {creator.partner_id.id} if subscribe_creator else set()
            user = users_by_id.get(vals.get("user_id", default_user), users.browse())
            if user and user.active:
                partners.add(user.partner_id.id)
                if user != creator:
                    assigned.setdefault(user.partner_id, self.browse())
                    assigned[user.partner_id] |= job
            followers += [
                {
                    "res_model": self._name,
                    "res_id": job.id,
                    "partner_id": partner_id,
                    "subtype_ids": [Command.set(subtype_ids)],
                }
                for partner_id in partners
            ]
        self.env["mail.followers"].sudo().with_context(default_partner_id=False).create(
            followers
        )
        if not context.get("mail_create_nolog"):
            self._message_log_batch(
                bodies={job.id: job._creation_message() for job in self}
            )
        for partner, jobs in assigned.items():
            jobs.with_context(lang=partner.lang)._message_auto_subscribe_notify(
                partner.ids, "mail.message_user_assigned"
            )

    def _message_auto_subscribe_notify(self, partner_ids, template):
        """Assigned to several jobs at once (a batch created or dispatched), a
        technician gets one notice listing them, not one email per job."""
        if len(self) <= 1 or template != "mail.message_user_assigned":
            return super()._message_auto_subscribe_notify(partner_ids, template)
        if self.env.context.get("mail_auto_subscribe_no_notify"):
            return None
        if not self.env.registry.ready:
            return None
        # the times in the technician's time zone, not the dispatcher's
        tz = self.env["res.partner"].sudo().browse(partner_ids)[:1].tz
        jobs = self.with_context(tz=tz) if tz else self
        items = Markup().join(
            Markup('<li><a href="%s">%s</a> %s</li>')
            % (
                job._notify_get_action_link("view"),
                job.name,
                job._fsm_assignment_summary(),
            )
            for job in jobs
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "You have been assigned to %(count)s field service jobs:",
                count=len(self),
            ),
            items,
        )
        self.env["mail.thread"].message_notify(
            subject=self.env._(
                "You have been assigned to %(count)s jobs", count=len(self)
            ),
            body=body,
            partner_ids=partner_ids,
            email_layout_xmlid="mail.mail_notification_layout",
            model_description=self.env["ir.model"]._get(self._name).display_name,
        )
        return None

    def _fsm_assignment_summary(self):
        """The job in a few words for the technician's notice: client and time."""
        self.ensure_one()
        when = _local(self.env, self.scheduled_start) if self.scheduled_start else ""
        return " - ".join(filter(None, [self.partner_id.display_name, when]))

    def write(self, vals):
        if not self.env.su:
            if PUBLISHED_NOTE_FIELDS.intersection(vals):
                raise AccessError(
                    self.env._(
                        "Client notes reach the client only through Publish to Client."
                    )
                )
            self._fsm_check_fields(vals)
            if "company_id" in vals and vals["company_id"] not in (
                self.env.user.company_ids.ids
            ):
                raise AccessError(
                    self.env._("You can only move a job to one of your companies.")
                )
            if {"signature", "signed_by"}.intersection(vals):
                self._fsm_check_open(self.env._("signature"))
        if "status_id" in vals:
            vals = dict(vals)
            status_id = vals.pop("status_id")
            status = self.env["fsm.workflow.status"]
            if isinstance(status_id, int) and not isinstance(status_id, bool):
                status = status.browse(status_id).exists()
            if not status:
                raise ValidationError(
                    self.env._(
                        "A job is always in one of the workflow statuses: choose one."
                    )
                )
            if vals:
                self.write(vals)
            self._move_to_status(status)
            return True
        if "signature" in vals:
            check_picture(self.env, vals["signature"], self.env._("The signature"))
            # When the client signed is the server's to say, never the caller's.
            vals = dict(
                vals, signed_on=fields.Datetime.now() if vals["signature"] else False
            )
        types_before = {job.id: job.service_type_id for job in self}
        result = super().write(vals)
        if {"user_id", "crew_ids"}.intersection(vals):
            self._fsm_flush_assignees()
        if "service_type_id" in vals:
            self.filtered(
                lambda j: j.service_type_id != types_before[j.id] and not j.step_ids
            )._apply_service_type_steps()
            self._apply_service_type_forms()
        return result

    def _apply_service_type_forms(self):
        templates = self.env["fsm.form.template"].search(
            [("service_type_ids", "in", self.service_type_id.ids)]
        )
        self.env["fsm.job.form"].create(
            [
                {"job_id": job.id, "template_id": template.id}
                for job in self
                for template in templates
                if job.service_type_id in template.service_type_ids
                and template not in job.form_ids.template_id
            ]
        )

    @api.model
    def _check_create_values(self, vals_list):
        """Dispatchers create jobs with the fields of their role, at the start of the
        workflow; the rest (status moves, history, notes) happens afterwards."""
        dispatcher = self.env.user.has_group("fsm_results.group_fsm_dispatcher")
        statuses = self.env["fsm.workflow.status"].browse(
            [vals["status_id"] for vals in vals_list if vals.get("status_id")]
        )
        late = statuses.filtered(lambda s: s.kind not in CREATE_STATUS_KINDS)
        if late:
            raise UserError(
                self.env._(
                    "A new job starts as %(kinds)s: create it, then move it to "
                    "'%(status)s' with the status button.",
                    kinds=", ".join(
                        dict(
                            self.env["fsm.workflow.status"]
                            ._fields["kind"]
                            ._description_selection(self.env)
                        )[kind]
                        for kind in CREATE_STATUS_KINDS
                    ),
                    status=late[0].name,
                )
            )
        if not dispatcher:
            # Technicians have no create right on jobs: Odoo refuses them anyway.
            return
        for vals in vals_list:
            refused = set(vals) - CREATE_FIELDS - {"status_id"}
            if refused:
                self._fsm_check_fields(refused)

    def _apply_service_type_steps(self):
        self.env["fsm.job.step"].create(
            [
                {
                    "job_id": job.id,
                    "name": template.name,
                    "sequence": template.sequence,
                    "required": template.required,
                }
                for job in self
                if not job.step_ids
                for template in job.service_type_id.step_template_ids
            ]
        )

    # ==========================================================================
    # workflow status
    # ==========================================================================
    def _move_to_status(self, status, pausing=False, resuming=False):
        """Move the jobs to ``status``: the one place a job's status changes.

        Checks the move is allowed and the status' requirements are met, closes
        the open history entry (and pause, when leaving a pause), logs the move,
        records worked time as timesheets and emails the client when the status
        has a template. Works on any number of jobs with a fixed number of queries.
        """
        status.ensure_one()
        jobs = self.filtered(lambda j: j.status_id != status)
        if not jobs:
            return True
        jobs.check_access("write")
        jobs._fsm_lock_for_move()
        jobs._check_status_move(status, pausing=pausing, resuming=resuming)
        now = fields.Datetime.now()
        closing_logs = jobs.status_log_ids.filtered(lambda log: not log.date_end)
        closing_logs.sudo().write({"date_end": now})
        leaving_pause = jobs.filtered(lambda j: j.status_kind == "paused")
        leaving_pause.pause_ids.filtered(lambda p: not p.date_end).sudo().write(
            {"date_end": now, "resumed_by_id": self.env.uid}
        )
        values = {"status_id": status.id}
        if status.kind == "done":
            values["date_done"] = now
        elif jobs.filtered("date_done"):
            values["date_done"] = False
        previous = {job.id: job.status_id for job in jobs}
        # Straight to the ORM: this is the checked path the write() above leads to.
        # The chatter's "Status: A -> B" is logged below for all the jobs at once;
        # mail.thread would post it job by job when the transaction commits.
        super(FsmJob, jobs.with_context(mail_notrack=True)).write(values)  # pylint: disable=super-method-mismatch
        jobs._fsm_log_status_change(previous, status)
        self.env["fsm.job.status.log"].sudo().create(
            [
                {
                    "job_id": job.id,
                    "from_status_id": log.to_status_id.id,
                    "to_status_id": status.id,
                    "date": now,
                }
                for job in jobs
                for log in [closing_logs.filtered(lambda lg, j=job: lg.job_id == j)[:1]]
            ]
        )
        closing_logs.filtered(
            lambda log: log.kind == "in_progress"
        )._record_timesheets()
        if status.mail_template_id:
            jobs._notify_client(status.mail_template_id)
        return True

    def _fsm_lock_for_move(self):
        """Hold the jobs while they move: two people tapping the same job at the
        same moment get one move and one refusal, never two history entries. The
        lock is not waited for: the second tap is answered at once."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM fsm_job WHERE id IN %s "
                        "FOR NO KEY UPDATE NOWAIT",
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
        except (errors.LockNotAvailable, errors.SerializationFailure):
            # Locked by a move in progress, or changed since this request began.
            raise UserError(
                self.env._(
                    "%(jobs)s is being changed by someone else right now: reload it "
                    "to see its status, then try again.",
                    jobs=", ".join(self.mapped("name")),
                )
            ) from None

    def _fsm_log_status_change(self, previous, status):
        """The status change in each job's chatter, as mail.thread's tracking shows
        it (a note with the old and new status), created in two queries."""
        if self.env.context.get("tracking_disable") or self.env.context.get(
            "mail_notrack"
        ):
            return
        col_info = self.fields_get(
            ["status_id"], attributes=("string", "type", "selection", "currency_field")
        )["status_id"]
        messages = self._message_log_batch(bodies={})
        tracking = self.env["mail.tracking.value"]
        tracking.sudo().create(
            [
                dict(
                    tracking._create_tracking_values(
                        previous[message.res_id], status, "status_id", col_info, job
                    ),
                    mail_message_id=message.id,
                )
                for message in messages
                for job in [self.browse(message.res_id)]
            ]
        )

    def _check_status_move(self, status, pausing=False, resuming=False):
        dispatcher = self.env.su or self.env.user.has_group(
            "fsm_results.group_fsm_dispatcher"
        )
        if not dispatcher and status.kind == "cancelled":
            raise UserError(
                self.env._("Only dispatchers cancel jobs: ask one to cancel it.")
            )
        for job in self:
            if not dispatcher and job.status_kind == "done" and job.invoice_count:
                raise UserError(
                    self.env._(
                        "%(job)s is invoiced: only a dispatcher reopens it.",
                        job=job.name,
                    )
                )
            if (
                job.status_kind == "paused"
                and not resuming
                and status.kind != "cancelled"
            ):
                raise UserError(
                    self.env._(
                        "%(job)s is paused: resume it before changing its status.",
                        job=job.name,
                    )
                )
            if status.kind == "paused" and not pausing:
                raise UserError(
                    self.env._(
                        "Use Pause to pause %(job)s: a pause needs a reason.",
                        job=job.name,
                    )
                )
            allowed = job.status_id.next_status_ids
            if job.status_id and status not in allowed and not resuming:
                raise UserError(
                    self.env._(
                        "%(job)s cannot move from '%(from)s' to '%(to)s'. "
                        "Allowed next statuses: %(allowed)s.",
                        job=job.name,
                        **{"from": job.status_id.name},
                        to=status.name,
                        allowed=", ".join(allowed.mapped("name")) or self.env._("none"),
                    )
                )
        missing_by_job = {job: job._get_missing_for_status(status) for job in self}
        problems = [
            self.env._("%(job)s: %(missing)s", job=job.name, missing="; ".join(missing))
            for job, missing in missing_by_job.items()
            if missing
        ]
        if problems:
            raise UserError(
                self.env._(
                    "Cannot move to '%(status)s' yet:\n%(problems)s",
                    status=status.name,
                    problems="\n".join(problems),
                )
            )

    def _get_missing_for_status(self, status):
        """What keeps this job from entering ``status``, in the user's words."""
        self.ensure_one()
        missing = []
        if status.require_steps_done or status.kind == "done":
            open_steps = self.step_ids.filtered(lambda s: s.required and not s.is_done)
            if open_steps:
                missing.append(
                    self.env._(
                        "required steps not done: %(steps)s",
                        steps=", ".join(open_steps.mapped("name")),
                    )
                )
        if status.kind == "done":
            missing += self._get_completion_blockers()
        if status.require_signature and not self.signature:
            missing.append(self.env._("the customer's signature is missing"))
        return missing

    def _get_completion_blockers(self):
        """What else must be there before a job is completed: required form
        questions answered."""
        self.ensure_one()
        blockers = []
        for form in self.form_ids.filtered("missing_required"):
            blockers.append(
                self.env._(
                    "form '%(form)s' has unanswered questions: %(questions)s",
                    form=form.name,
                    questions=form.missing_required,
                )
            )
        return blockers

    def _notify_client(self, template):
        """Email the clients with ``template``, rendered for all the jobs at once (per
        language) by Odoo's composer in mass mail mode: the emails are created in
        one batch and each stays in its job's chatter (keep log) as the message the
        client received, where the client's reply lands too. Unlike a chatter post,
        the job's followers are not sent a copy of every client email."""
        jobs = self.filtered("partner_id.email")
        if not jobs:
            return
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                fsm_client_notice=True,
                default_composition_mode="mass_mail",
                default_model=self._name,
                default_res_ids=jobs.ids,
                default_template_id=template.id,
            )
            .create({"auto_delete_keep_log": True})
        )
        composer._action_send_mail()

    def action_next_status(self):
        """The Workflow Status button: one tap to the next allowed status."""
        for next_status, jobs in self.grouped("next_status_id").items():
            if not next_status:
                raise UserError(
                    self.env._(
                        "%(jobs)s has no next status to move to.",
                        jobs=", ".join(jobs.mapped("name")),
                    )
                )
            jobs._move_to_status(next_status)
        return True

    def action_choose_status(self):
        self.ensure_one()
        return self._wizard_action(
            "fsm.job.status.wizard", self.env._("Change Status"), default_job_id=self.id
        )

    @api.model
    def _fsm_check_wizard_jobs(self, value):
        """``value`` is a job id, ids or x2many commands from a wizard's values."""
        if not value:
            return
        if isinstance(value, int):
            ids = [value]
        else:
            ids = []
            for item in value:
                if isinstance(item, int):
                    ids.append(item)
                elif item[0] == Command.SET:
                    ids.extend(item[2])
                elif item[0] == Command.LINK:
                    ids.append(item[1])
        self.browse(ids)._fsm_check_own("write")

    def _fsm_check_own(self, mode="read"):
        if self and not self.has_access(mode):
            self._fsm_refuse_not_own()

    def _fsm_check_open(self, what):
        """What was recorded on a done or cancelled job stays as recorded."""
        if self.env.su:
            return
        closed = self.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "%(job)s is closed: what was recorded there (%(what)s) stays as "
                    "it is. A dispatcher can reopen it.",
                    job=closed[0].name,
                    what=what,
                )
            )

    def _wizard_action(self, model, title, **context):
        """A dialog on one of the job wizards (status, pause, dispatch)."""
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_complete(self):
        """Completed: finish the job, refusing while anything required is open."""
        done = self.env["fsm.workflow.status"]._get_first_of_kind("done")
        if not done:
            raise UserError(self.env._("No status of kind 'Done' is configured."))
        for job in self:
            missing = job._get_missing_for_status(done)
            if missing:
                raise UserError(
                    self.env._(
                        "%(job)s cannot be completed yet: %(missing)s.",
                        job=job.name,
                        missing="; ".join(missing),
                    )
                )
        paused = self.filtered("is_paused")
        if paused:
            paused._resume()
        self._move_to_status(done)
        return True

    # ==========================================================================
    # pauses
    # ==========================================================================
    def action_pause(self):
        self.ensure_one()
        return self._wizard_action(
            "fsm.job.pause.wizard",
            self.env._("Pause %(job)s", job=self.name),
            default_job_ids=self.ids,
        )

    def _pause(self, reason, note=False):
        reason.ensure_one()
        if reason.note_required and not (note or "").strip():
            raise UserError(
                self.env._(
                    "The pause reason '%(reason)s' needs a note: say what happens.",
                    reason=reason.name,
                )
            )
        already = self.filtered("is_paused")
        if already:
            raise UserError(
                self.env._(
                    "%(jobs)s is already paused: resume it first.",
                    jobs=", ".join(already.mapped("name")),
                )
            )
        for status, jobs in self.grouped("status_id").items():
            paused_status = status.next_status_ids.filtered(
                lambda s: s.kind == "paused"
            )[:1]
            if not paused_status:
                raise UserError(
                    self.env._(
                        "%(jobs)s cannot be paused while '%(status)s'.",
                        jobs=", ".join(jobs.mapped("name")),
                        status=status.name,
                    )
                )
            jobs.check_access("write")
            now = fields.Datetime.now()
            self.env["fsm.job.pause"].sudo().create(
                [
                    {
                        "job_id": job.id,
                        "reason_id": reason.id,
                        "note": note,
                        "date_start": now,
                        "resume_status_id": status.id,
                        "user_id": self.env.uid,
                    }
                    for job in jobs
                ]
            )
            jobs._move_to_status(paused_status, pausing=True)
        if reason.notify_client:
            template = self.env.ref(
                "fsm_results.mail_template_fsm_job_paused", raise_if_not_found=False
            )
            if template:
                self._notify_client(template)
        return True

    def action_resume(self):
        self._resume()
        return True

    def _resume(self):
        not_paused = self.filtered(lambda j: not j.is_paused)
        if not_paused:
            raise UserError(
                self.env._(
                    "%(jobs)s is not paused: there is nothing to resume.",
                    jobs=", ".join(not_paused.mapped("name")),
                )
            )
        open_pauses = self.pause_ids.filtered(lambda p: not p.date_end)
        for status, pauses in open_pauses.grouped("resume_status_id").items():
            back_to = status or self.env["fsm.workflow.status"]._get_first_of_kind(
                "in_progress"
            )
            pauses.job_id._move_to_status(back_to, resuming=True)

    # ==========================================================================
    # checklist, notes, signature
    # ==========================================================================
    def action_publish_client_note(self):
        """Publish the reviewed draft notes to the client (FSM setting gated)."""
        self.env.user._fsm_check_setting("publish_notes")
        empty = self.filtered(lambda j: not j.client_note_draft)
        if empty:
            raise UserError(
                self.env._(
                    "%(jobs)s has no client notes to publish.",
                    jobs=", ".join(empty.mapped("name")),
                )
            )
        self.check_access("write")
        now = fields.Datetime.now()
        for job in self:
            # Past the published-notes guard of write(): this is the checked path.
            super(FsmJob, job).write(  # pylint: disable=super-method-mismatch
                {
                    "client_note_published": job.client_note_draft,
                    "client_note_published_by": self.env.uid,
                    "client_note_published_on": now,
                }
            )
            job.message_post(
                body=self.env._("Client notes published."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ==========================================================================
    # dispatch
    # ==========================================================================
    @api.constrains(
        "user_id", "crew_ids", "scheduled_start", "scheduled_end", "status_id"
    )
    def _check_technician_overlap(self):
        """A technician is never given two jobs at the same time. One query for any
        number of jobs: each job's assignees against the other open jobs of the same
        people (the assignee table and the start index), in the user's companies.
        The dispatch wizard writes a batch job by job and checks it once after."""
        if self.env.context.get("fsm_overlap_check") is OVERLAP_CHECKED_AFTER:
            return
        jobs = self.filtered(
            lambda j: j.scheduled_start and j.scheduled_end and not j.is_closed
        )
        if not jobs:
            return
        self.flush_model(
            ["assignee_ids", "scheduled_start", "scheduled_end", "is_closed", "active"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT job.id, other.id, mine.user_id
                  FROM fsm_job job
                  JOIN fsm_job_assignee_rel mine ON mine.job_id = job.id
                  JOIN fsm_job_assignee_rel theirs
                       ON theirs.user_id = mine.user_id AND theirs.job_id != job.id
                  JOIN fsm_job other ON other.id = theirs.job_id
                 WHERE job.id IN %s
                   AND other.active
                   AND other.is_closed IS NOT TRUE
                   AND other.company_id IN %s
                   AND other.scheduled_start < job.scheduled_end
                   AND other.scheduled_end > job.scheduled_start
                 ORDER BY job.id, other.scheduled_start
                 LIMIT 1
                """,
                tuple(jobs.ids),
                tuple(self.env.companies.ids + jobs.company_id.ids),
            )
        )
        clash = self.env.cr.fetchone()
        if not clash:
            return
        job, other = self.browse(clash[0]), self.sudo().browse(clash[1])
        raise ValidationError(
            self.env._(
                "%(who)s already has %(other)s (%(client)s) from %(start)s "
                "to %(end)s: pick another time or technician for %(job)s.",
                who=self.env["res.users"].sudo().browse(clash[2]).name,
                other=other.name,
                client=other.partner_id.display_name,
                start=_local(self.env, other.scheduled_start),
                end=_local(self.env, other.scheduled_end),
                job=job.name,
            )
        )

    @api.constrains("scheduled_start", "scheduled_end")
    def _check_schedule_order(self):
        for job in self:
            if job.scheduled_end and not job.scheduled_start:
                raise ValidationError(
                    self.env._("%(job)s has an end but no start.", job=job.name)
                )
            if job.scheduled_end and job.scheduled_end <= job.scheduled_start:
                raise ValidationError(
                    self.env._("%(job)s must end after it starts.", job=job.name)
                )

    @api.constrains("user_id", "crew_ids")
    def _check_technicians(self):
        technician = self.env.ref("fsm_results.group_fsm_technician")
        for job in self:
            others = (job.user_id | job.crew_ids).filtered(
                lambda user: user.share or technician not in user.all_group_ids
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(users)s is not a technician: only technicians are sent on "
                        "jobs.",
                        users=", ".join(others.mapped("name")),
                    )
                )

    @api.constrains("sale_line_id", "partner_id")
    def _check_sale_line_client(self):
        for job in self.filtered("sale_line_id"):
            order_client = job.sale_line_id.order_id.partner_id.commercial_partner_id
            if order_client != job.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(job)s is for %(client)s but sale order %(order)s is for "
                        "%(other)s: a job only follows an order of its own client.",
                        job=job.name,
                        client=job.partner_id.commercial_partner_id.display_name,
                        order=job.sale_line_id.order_id.name,
                        other=order_client.display_name,
                    )
                )

    def action_open_dispatch(self):
        return self._wizard_action(
            "fsm.job.dispatch.wizard", self.env._("Dispatch"), default_job_ids=self.ids
        )

    def _dispatch(self, user, start, end):
        """Assign and schedule, then move to the Dispatched status when allowed."""
        self.write({"user_id": user.id, "scheduled_start": start, "scheduled_end": end})
        return self._dispatch_move()

    def _dispatch_move(self):
        """Move the assigned jobs to the Dispatched status where their status
        allows it."""
        dispatched = self.env["fsm.workflow.status"]._get_first_of_kind("dispatched")
        movable = self.filtered(lambda j: dispatched in j.status_id.next_status_ids)
        if dispatched and movable:
            movable._move_to_status(dispatched)
        return True

    # ==========================================================================
    # follow-ups
    # ==========================================================================
    @api.model
    def _cron_follow_up(self):
        """Plan an activity on jobs left unscheduled, or done but not invoiced."""
        activity_type = self.env.ref("fsm_results.mail_activity_type_fsm_follow_up")
        now = fields.Datetime.now()
        to_plan = []
        for company in self.env["res.company"].search(
            [("fsm_unscheduled_delay", ">=", 0)]
        ):
            unscheduled = self.search(
                [
                    ("company_id", "=", company.id),
                    ("scheduled_start", "=", False),
                    ("is_closed", "=", False),
                    (
                        "create_date",
                        "<",
                        now - timedelta(days=company.fsm_unscheduled_delay),
                    ),
                ]
            )
            uninvoiced = self.search(
                [
                    ("company_id", "=", company.id),
                    ("status_kind", "=", "done"),
                    ("invoice_ids", "=", False),
                    (
                        "date_done",
                        "<",
                        now - timedelta(days=company.fsm_uninvoiced_delay),
                    ),
                ]
            )
            to_plan += [(job, self.env._("Schedule this job")) for job in unscheduled]
            to_plan += [(job, self.env._("Invoice this job")) for job in uninvoiced]
        if not to_plan:
            return
        # Two runs at once (two workers, or a manual run beside the scheduled
        # one) plan each job once: a job another run holds is left to that run;
        # a job another run planned and committed since this one began cannot be
        # locked here (its row was updated, below): that run did the work.
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM fsm_job WHERE id IN %s "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        tuple({job.id for job, _summary in to_plan}),
                    ),
                    log_exceptions=False,
                )
                held = {job_id for (job_id,) in self.env.cr.fetchall()}
        except errors.SerializationFailure:
            return
        to_plan = [(job, summary) for job, summary in to_plan if job.id in held]
        jobs = self.browse([job.id for job, _summary in to_plan])
        planned = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", jobs.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        already = {(a.res_id, a.summary) for a in planned}
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": job.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": (job.create_uid or self.env.user).id,
                    "date_deadline": fields.Date.context_today(self),
                }
                for job, summary in to_plan
                if (job.id, summary) not in already
            ]
        )
        if held:
            # The mark a run that began before this one commits cannot step over.
            self.env.cr.execute(
                SQL(
                    "UPDATE fsm_job SET write_date = write_date WHERE id IN %s",
                    tuple(held),
                )
            )


def _tz(calendar, employee):
    return pytz.timezone(employee.tz or calendar.tz or "UTC")


def _local(env, value):
    return fields.Datetime.context_timestamp(env.user, value).strftime("%Y-%m-%d %H:%M")
