from odoo import models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _fsm_service_locations(self):
        """Where this client may ask for a service: their commercial entity, its
        delivery and other addresses, and themselves."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return self.sudo().search(
            Domain("id", "=", commercial.id)
            | Domain("id", "=", self.id)
            | (
                Domain("parent_id", "child_of", commercial.id)
                & Domain("type", "in", ("delivery", "other"))
            ),
            order="type, name, id",
        )
