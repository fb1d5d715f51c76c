"""Who may write what in Field Service: the one place the permission design lives.

Roles (``security/fsm_security.xml``)
    * Technician: reads and works the jobs they are assigned to (lead technician or
      crew), by record rule on the job and on every child record.
    * Dispatcher: creates, schedules and dispatches all jobs.
    * Administrator: configuration (service types, statuses, pause reasons, forms) and
      the FSM Settings of users.

FSM Settings (``res_users.FSM_SETTINGS``): one ``res.groups`` per switch, answered by
``res.users._fsm_has_setting(key)`` / ``_fsm_check_setting(key)``. A setting grants a
capability to someone who does not have Odoo's own right for it; it never lends
Odoo's company-wide groups, and it never takes Odoo's rights away from an
accountant (``account.group_account_invoice``) or a salesperson
(``sales_team.group_sale_salesman``).

A setting on its own grants nothing: the access rights below are the Technician
role's (dispatchers and administrators have it too).

Each setting, what it allows, on which records, and where it is enforced:

* Generate estimates: make a quotation from an own job
  (``fsm.job.action_generate_estimate``). Technicians get no access to sale orders:
  Odoo grants it through groups without record rules (stock, manufacturing,
  accounting), so a technician rule would quietly narrow those users. They see their
  jobs' estimates through ``fsm.job.estimate`` and the client's portal page, where
  the client accepts. An estimate line's price changes only by sales, accounting or
  Edit unit prices (``sale.order.line`` ``create``/``write``).
* Generate invoices: make an invoice from an own job
  (``fsm.job.action_generate_invoice``, refused before the work starts), review the
  draft (``fsm.invoice.review``: descriptions, quantities 0 < q <= 100,000, notes,
  client reference, removing a line) and confirm it. ``account.move`` ``write`` and
  ``action_post`` check it; credit notes, resetting, cancelling, duplicating,
  deleting and the invoice's files stay the accounting team's.
* Edit unit prices: change the unit price, unit of measure or taxes of a job line
  (``fsm.job.line`` ``create``/``write``), the price or discount of a draft invoice
  line made from a job (the invoice's write) and of an estimate's line. Without
  it, a job line's price moves only to the list price of another product or unit;
  a price the office set stays as it is (the product written again, switched away
  and back, or the list price typed in are refused).
* Email invoices: send an invoice made from a job, or one of the files Odoo keeps
  on it, to anyone outside the company, by any path (composer, Send & Print,
  message_post, a template, mass mailing, a job's chatter): ``mail.mail`` creation,
  where every path ends; a message posted for later is checked when it is posted
  and again, for its author, when Odoo's mail robot sends it
  (``mail.message.schedule``: edited recipients or files are judged as they
  leave; a refused one is not sent and the record says so). A copy of the
  PDF a user saved and uploads again is their own file, as one sent from their
  phone would be: the setting governs what Odoo sends, not what a person who saw
  the invoice can tell the client.
* Receive payments: register a payment the client makes, dated today, of no more
  than is due and without write-off, on a customer invoice made from an own job
  (``account.payment.register`` ``create`` and ``_create_payments``; credit notes,
  money paid out, stay the accounting team's; the payments addon adds Pay Now on
  this gate).

What hangs on a job shows on its page, to its client too: a timesheet, a
manufacturing order, an invoice line or a payment is put on a job (or taken off)
only by someone who may change that job (``fsm.job._fsm_check_link``), or by the
checked paths that make them; a credit note's lines keep the job of the lines they
reverse.
* Publish client notes: publish the reviewed draft notes to the client
  (``fsm.job.action_publish_client_note``).

How a technician reaches the invoices and payments of their own jobs without Odoo's
accounting groups: a read-only access right plus a record rule limited to invoices
made from their jobs (dispatchers: from any job) — every Odoo group with access to
invoices has record rules of its own, so this rule only adds — and the checked
methods above, which run ``sudo()`` only after checking the setting, the record and
the values. Everything else on those documents is Odoo's and stays refused, in the
user's words.

Limited writers follow Odoo's allowlist pattern (``project.task``'s portal fields,
``res.users``' self-writeable fields): each job model lists the fields a technician and
a dispatcher may write (``_fsm_technician_fields`` / ``_fsm_dispatcher_fields``); any
other field, including one added later, is refused with a message saying why. A child
record (line, step, photo, form, answer) never changes its job or form once created.
History, logs and audit fields (status, dates done and signed, who ticked a step, who
took a photo, published notes, status log, pauses, timesheets) are written only by the
code that owns them, which runs as superuser after its own checks. What was recorded
on a closed job (signature, checklist, answers, products used) stays as it is until a
dispatcher reopens it; only dispatchers cancel jobs.
"""

import math

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

# Beyond these, a value is a typing slip, not a job (a truck of 100,000 parts is).
MAX_QUANTITY = 100_000
MAX_PRICE = 1_000_000_000


# What PostgreSQL stores in an integer column.
MAX_INTEGER = 2**31 - 1


def check_finite_numbers(model, vals):
    """A quantity, price, amount or answer written on ``model`` is a number: not a
    word, not NaN or infinity (which JSON-RPC and XML-RPC let through), and an
    integer field's value fits its column. Refused in the user's words."""
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is None or field.type not in ("float", "monetary", "integer"):
            continue
        if value is False or value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or (
            field.type == "integer" and abs(number) > MAX_INTEGER
        ):
            raise ValidationError(
                model.env._(
                    "%(field)s must be a number (not %(value)s).",
                    field=field.string,
                    value=value,
                )
            )


def field_labels(model, names):
    """The fields ``names`` of ``model`` as the user reads them on screen."""
    return ", ".join(
        sorted(
            model._fields[name].string if name in model._fields else name
            for name in names
        )
    )


class FsmGuardedMixin(models.AbstractModel):
    """Per-role write allowlists for the job and its child records."""

    _name = "fsm.guarded.mixin"
    _description = "Field Service Write Allowlist"

    # Fields a technician / a dispatcher may write; the parent field (job_id or
    # form_id) is accepted at creation only.
    _fsm_technician_fields = frozenset()
    _fsm_dispatcher_fields = frozenset()
    _fsm_parent_field = None

    def _fsm_allowed_fields(self):
        if self.env.user.has_group("fsm_results.group_fsm_dispatcher"):
            return self._fsm_dispatcher_fields
        return self._fsm_technician_fields

    @api.model
    def _fsm_record_label(self):
        """What this kind of record is called, in the user's language."""
        return self.env["ir.model"].sudo()._get(self._name).name.lower()

    @api.model
    def _fsm_check_fields(self, field_names, creating=False):
        """Refuse, in the user's words, any field the user's role may not write
        (and, given values, any number that is not one)."""
        if isinstance(field_names, dict):
            self._fsm_check_numbers(field_names)
        if self.env.su:
            return
        allowed = self._fsm_allowed_fields()
        parent = self._fsm_parent_field
        if creating and parent:
            allowed = allowed | {parent}
        refused = set(field_names) - allowed
        if not refused:
            return
        if parent in refused:
            raise AccessError(
                self.env._(
                    "A %(record)s stays on the job it was created for: it cannot be "
                    "moved to another one.",
                    record=self._fsm_record_label(),
                )
            )
        unknown = refused - set(self._fields)
        if unknown:
            raise AccessError(
                self.env._(
                    "%(fields)s is not something a %(record)s has.",
                    fields=", ".join(sorted(unknown)),
                    record=self._fsm_record_label(),
                )
            )
        labels = field_labels(self, refused)
        if refused <= self._fsm_dispatcher_fields:
            raise AccessError(
                self.env._(
                    "Only dispatchers can change %(fields)s of a %(record)s.",
                    fields=labels,
                    record=self._fsm_record_label(),
                )
            )
        raise AccessError(
            self.env._(
                "%(fields)s of a %(record)s cannot be changed directly: Field Service "
                "sets it itself.",
                fields=labels,
                record=self._fsm_record_label(),
            )
        )

    @api.model
    def _fsm_check_numbers(self, vals):
        check_finite_numbers(self, vals)

    @api.model
    def _fsm_check_create(self, vals_list):
        for vals in vals_list:
            self._fsm_check_fields(vals, creating=True)

    # Another technician's job, or a child of it, is refused in the user's words
    # (Odoo's generic message names neither what nor what to do), without naming it.
    @api.model
    def _fsm_not_own_error(self):
        return AccessError(
            self.env._(
                "This job is not one of yours: ask a dispatcher to assign it to you."
            )
        )

    @api.model
    def _fsm_refuse_not_own(self):
        raise self._fsm_not_own_error()

    @api.model
    def _fsm_check_link(self, job_ids, what):
        """Someone puts ``what`` (a record of another app) on jobs, or takes it off:
        only if they may change these jobs (what hangs on a job shows on its page,
        to its client too)."""
        jobs = self.env["fsm.job"].browse({job_id for job_id in job_ids if job_id})
        if jobs and not jobs.has_access("write"):
            raise AccessError(
                self.env._(
                    "Only someone who may change the job puts %(what)s on it, or "
                    "takes it off.",
                    what=what,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        try:
            return super().create(vals_list)
        except AccessError:
            parent = self._fsm_parent_field
            if parent:
                parents = self.env[self._fields[parent].comodel_name].browse(
                    [vals[parent] for vals in vals_list if vals.get(parent)]
                )
                if parents and not parents.has_access("write"):
                    self._fsm_refuse_not_own()
            raise

    def write(self, vals):
        try:
            return super().write(vals)
        except AccessError:
            if not self.has_access("write"):
                self._fsm_refuse_not_own()
            raise


class IrRule(models.Model):
    _inherit = "ir.rule"

    # Where Odoo words a record rule's refusal (reading, writing, any path): for a
    # technician on another's job or its records, in the product's words.
    def _make_access_error(self, operation, records):
        error = super()._make_access_error(operation, records)  # and Odoo's log line
        user = self.env.user
        if not user.has_group("fsm_results.group_fsm_technician"):
            return error
        if isinstance(records, self.pool["fsm.guarded.mixin"]) and not user.has_group(
            "fsm_results.group_fsm_dispatcher"
        ):
            return records._fsm_not_own_error()
        if records._name == "account.move" and records._fsm_billing_limited():
            return AccessError(
                self.env._(
                    "This invoice is not one of your jobs' invoices: ask your "
                    "accounting team."
                )
            )
        return error
