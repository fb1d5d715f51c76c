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

Each setting, what it allows, on which records, and where it is enforced:

* Generate estimates: make a quotation from an own job, review it (quantities,
  descriptions) and confirm it while it is a quotation; own jobs' estimates only.
  ``fsm.job.action_generate_estimate``; ``sale.order`` ``write``/``action_confirm``.
* Generate invoices: make an invoice from an own job, review the draft (quantities,
  descriptions, notes) and confirm it; own jobs' invoices only.
  ``fsm.job.action_generate_invoice``; ``account.move`` ``write``/``action_post``.
* Edit unit prices: change the unit price or taxes of a job line, and of a draft
  invoice line or quotation line that comes from a job. ``fsm.job.line``
  ``create``/``write``; the invoice and quotation allowlists.
* Email invoices: send an invoice made from a job to anyone outside the company, by
  any path (composer, Send & Print, message_post, template, mass mailing).
  ``mail.mail`` creation, where every path ends.
* Receive payments: register a payment on an invoice made from an own job (the
  payments addon adds Pay Now on top of this one gate). ``account.payment.register``
  ``create`` and ``_create_payments``.
* Publish client notes: publish the reviewed draft notes to the client.
  ``fsm.job.action_publish_client_note``.

How a technician reaches the invoices, quotations and payments of their own jobs
without Odoo's accounting or sales groups: a read-only access right plus a record rule
limited to documents made from their jobs (dispatchers: from any job), and the checked
methods above, which run ``sudo()`` only after checking the setting, the record and the
values. Everything else on those documents is Odoo's and stays refused.

Limited writers follow Odoo's allowlist pattern (``project.task``'s portal fields,
``res.users``' self-writeable fields): each job model lists the fields a technician and
a dispatcher may write (``_fsm_technician_fields`` / ``_fsm_dispatcher_fields``); any
other field, including one added later, is refused with a message saying why. A child
record (line, step, photo, form, answer) never changes its job or form once created.
History, logs and audit fields (status, dates done and signed, who ticked a step, who
took a photo, published notes, status log, pauses, timesheets) are written only by the
code that owns them, which runs as superuser after its own checks.
"""

from odoo import api, models
from odoo.exceptions import AccessError


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
    def _fsm_check_fields(self, field_names, creating=False):
        """Refuse, in the user's words, any field the user's role may not write."""
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
                    record=self._description.lower(),
                )
            )
        labels = field_labels(self, refused)
        if refused <= self._fsm_dispatcher_fields:
            raise AccessError(
                self.env._(
                    "Only dispatchers can change %(fields)s of a %(record)s.",
                    fields=labels,
                    record=self._description.lower(),
                )
            )
        raise AccessError(
            self.env._(
                "%(fields)s of a %(record)s cannot be changed directly: Field Service "
                "records it itself (status button, Pause, Completed, checklist, "
                "signature, Publish to Client).",
                fields=labels,
                record=self._description.lower(),
            )
        )

    @api.model
    def _fsm_check_create(self, vals_list):
        for vals in vals_list:
            self._fsm_check_fields(vals, creating=True)
