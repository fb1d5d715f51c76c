from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE as DEMO_SIGNATURE
from .common import call_kw


@tagged("post_install", "-at_install")
class TestFsmHttp(HttpCase):
    """What a browser or an integration sends over HTTP meets the same rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Portside Dental", "email": "desk@portside.example.com"}
        )
        cls.tech = new_test_user(
            cls.env, login="fsm_http_tech", groups="fsm_results.group_fsm_technician"
        )
        cls.part = cls.env["product.product"].create(
            {"name": "Hose clamp", "type": "consu", "list_price": 4.0}
        )
        cls.job = cls.env["fsm.job"].create(
            {"partner_id": cls.customer.id, "user_id": cls.tech.id}
        )
        cls.line = cls.env["fsm.job.line"].create(
            {"job_id": cls.job.id, "product_id": cls.part.id, "planned_qty": 2}
        )

    def _call_kw(self, model, method, args):
        return call_kw(self, model, method, args)

    @mute_logger("odoo.http")  # the refusal is logged by Odoo as a warning
    def test_unit_price_change_over_rpc_is_refused(self):
        self.authenticate("fsm_http_tech", "fsm_http_tech")
        reply = self._call_kw(
            "fsm.job.line", "write", [self.line.ids, {"price_unit": 0.5}]
        )
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertIn("Edit unit prices", reply["error"]["data"]["message"])
        self.line.invalidate_recordset()
        self.assertEqual(self.line.price_unit, 4.0)
        # the same technician may mark it used over RPC
        reply = self._call_kw(
            "fsm.job.line", "write", [self.line.ids, {"was_used": True, "qty_used": 3}]
        )
        self.assertNotIn("error", reply)
        self.line.invalidate_recordset()
        self.assertEqual((self.line.was_used, self.line.qty_used), (True, 3.0))

    def test_client_accepts_the_estimate_in_odoo_portal_and_the_job_follows(self):
        action = self.job.action_generate_estimate()
        order = self.env["sale.order"].browse(action["res_id"])
        order.order_line.filtered(lambda sol: sol.product_id == self.part).write(
            {"product_uom_qty": 5}
        )
        gasket = self.env["product.product"].create(
            {"name": "Gasket", "type": "consu", "list_price": 2.0}
        )
        self.env["sale.order.line"].create(
            {"order_id": order.id, "product_id": gasket.id}
        )
        # signature only: a company asking a prepayment has the client pay first
        order.require_payment = False
        token = order._portal_ensure_token()
        page = self.url_open(f"/my/orders/{order.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.name, page.text)
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept?access_token={token}",
            {"name": "Dr. Port", "signature": DEMO_SIGNATURE},
        )
        self.assertNotIn("error", result)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Dr. Port")
        planned = {line.product_id.name: line.planned_qty for line in self.job.line_ids}
        self.assertEqual(planned, {"Hose clamp": 5.0, "Gasket": 1.0})

    def test_estimate_of_another_token_is_refused(self):
        action = self.job.action_generate_estimate()
        order = self.env["sale.order"].browse(action["res_id"])
        order._portal_ensure_token()
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept?access_token=forged",
            {"name": "Mallory", "signature": DEMO_SIGNATURE},
        )
        self.assertEqual(result.get("error"), "Invalid order.")
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(self.job.line_ids), 1)
