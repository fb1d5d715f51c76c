from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFsmUi(HttpCase):
    def test_admin_opens_field_service_app(self):
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        self.env["fsm.job"].create({"partner_id": customer.id})
        self.start_tour("/odoo", "fsm_results_open_app", login="admin")
