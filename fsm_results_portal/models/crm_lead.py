import base64

from markupsafe import Markup

from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    fsm_location_id = fields.Many2one(
        "res.partner",
        string="Service Location",
        help="Where the client asked for the service (portal service request).",
    )
    fsm_service_type_id = fields.Many2one("fsm.service.type", string="Service Type")
    fsm_client_request = fields.Text(string="Client's Request", readonly=True)

    def _fsm_from_service_request(
        self, partner, location, service_type, description, date_from, date_to
    ):
        """A lead for a portal service request, for sales to qualify."""
        preferred = ""
        if date_from or date_to:
            preferred = self.env._(
                "Preferred dates: %(start)s to %(end)s",
                start=date_from or "…",
                end=date_to or "…",
            )
        return self.create(
            {
                "name": self.env._(
                    "Service request: %(service)s at %(place)s",
                    service=service_type.name or self.env._("service"),
                    place=location.display_name,
                ),
                "partner_id": partner.id,
                # not the portal user who sent it: the sales team assigns someone
                "user_id": False,
                "fsm_location_id": location.id,
                "fsm_service_type_id": service_type.id,
                "fsm_client_request": description,
                "description": Markup("<p>%s</p><p>%s</p>") % (description, preferred),
                "company_id": (partner.company_id or self.env.company).id,
            }
        )

    def _fsm_attach_request_photos(self, photos):
        self.ensure_one()
        self.env["ir.attachment"].create(
            [
                {
                    "name": file_name,
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for file_name, content in photos
            ]
        )

    def action_create_fsm_job(self):
        """A job made from a portal request keeps its location, service type and the
        client's words."""
        action = super().action_create_fsm_job()
        job = self.env["fsm.job"].browse(action.get("res_id"))
        if job and (self.fsm_location_id or self.fsm_service_type_id):
            values = {}
            if self.fsm_location_id:
                values["location_id"] = self.fsm_location_id.id
            if self.fsm_service_type_id:
                values["service_type_id"] = self.fsm_service_type_id.id
            job.write(values)
            # the client's own words are recorded by code, never typed by the office
            job.sudo().write(
                {
                    "client_request": self.fsm_client_request,
                    "requested_by_id": self.partner_id.id,
                }
            )
            job._fsm_photos_from_attachments(
                self.env["ir.attachment"].search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "=", self.id),
                        ("mimetype", "=like", "image/%"),
                    ]
                )
            )
        return action
