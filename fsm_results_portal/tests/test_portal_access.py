from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="fsm_portal_client", groups="base.group_portal"
        )

    def test_portal_client_opens_my_account(self):
        self.authenticate("fsm_portal_client", "fsm_portal_client")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/account", response.text)
        self.assertNotIn("/web/login", response.url)

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my")
        self.assertIn("/web/login", response.url)
