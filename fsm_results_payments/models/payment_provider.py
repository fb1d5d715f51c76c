from odoo import api, models


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    @api.model
    def _fsm_setup_demo_provider(self):
        """The demo database's payments: Odoo's demo provider (module payment_demo,
        installed by setup/run with the addons) enabled in test mode for the
        company, offering card and ACH Direct Debit. Does nothing without
        payment_demo."""
        provider = self.env.ref(
            "payment.payment_provider_demo", raise_if_not_found=False
        )
        if not provider or provider.code != "demo":
            return False
        methods = (
            self.env["payment.method"]
            .with_context(active_test=False)
            .search([("code", "in", ("card", "ach_direct_debit", "demo"))])
        )
        provider.write(
            {
                "state": "test",
                "is_published": True,
                "payment_method_ids": [(6, 0, methods.ids)],
            }
        )
        methods.filtered(lambda m: not m.active).write({"active": True})
        return provider
