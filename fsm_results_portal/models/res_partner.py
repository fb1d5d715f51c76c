from odoo import models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _fsm_service_locations(self):
        """Where this client may ask for a service: their commercial entity (a
        private client: themselves) and its delivery and other addresses; a
        contact person of a company is not a place."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        addresses = self.sudo().search(
            Domain("parent_id", "child_of", commercial.id)
            & Domain("type", "in", ("delivery", "other")),
            order="name, id",
        )
        # the service addresses first, then the company's
        return addresses.sorted(lambda p: p.type != "delivery") | commercial

    def _fsm_location_label(self):
        """How a service location reads in the request form's list."""
        self.ensure_one()
        place = ", ".join(filter(None, [self.street, self.city]))
        name = self.name or self.commercial_partner_id.name
        return f"{name} – {place}" if place else name
