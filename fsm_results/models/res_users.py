from odoo import api, fields, models
from odoo.exceptions import AccessError

# One place for "may this user do X?": key -> (group, what the switch is called).
FSM_SETTINGS = {
    "estimate": ("fsm_results.group_fsm_estimate", "Generate estimates"),
    "invoice": ("fsm_results.group_fsm_invoice", "Generate invoices"),
    "edit_price": ("fsm_results.group_fsm_edit_price", "Edit unit prices"),
    "email_invoice": ("fsm_results.group_fsm_email_invoice", "Email invoices"),
    "payment": ("fsm_results.group_fsm_payment", "Receive payments"),
    "publish_notes": ("fsm_results.group_fsm_publish_notes", "Publish client notes"),
}


class ResUsers(models.Model):
    _inherit = "res.users"

    fsm_can_estimate = fields.Boolean(
        string="Generate Estimates",
        compute="_compute_fsm_settings",
        inverse="_inverse_fsm_settings",
    )
    fsm_can_invoice = fields.Boolean(
        string="Generate Invoices",
        compute="_compute_fsm_settings",
        inverse="_inverse_fsm_settings",
    )
    fsm_can_edit_price = fields.Boolean(
        string="Edit Unit Prices",
        compute="_compute_fsm_settings",
        inverse="_inverse_fsm_settings",
    )
    fsm_can_email_invoice = fields.Boolean(
        string="Email Invoices",
        compute="_compute_fsm_settings",
        inverse="_inverse_fsm_settings",
    )
    fsm_can_payment = fields.Boolean(
        string="Receive Payments",
        compute="_compute_fsm_settings",
        inverse="_inverse_fsm_settings",
    )
    fsm_can_publish_notes = fields.Boolean(
        string="Publish Client Notes",
        compute="_compute_fsm_settings",
        inverse="_inverse_fsm_settings",
    )
    fsm_van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock Location",
        domain=[("usage", "=", "internal")],
        help="Where the products this technician uses on jobs are taken from.",
    )

    @api.depends("group_ids")
    def _compute_fsm_settings(self):
        groups = {key: self.env.ref(xmlid) for key, (xmlid, _l) in FSM_SETTINGS.items()}
        for user in self:
            user_groups = user.all_group_ids
            for key, group in groups.items():
                user[f"fsm_can_{key}"] = group in user_groups

    def _inverse_fsm_settings(self):
        """Writes reach the groups through write()/create() (below): each switch
        changes its own group, whatever the others' cached values."""

    @api.model
    def _fsm_settings_to_groups(self, vals):
        """Turn the FSM Settings switches of ``vals`` into group commands."""
        switches = {
            key: vals[f"fsm_can_{key}"]
            for key in FSM_SETTINGS
            if f"fsm_can_{key}" in vals
        }
        if not switches:
            return vals
        vals = {k: v for k, v in vals.items() if not k.startswith("fsm_can_")}
        commands = list(vals.get("group_ids") or [])
        for key, on in switches.items():
            group = self.env.ref(FSM_SETTINGS[key][0])
            commands.append(
                fields.Command.link(group.id) if on else fields.Command.unlink(group.id)
            )
        return dict(vals, group_ids=commands)

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [self._fsm_settings_to_groups(vals) for vals in vals_list]
        )

    def write(self, vals):
        return super().write(self._fsm_settings_to_groups(vals))

    def _fsm_has_setting(self, key):
        self.ensure_one()
        return self._is_superuser() or self.has_group(FSM_SETTINGS[key][0])

    def _fsm_check_setting(self, key):
        """Raise unless the user's FSM Settings allow ``key``."""
        if not self._fsm_has_setting(key):
            raise AccessError(
                self.env._(
                    "You are not allowed to %(action)s. Ask an administrator to "
                    "switch on '%(setting)s' in your FSM Settings.",
                    action=FSM_SETTINGS[key][1].lower(),
                    setting=FSM_SETTINGS[key][1],
                )
            )
