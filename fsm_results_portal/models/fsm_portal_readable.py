from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain


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

    @api.model
    def _fsm_portal_searchable_fields(self):
        """The fields a portal user may search on: what they read, less what the
        portal's chatter reads (a search on a message's text would look into the
        internal notes the chatter never shows them)."""
        return self._fsm_portal_readable_fields()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not (self.env.su or kwargs.get("bypass_access")) and self.env.user.share:
            allowed = self._fsm_portal_searchable_fields()
            for condition in Domain(domain).iter_conditions():
                name = condition.field_expr.split(".", 1)[0]
                if name not in allowed:
                    raise AccessError(
                        self.env._(
                            "You cannot search %(records)s by %(field)s.",
                            records=self._description,
                            field=self._fields[name].string
                            if name in self._fields
                            else name,
                        )
                    )
        return super()._search(domain, *args, **kwargs)

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        # Odoo asks this on every read of a field: internal users leave at once on
        # the user's stored "share" flag (a board of 160 cards asks it 2,600 times;
        # a group lookup each time made it 40% slower).
        if self.env.su or not self.env.user.share:
            return True
        return operation == "read" and field.name in self._fsm_portal_readable_fields()
