import ast

from lxml import etree

from odoo.tests import new_test_user

from .common import FsmCommon


class TestFsmMenus(FsmCommon):
    """The Dispatch and Reporting menus the README describes open for a dispatcher,
    not for a technician, and Unassigned shows the jobs without a technician."""

    def _views(self, xmlid, user):
        action = self.env.ref(xmlid)
        modes = action.view_mode.split(",")
        views = (
            self.env[action.res_model]
            .with_user(user)
            .get_views([(False, mode) for mode in modes] + [(False, "search")])
        )
        return action, views["views"]

    def test_dispatch_and_reporting_menus_open_for_a_dispatcher_only(self):
        for xmlid, modes in (
            ("fsm_job_action_dispatch_technician", {"kanban", "list", "form"}),
            ("fsm_job_action_dispatch_status", {"kanban", "list", "form"}),
            ("fsm_job_action_calendar", {"calendar", "list", "form"}),
            ("fsm_job_action_unassigned", {"list", "form"}),
            ("fsm_job_pause_action_report", {"pivot", "graph", "list"}),
        ):
            _action, views = self._views(f"fsm_results.{xmlid}", self.dispatcher)
            self.assertLessEqual(modes, set(views), xmlid)
        visible = self.env["ir.ui.menu"].with_user(self.tech)._visible_menu_ids()
        for menu in ("fsm_menu_dispatch", "fsm_menu_reporting", "fsm_menu_config"):
            self.assertNotIn(self.env.ref(f"fsm_results.{menu}").id, visible, menu)
        self.assertIn(self.env.ref("fsm_results.fsm_job_menu_my").id, visible)

    def test_configuration_for_the_fsm_administrator_settings_for_odoo_admins(self):
        """The Field Service administrator manages service types, statuses and
        pause reasons; Odoo's Settings and the users' FSM Settings tab are for
        whoever administers Odoo's settings and users, who alone may save them."""
        fsm_admin = new_test_user(
            self.env, "fsm_menu_admin", groups="fsm_results.group_fsm_manager"
        )
        visible = self.env["ir.ui.menu"].with_user(fsm_admin)._visible_menu_ids()
        for menu in (
            "fsm_menu_config",
            "fsm_service_type_menu",
            "fsm_workflow_status_menu",
            "fsm_pause_reason_menu",
        ):
            self.assertIn(self.env.ref(f"fsm_results.{menu}").id, visible, menu)
        settings = self.env.ref("fsm_results.fsm_menu_settings").id
        self.assertNotIn(settings, visible)
        odoo_admin = new_test_user(
            self.env,
            "fsm_menu_odoo_admin",
            groups="base.group_system,fsm_results.group_fsm_manager",
        )
        self.assertIn(
            settings, self.env["ir.ui.menu"].with_user(odoo_admin)._visible_menu_ids()
        )
        user_form = self.env.ref("base.view_users_form").id
        for user, shown in ((odoo_admin, True), (fsm_admin, False)):
            arch = (
                self.env["res.users"]
                .with_user(user)
                .get_views([(user_form, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual('name="fsm_can_invoice"' in arch, shown, user.login)

    def test_unassigned_lists_only_jobs_without_a_technician(self):
        action, views = self._views(
            "fsm_results.fsm_job_action_unassigned", self.dispatcher
        )
        self.assertIn("search_default_filter_unassigned", action.context)
        search = etree.fromstring(views["search"]["arch"])
        (unassigned,) = search.xpath("//filter[@name='filter_unassigned']")
        assigned, free = self._job(user_id=self.tech.id), self._job()
        found = self.Job.with_user(self.dispatcher).search(
            ast.literal_eval(unassigned.get("domain"))
            + [("id", "in", (assigned | free).ids)]
        )
        self.assertEqual(found, free)
