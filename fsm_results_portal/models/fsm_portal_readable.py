from odoo import api, models


class FsmPortalReadableMixin(models.AbstractModel):
    """What a portal user may read of a Field Service record, on any path (pages,
    RPC, exports): an allowlist, so internal fields added later stay internal by
    default. The record rules say which records; this says which fields."""

    _name = "fsm.portal.readable.mixin"
    _description = "Field Service Portal Readable Fields"

    @api.model
    def _fsm_portal_readable_fields(self):
        """The names of the fields a portal user may read (a frozenset)."""
        return frozenset()

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        # Odoo asks this on every read of a field: internal users leave at once on
        # the user's stored "share" flag (a board of 160 cards asks it 2,600 times;
        # a group lookup each time made it 40% slower).
        if self.env.su or not self.env.user.share:
            return True
        return operation == "read" and field.name in self._fsm_portal_readable_fields()
