import base64
import binascii
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

# What a portal user may read on a job over any path (pages, RPC, exports):
# an allowlist, so internal fields added later stay internal by default. The
# fields of mail.thread and portal.mixin are added for the portal chatter.
PORTAL_READABLE_FIELDS = {
    "id",
    "display_name",
    "name",
    "active",
    "priority",
    "company_id",
    "currency_id",
    "partner_id",
    "location_id",
    "invoice_partner_id",
    "service_type_id",
    "status_id",
    "status_kind",
    "is_closed",
    "scheduled_start",
    "scheduled_end",
    "date_done",
    "user_id",
    "step_ids",
    "step_progress",
    "photo_ids",
    "client_note_published",
    "client_note_published_on",
    "signature",
    "signed_by",
    "signed_on",
    "client_signoff_partner_id",
    "requested_by_id",
    "client_request",
    "preferred_date_from",
    "preferred_date_to",
    "create_date",
    "write_date",
}
PORTAL_SEARCHABLE_FIELDS = frozenset(PORTAL_READABLE_FIELDS)
# Kinds of status in which a client may sign the work off.
SIGN_OFF_KINDS = ("in_progress", "done")


class FsmJob(models.Model):
    _name = "fsm.job"
    _inherit = ["fsm.job", "portal.mixin", "fsm.portal.readable.mixin"]
    # Clients write to the office from the job page: reading the job is enough.
    _mail_post_access = "read"

    # -- service requests ----------------------------------------------------------
    requested_by_id = fields.Many2one(
        "res.partner",
        readonly=True,
        copy=False,
        help="The client contact who asked for this job in the portal.",
    )
    client_request = fields.Text(
        string="Client's Request",
        readonly=True,
        copy=False,
        help="What the client wrote in the portal's service request.",
    )
    preferred_date_from = fields.Date(
        string="Preferred From", readonly=True, copy=False
    )
    preferred_date_to = fields.Date(string="Preferred Until", readonly=True, copy=False)

    # -- sign-off in the portal --------------------------------------------------------
    client_signoff_partner_id = fields.Many2one(
        "res.partner",
        string="Signed Off in the Portal By",
        readonly=True,
        copy=False,
        help="Set when the client signed the work off in the portal; empty for a "
        "signature captured on site.",
    )

    _check_preferred_dates = models.Constraint(
        "CHECK(preferred_date_to IS NULL OR preferred_date_from IS NULL "
        "OR preferred_date_to >= preferred_date_from)",
        "The preferred dates must end after they start.",
    )

    def _compute_access_url(self):
        for job in self:
            job.access_url = f"/my/jobs/{job.id}"

    def action_preview_portal(self):
        """Customer Preview: the job's page as its client sees it (the address
        carries the job's access token, so it can be sent as a share link)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.get_portal_url(),
            "target": "new",
        }

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Service Report %(job)s", job=self.name)

    # -- what a portal user reads ----------------------------------------------------
    @api.model
    @tools.ormcache()
    def _fsm_portal_readable_fields(self):
        return frozenset(
            PORTAL_READABLE_FIELDS
            | set(self.env["mail.thread"]._fields)
            | set(self.env["portal.mixin"]._fields)
        )

    @api.model
    def _fsm_portal_searchable_fields(self):
        return PORTAL_SEARCHABLE_FIELDS

    @api.model
    def _portal_client_domain(self, partner):
        """The jobs of a client's commercial entity: it is the customer, the Bill To
        or the Ship To (the same rule as the portal record rules)."""
        commercial = partner.commercial_partner_id.id
        return Domain.OR(
            [
                Domain("partner_id.commercial_partner_id", "=", commercial),
                Domain("invoice_partner_id.commercial_partner_id", "=", commercial),
                Domain("location_id.commercial_partner_id", "=", commercial),
            ]
        )

    def write(self, vals):
        result = super().write(vals)
        if "signature" in vals and not vals["signature"]:
            # a cleared signature is no one's sign-off any more (recorded by code)
            self.sudo().filtered("client_signoff_partner_id").write(
                {"client_signoff_partner_id": False}
            )
        return result

    # -- what the client sees ----------------------------------------------------------
    def _portal_shared_photos(self):
        """Photos shared with the client, by phase (before, during, after)."""
        self.ensure_one()
        shared = self.photo_ids.filtered("share_with_client")
        photo_model = self.env["fsm.job.photo"]
        phases = dict(photo_model._fields["phase"]._description_selection(self.env))
        return [
            (phases[phase], photos)
            for phase, photos in (
                (phase, shared.filtered(lambda p, ph=phase: p.phase == ph))
                for phase in ("before", "during", "after")
            )
            if photos
        ]

    def _portal_shared_answers(self):
        """Answered form questions the administrator marked for the client."""
        self.ensure_one()
        return self.form_ids.answer_ids.filtered(
            lambda a: a.question_id.share_with_client and a.is_answered
        )

    def _portal_estimates(self):
        """Quotations sent to the client and confirmed orders (never drafts)."""
        self.ensure_one()
        return self.estimate_ids.filtered(lambda o: o.state in ("sent", "sale"))

    def _portal_invoices(self):
        """Confirmed customer invoices and credit notes of the job (never drafts)."""
        self.ensure_one()
        return self.sudo().invoice_ids.filtered(lambda m: m.state == "posted")

    def _portal_arrival_window(self):
        """(start, end) of the announced arrival window, or False."""
        self.ensure_one()
        hours = self.company_id.fsm_arrival_window
        if not self.scheduled_start or self.is_closed or hours <= 0:
            return False
        return self.scheduled_start, self.scheduled_start + timedelta(hours=hours)

    def _portal_status_label(self):
        self.ensure_one()
        return self.status_id._get_client_label()

    # -- sign-off ---------------------------------------------------------------------
    def _portal_sign_off_refusal(self):
        """Why the client may not sign this job off now, in their words (or False)."""
        self.ensure_one()
        if self.signature:
            return self.env._("This job is already signed off.")
        if self.status_kind not in SIGN_OFF_KINDS:
            return self.env._("This job can be signed off once the work has started.")
        return False

    def _portal_sign_off(self, name, signature, partner):
        """The client accepts the work with their signature.

        Called by the portal in sudo once it checked the client's access to the job:
        stores the signature with who and when, posts it in the chatter and moves the
        job as the company configured. Returns the sentence to show the client.
        """
        self.ensure_one()
        refusal = self._portal_sign_off_refusal()
        if refusal:
            raise UserError(refusal)
        name = (name or "").strip()
        if not name:
            raise UserError(self.env._("Type your name to sign."))
        try:
            image = base64.b64decode(signature or "", validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The signature could not be read.")) from error
        if not image:
            raise UserError(self.env._("Draw your signature to sign."))
        self.write(
            {
                "signature": signature,
                "signed_by": name,
                "client_signoff_partner_id": partner.id,
            }
        )
        moved, reason = self._portal_apply_sign_off()
        self.message_post(
            body=self.env._("Work signed off by %(name)s.", name=name),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[(f"{self.name} signature.png", image)],
        )
        if reason:
            self.message_post(
                body=self.env._(
                    "The client signed off; the job stays '%(status)s': %(reason)s",
                    status=self.status_id.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        if moved:
            return self.env._(
                "Thank you: the work is accepted and the job is %(status)s.",
                status=self._portal_status_label(),
            )
        return self.env._("Thank you: your sign-off is recorded.")

    def _portal_apply_sign_off(self):
        """Move the signed job to Done when the company wants it and nothing else
        required is missing. Returns (moved, why not) for the office."""
        if self.company_id.fsm_portal_signoff != "done" or self.status_kind == "done":
            return False, False
        done = self.env["fsm.workflow.status"]._get_first_of_kind("done")
        if not done or done not in self.status_id.next_status_ids:
            return False, self.env._("its status does not lead to Done")
        try:
            with self.env.cr.savepoint():
                self._move_to_status(done)
        except (UserError, ValidationError) as error:
            return False, error.args[0]
        return True, False

    # -- service requests ----------------------------------------------------------
    @api.model
    def _portal_create_service_request(self, partner, values, photos):
        """A client's service request: a new unscheduled job, or a CRM lead when the
        company routes requests to sales. Called in sudo by the portal.

        ``values``: location (res.partner), service_type (fsm.service.type),
        description, date_from, date_to. ``photos``: [(file name, bytes)].
        Returns the job or the lead; the office is notified.
        """
        location = values["location"]
        if location not in partner._fsm_service_locations():
            raise UserError(
                self.env._("Choose one of your addresses as the service location.")
            )
        service_type = values.get("service_type")
        description = (values.get("description") or "").strip()
        if not description:
            raise UserError(self.env._("Describe what you need."))
        date_from, date_to = values.get("date_from"), values.get("date_to")
        if date_from and date_to and date_to < date_from:
            raise UserError(
                self.env._("The preferred dates must end after they start.")
            )
        company = partner.company_id or self.env.company
        if company.fsm_service_request_target == "lead":
            record = self.env["crm.lead"]._fsm_from_service_request(
                partner, location, service_type, description, date_from, date_to
            )
            record._fsm_attach_request_photos(photos)
        else:
            record = self.create(
                {
                    "partner_id": partner.id,
                    "location_id": location.id,
                    "service_type_id": service_type.id if service_type else False,
                    "status_id": self.env["fsm.workflow.status"]
                    ._get_first_of_kind("new")
                    .id,
                    "requested_by_id": partner.id,
                    "client_request": description,
                    "preferred_date_from": date_from,
                    "preferred_date_to": date_to,
                    "company_id": company.id,
                }
            )
            record._fsm_add_request_photos(
                [
                    (file_name, base64.b64encode(content))
                    for file_name, content in photos
                ]
            )
        _notify_office(record, company, partner)
        return record

    def _fsm_add_request_photos(self, photos):
        """The client's photos of the problem: 'before' photos, shared back with
        them. ``photos``: [(file name, base64 image)] (the name is not kept)."""
        self.ensure_one()
        return self.env["fsm.job.photo"].create(
            [
                {
                    "job_id": self.id,
                    "phase": "before",
                    # the phone's file name (IMG_2031.jpg) says nothing to anyone
                    "caption": self.env._("Sent with the request"),
                    "image": image,
                    "share_with_client": True,
                }
                for file_name, image in photos
            ]
        )

    def _fsm_photos_from_attachments(self, attachments):
        return self._fsm_add_request_photos(
            [(attachment.name, attachment.datas) for attachment in attachments]
        )


def _notify_office(record, company, partner):
    """Tell the company's dispatchers about a new service request (an internal
    note that notifies them, on the job or the lead)."""
    env = record.env
    dispatchers = env.ref("fsm_results.group_fsm_dispatcher").sudo().all_user_ids
    office = dispatchers.filtered(
        lambda u: u.active and not u.share and company in u.company_ids
    )
    record.message_post(
        body=env._("New service request from %(client)s.", client=partner.display_name),
        partner_ids=office.partner_id.ids,
        message_type="comment",
        subtype_xmlid="mail.mt_note",
    )
