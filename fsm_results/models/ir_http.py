from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Technicians land on My Jobs: it is their home action unless an
        administrator gave them another one (dispatchers keep Odoo's default)."""
        info = super().session_info()
        user = self.env.user
        if (
            not info.get("home_action_id")
            and user._is_internal()
            and user.has_group("fsm_results.group_fsm_technician")
            and not user.has_group("fsm_results.group_fsm_dispatcher")
        ):
            action = self.env.ref(
                "fsm_results.fsm_job_action_my", raise_if_not_found=False
            )
            info["home_action_id"] = action.id if action else False
        return info
