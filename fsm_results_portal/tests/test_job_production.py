from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestJobProduction(TransactionCase):
    """Manufacturing orders made for a job: the link, the progress, the actions
    (the production link lives in fsm_results; the client's view in the portal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Ironworks Client"})
        cls.job = cls.env["fsm.job"].create({"partner_id": cls.customer.id})
        cls.part = cls.env["product.product"].create(
            {"name": "Custom gate", "type": "consu"}
        )
        cls.workcenter = cls.env["mrp.workcenter"].create({"name": "Welding"})

    def _production(self, qty=2, **values):
        return self.env["mrp.production"].create(
            {
                "product_id": self.part.id,
                "product_qty": qty,
                "fsm_job_id": self.job.id,
                **values,
            }
        )

    def test_progress_follows_the_quantity_being_produced(self):
        production = self._production(qty=4)
        self.assertEqual(production.fsm_progress, 0, "draft")
        production.action_confirm()
        self.assertEqual(production.fsm_progress, 0)
        production.qty_producing = 1
        self.assertEqual(production.fsm_progress, 25)
        production.qty_producing = 4
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.fsm_progress, 100)

    def test_progress_follows_the_operations_done(self):
        production = self._production()
        workorders = self.env["mrp.workorder"].create(
            [
                {
                    "name": name,
                    "production_id": production.id,
                    "workcenter_id": self.workcenter.id,
                }
                for name in ("Cut", "Weld", "Paint")
            ]
        )
        production.action_confirm()
        workorders[0].button_finish()
        self.assertEqual(workorders[0].state, "done")
        self.assertEqual(production.fsm_progress, 33)

    def test_job_counts_its_orders_and_averages_the_live_ones(self):
        first = self._production(qty=4)
        second = self._production(qty=2)
        cancelled = self._production(qty=1)
        (first | second | cancelled).action_confirm()
        first.qty_producing = 4
        second.qty_producing = 1
        cancelled.action_cancel()
        self.job.invalidate_recordset()
        self.assertEqual(self.job.production_count, 3)
        self.assertEqual(self.job.production_progress, 75, "(100 + 50) / 2")

    def test_a_technician_sees_the_count_without_manufacturing_rights(self):
        tech = new_test_user(
            self.env, login="fsm_prod_tech", groups="fsm_results.group_fsm_technician"
        )
        self.job.user_id = tech
        self._production().action_confirm()
        job = self.job.with_user(tech)
        self.assertEqual(job.production_count, 1)
        self.assertEqual(job.production_progress, 0)

    def test_create_and_view_actions_open_the_orders_of_the_job(self):
        action = self.job.action_create_production()
        self.assertEqual(action["res_model"], "mrp.production")
        self.assertEqual(action["context"]["default_fsm_job_id"], self.job.id)
        self.assertEqual(action["context"]["default_origin"], self.job.name)
        production = (
            self.env["mrp.production"]
            .with_context(**action["context"])
            .create({"product_id": self.part.id, "product_qty": 1})
        )
        self.assertEqual(production.fsm_job_id, self.job)
        self.assertEqual(production.origin, self.job.name)
        view = self.job.action_view_productions()
        self.assertEqual(view["res_id"], production.id)
        self.assertEqual(self.env["mrp.production"].search(view["domain"]), production)
