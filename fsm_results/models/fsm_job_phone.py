"""What the technician's phone screen asks the server: the whole job in one read,
and the few checked actions that have no model method of their own.

The screen decides nothing. Everything it shows (which status button, whether
billing is offered, which invoice actions) comes from here; every change it makes
is an ordinary ORM write or create as the technician on the job's own models
(step ``is_done``, line ``was_used``/``qty_used``, photo create, form answer
``value_*``, job ``signature``/``signed_by``/``client_note_draft``), so the
record rules and the per-role allowlists apply to the screen as to any client.

Billing actions are a slot: ``_fsm_phone_billing_actions`` (on the job) and
``_fsm_phone_invoice_actions`` (per invoice) return buttons as dicts
``{key, label, icon, model, res_id, method, args, primary, open_result}``; the
screen calls ``model.method([res_id], *args)`` and opens the action it returns
when ``open_result`` is set. An addon adds its own (the payments addon's Pay Now)
by extending those two methods; nothing in the screen changes.
"""

from urllib.parse import quote_plus

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .res_users import FSM_SETTINGS

# The phase a new photo is filed under, from the kind of the job's status.
PHOTO_PHASE_BY_KIND = {
    "in_progress": "during",
    "paused": "during",
    "done": "after",
    "cancelled": "after",
}
# What the screen reads of the job in one web_read: fixed, whatever the job holds.
SCREEN_SPEC = {
    "name": {},
    "priority": {},
    "status_id": {"fields": {"display_name": {}}},
    "status_kind": {},
    "is_paused": {},
    "is_closed": {},
    "next_status_label": {},
    "has_other_statuses": {},
    "scheduled_start": {},
    "scheduled_end": {},
    "description": {},
    "service_type_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}, "phone": {}, "email": {}}},
    "location_id": {"fields": {"display_name": {}, "phone": {}}},
    "step_progress": {},
    "step_ids": {
        "fields": {
            "name": {},
            "required": {},
            "is_done": {},
            "done_by_id": {"fields": {"display_name": {}}},
            "done_on": {},
        }
    },
    "form_ids": {
        "fields": {
            "name": {},
            "state": {},
            "missing_required": {},
            "answer_ids": {
                "fields": {
                    "name": {},
                    "question_type": {},
                    "required": {},
                    "is_answered": {},
                    "value_text": {},
                    "value_number": {},
                    "has_number": {},
                    "value_yes_no": {},
                    "value_option_id": {"fields": {"display_name": {}}},
                    "value_image": {},
                    "write_date": {},
                    "question_id": {
                        "fields": {"option_ids": {"fields": {"display_name": {}}}}
                    },
                }
            },
        }
    },
    "photo_ids": {
        "fields": {
            "phase": {},
            "caption": {},
            "share_with_client": {},
            "write_date": {},
        }
    },
    "line_ids": {
        "fields": {
            "product_id": {"fields": {"display_name": {}}},
            "name": {},
            "planned_qty": {},
            "was_used": {},
            "qty_used": {},
            "uom_id": {"fields": {"display_name": {}}},
            "price_unit": {},
            "price_subtotal": {},
            "tracking": {},
            "lot_id": {"fields": {"display_name": {}}},
            "qty_invoiced": {},
        }
    },
    "client_note_draft": {},
    "client_note_published": {},
    "client_note_pending": {},
    "signature": {},
    "signed_by": {},
    "signed_on": {},
    "currency_id": {},
    "amount_invoiced": {},
    "amount_paid": {},
    "amount_due": {},
}
INVOICE_FIELDS = [
    "name",
    "state",
    "move_type",
    "payment_state",
    "amount_total",
    "amount_residual",
    "currency_id",
    "invoice_date",
    "is_move_sent",
]
# Lot choices offered per tracked part: enough for a van, not a warehouse.
MAX_LOTS = 20


# The phone screen's part of the job, in its own file while the core files change.
class FsmJob(models.Model):
    _inherit = "fsm.job"  # pylint: disable=consider-merging-classes-inherited

    fsm_address_line = fields.Char(
        string="Address", compute="_compute_fsm_address_line"
    )

    def _compute_fsm_address_line(self):
        for job in self:
            job.fsm_address_line = _one_line(job.location_id or job.partner_id)

    # ==========================================================================
    # rules the screen shows (never decides)
    # ==========================================================================
    def _fsm_photo_phase(self):
        """A new photo is 'before' until work starts, 'during' the work, 'after'
        once the job is done."""
        self.ensure_one()
        return PHOTO_PHASE_BY_KIND.get(self.status_kind, "before")

    def _fsm_billing_offered(self):
        """Billing is offered on a done job, or on a job at work when the company
        allows progress billing; never on a job not started (which
        action_generate_invoice refuses anyway)."""
        self.ensure_one()
        if self.status_kind == "done":
            return True
        return bool(self.company_id.fsm_progress_billing) and self.status_kind in (
            "in_progress",
            "paused",
        )

    def _fsm_phone_status_actions(self):
        """The status buttons of the screen, as the job form offers them."""
        self.ensure_one()
        actions = []
        if self.is_paused:
            actions.append(
                _action(
                    self,
                    "resume",
                    self.env._("Resume"),
                    "action_resume",
                    "fa-play",
                    True,
                )
            )
        elif self.status_kind == "in_progress":
            actions.append(
                _action(
                    self,
                    "complete",
                    self.env._("Completed"),
                    "action_complete",
                    "fa-check",
                    True,
                )
            )
            actions.append(
                _action(
                    self, "pause", self.env._("Pause"), "action_fsm_pause", "fa-pause"
                )
            )
        elif self.next_status_label:
            actions.append(
                _action(
                    self,
                    "next_status",
                    self.next_status_label,
                    "action_next_status",
                    "fa-arrow-right",
                    True,
                )
            )
        if self.is_paused and self.status_kind == "paused":
            actions.append(
                _action(
                    self,
                    "complete",
                    self.env._("Completed"),
                    "action_complete",
                    "fa-check",
                )
            )
        if self.has_other_statuses and not self.is_paused:
            actions.append(
                _action(
                    self,
                    "other_status",
                    self.env._("Other Status"),
                    "action_choose_status",
                    "fa-random",
                    open_result=True,
                )
            )
        return actions

    def _fsm_phone_billing_actions(self, may):
        """Billing buttons of the job (extended by the payments addon)."""
        self.ensure_one()
        actions = []
        # offered while something is left to invoice (the service, a part used)
        if may["invoice"] and self._prepare_invoice_lines():
            actions.append(
                _action(
                    self,
                    "generate_invoice",
                    self.env._("Generate an Invoice"),
                    "action_generate_invoice",
                    "fa-file-text-o",
                    primary=not self.invoice_ids,
                )
            )
        return actions

    def _fsm_phone_invoice_actions(self, invoice, may):
        """Buttons of one invoice of the job: Confirm, View, Email (Pay Now is
        added here by the payments addon). ``invoice`` is read in sudo: the
        technician reaches it through the job."""
        self.ensure_one()
        actions = []
        if invoice.state == "draft" and may["invoice"]:
            actions.append(
                _action(
                    self,
                    "confirm",
                    self.env._("Confirm"),
                    "action_fsm_confirm_invoice",
                    "fa-check",
                    True,
                    args=[invoice.id],
                )
            )
        actions.append(
            _action(
                invoice,
                "view",
                self.env._("View"),
                "action_fsm_view",
                "fa-eye",
                open_result=True,
            )
        )
        if invoice.state == "posted" and may["email_invoice"]:
            actions.append(
                _action(
                    invoice,
                    "email",
                    self.env._("Email"),
                    "action_fsm_email",
                    "fa-envelope",
                    open_result=True,
                )
            )
        return actions

    # ==========================================================================
    # the screen's one read
    # ==========================================================================
    def fsm_phone_read(self):
        """Everything the job screen shows, in one call and a fixed number of
        queries (whatever the number of jobs, steps, lines, photos or forms)."""
        self.ensure_one()
        self.check_access("read")
        job = self.with_context(bin_size=True)
        [data] = job.web_read(SCREEN_SPEC)
        may = {key: self.env.user._fsm_has_setting(key) for key in FSM_SETTINGS}
        location = self.location_id or self.partner_id
        address = _one_line(location)
        data.update(
            {
                "address": address,
                "directions_url": address
                and "https://www.google.com/maps/dir/?api=1&destination="
                + quote_plus(address),
                "photo_phase": self._fsm_photo_phase(),
                "pause": self._fsm_phone_pause(),
                "complete_missing": self._fsm_phone_complete_missing(),
                # what a closed job keeps as recorded (the server refuses changes)
                "frozen": self.is_closed,
                "photos_frozen": self.is_closed
                and not self.env.user.has_group("fsm_results.group_fsm_dispatcher"),
                "status_actions": self._fsm_phone_status_actions(),
                "pause_reasons": self.env["fsm.pause.reason"].search_read(
                    [("active", "=", True)], ["name", "note_required"]
                ),
                "may": may,
                "lots": self._fsm_phone_lots(),
                "billing": self._fsm_phone_billing(may),
            }
        )
        return data

    def _fsm_phone_complete_missing(self):
        """What Completed would refuse now (what action_complete checks), said
        before the technician confirms; nothing on a job not at work."""
        self.ensure_one()
        if self.status_kind not in ("in_progress", "paused"):
            return ""
        done = self.env["fsm.workflow.status"]._get_first_of_kind("done")
        return "; ".join(self._get_missing_for_status(done)) if done else ""

    def _fsm_phone_pause(self):
        """Why and since when the job is paused (nothing when it is not)."""
        self.ensure_one()
        if not self.is_paused:
            return False
        pause = self.pause_ids.filtered(lambda p: not p.date_end)[:1]
        return pause and {
            "reason": pause.reason_id.name,
            "since": format_datetime(self.env, pause.date_start, dt_format="short"),
        }

    def _fsm_phone_billing(self, may):
        self.ensure_one()
        if not self._fsm_billing_offered():
            return {"offered": False, "actions": [], "invoices": []}
        # the job's invoices, for a technician who may not read accounting
        invoices = self.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice"
        )
        values = {invoice["id"]: invoice for invoice in invoices.read(INVOICE_FIELDS)}
        # in a technician's words ("Posted" is the accounting team's)
        states = {
            "draft": self.env._("Draft"),
            "posted": self.env._("Confirmed"),
            "cancel": self.env._("Cancelled"),
        }
        payment_states = dict(
            invoices._fields["payment_state"]._description_selection(self.env)
        )
        return {
            "offered": True,
            "actions": self._fsm_phone_billing_actions(may),
            "invoices": [
                dict(
                    values[invoice.id],
                    state_label=states.get(invoice.state),
                    payment_state_label=payment_states.get(invoice.payment_state),
                    actions=self._fsm_phone_invoice_actions(invoice, may),
                )
                for invoice in invoices.sorted("id", reverse=True)
            ],
        }

    def _fsm_phone_lots(self):
        """Lots/serials the technician may pick for the job's tracked parts: those
        in the van (technicians need not read stock to see their own van)."""
        self.ensure_one()
        tracked = self.line_ids.filtered(lambda line: line.tracking != "none")
        if not tracked:
            return {}
        van = self._get_van_location()
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", tracked.product_id.ids),
                    ("location_id", "child_of", van.ids),
                    ("lot_id", "!=", False),
                    ("quantity", ">", 0),
                ],
                ["product_id", "lot_id"],
                limit=MAX_LOTS * len(tracked.product_id),
            )
        )
        lots = {}
        for product, lot in groups:
            lots.setdefault(product.id, []).append(
                {"id": lot.id, "display_name": lot.name}
            )
        return lots

    # ==========================================================================
    # checked actions the screen calls
    # ==========================================================================
    def action_fsm_pause(self, reason_id, note=False):
        """Pause with a reason in one tap (the pause wizard without the dialog)."""
        reason = self.env["fsm.pause.reason"].browse(reason_id).exists()
        if not reason.active:
            raise UserError(
                self.env._("This pause reason is no longer offered: pick another.")
            )
        return self._pause(reason, note)

    def action_fsm_confirm_invoice(self, invoice_id):
        """Confirm a draft invoice of this job, for a technician allowed to
        generate invoices (the job is theirs; the invoice is the job's)."""
        self.ensure_one()
        self.env.user._fsm_check_setting("invoice")
        self.check_access("write")
        invoice = self.sudo().invoice_ids.filtered(lambda m: m.id == invoice_id)
        if not invoice:
            raise UserError(
                self.env._("This invoice is not one of %(job)s.", job=self.name)
            )
        if invoice.state != "draft":
            raise UserError(
                self.env._(
                    "%(invoice)s is already confirmed.", invoice=invoice.display_name
                )
            )
        # As the technician: confirming checks what their rights allow.
        invoice.sudo(False).action_post()
        return True


def _one_line(partner):
    """The partner's address on one line, without the name (for maps and cards)."""
    if not partner:
        return ""
    parts = [
        partner.street,
        partner.street2,
        " ".join(filter(None, [partner.zip, partner.city])),
        partner.state_id.name,
        partner.country_id.name,
    ]
    return ", ".join(part for part in parts if part)


def _action(record, key, label, method, icon, primary=False, args=None, **options):
    return {
        "key": key,
        "label": label,
        "icon": icon,
        "model": record._name,
        "res_id": record.id,
        "method": method,
        "args": args or [],
        "primary": primary,
        "open_result": options.get("open_result", False),
    }
