"""Role by path: every FSM Setting refused and allowed where its effect happens,
the job's fields and child records guarded on every write path, and Odoo's own
rights kept for the accounting team. Each refusal shows that nothing changed."""

import base64
from datetime import timedelta
from xmlrpc import client as xmlrpclib

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.res_users import FSM_SETTINGS
from .common import SIGNATURE, call_kw, make_technician
from .test_fsm_billing import FsmBillingCommon

ALL_SETTINGS = ",".join(group for group, _label in FSM_SETTINGS.values())


@tagged("post_install", "-at_install")
class FsmPermissionCommon(FsmBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.full_tech = make_technician(cls.env, "fsm_perm_full", groups=ALL_SETTINGS)
        # one technician per setting, with every other setting on
        cls.tech_without = {
            key: make_technician(
                cls.env,
                f"fsm_perm_no_{key}",
                groups=",".join(
                    group for other, (group, _l) in FSM_SETTINGS.items() if other != key
                ),
            )
            for key in FSM_SETTINGS
        }
        cls.pure_dispatcher = new_test_user(
            cls.env,
            login="fsm_perm_dispatcher",
            groups="fsm_results.group_fsm_dispatcher",
        )
        cls.fsm_admin = new_test_user(
            cls.env, login="fsm_perm_admin", groups="fsm_results.group_fsm_manager"
        )
        cls.accountant = new_test_user(
            cls.env, login="fsm_perm_accountant", groups="account.group_account_invoice"
        )
        cls.client_contact = cls.env["res.partner"].create(
            {
                "name": "Dr. Lake",
                "parent_id": cls.customer.id,
                "email": "lake@x.example",
            }
        )
        cls.client_user = new_test_user(
            cls.env,
            login="fsm_perm_client",
            groups="base.group_portal",
            partner_id=cls.client_contact.id,
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Hilltop Clinic", "email": "desk@hilltop.example.com"}
        )

    def _own_done_job(self, user, **values):
        """A done job of ``user`` with one used filter, ready to invoice."""
        job = self._job(user_id=user.id, service_type_id=self.flat_type.id, **values)
        self._line(job, self.filter, planned=1, used=1)
        self._finish(job)
        return job

    def _invoice(self, job, post=True):
        job.action_generate_invoice()
        invoice = job.invoice_ids
        if post:
            invoice.action_post()
        return invoice

    def _assert_unchanged(self, records, values):
        records.invalidate_recordset()
        for name, value in values.items():
            self.assertEqual(records[name], value, f"{name} changed")


class TestFsmSettingsRefuseAndAllow(FsmPermissionCommon):
    """Each FSM Setting: the technician without it is refused, with it allowed."""

    def test_generate_estimates(self):
        job = self._job(user_id=self.tech_without["estimate"].id)
        with self.assertRefused(AccessError, "Generate estimates"):
            job.with_user(self.tech_without["estimate"]).action_generate_estimate()
        self.assertFalse(job.estimate_ids)
        own = self._job(user_id=self.full_tech.id)
        own.with_user(self.full_tech).action_generate_estimate()
        self.assertEqual(len(own.estimate_ids), 1)
        self.assertEqual(own.estimate_ids.state, "draft")

    def test_generate_invoices(self):
        tech = self.tech_without["invoice"]
        job = self._own_done_job(tech)
        with self.assertRefused(AccessError, "Generate invoices"):
            job.with_user(tech).action_generate_invoice()
        self.assertFalse(job.invoice_ids)
        # nor review or confirm a draft the office made from their job
        draft = self._invoice(job, post=False)
        with self.assertRefused(AccessError, "Generate invoices"):
            draft.with_user(tech).write({"narration": "<p>Thanks</p>"})
        with self.assertRefused(AccessError, "Generate invoices"):
            draft.with_user(tech).action_post()
        self._assert_unchanged(draft, {"state": "draft", "narration": False})

        own = self._own_done_job(self.full_tech)
        action = own.with_user(self.full_tech).action_generate_invoice()
        invoice = own.invoice_ids
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("fsm_results.account_move_view_form_fsm").id,
            "a technician reviews the invoice in the job's invoice form",
        )
        invoice.with_user(self.full_tech).write({"narration": "<p>Thanks</p>"})
        invoice.with_user(self.full_tech).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertIn("Thanks", str(invoice.narration))

    def test_edit_unit_prices(self):
        tech = self.tech_without["edit_price"]
        job = self._own_done_job(tech)
        line = job.line_ids
        with self.assertRefused(AccessError, "Edit unit prices"):
            line.with_user(tech).write({"price_unit": 1.0})
        with self.assertRefused(AccessError, "Edit unit prices"):
            line.with_user(tech).write({"tax_ids": [Command.clear()]})
        self._assert_unchanged(line, {"price_unit": 12.0})
        self.assertTrue(line.tax_ids == line._get_default_taxes())
        # the price on the draft invoice made from the job: same setting
        invoice = self._invoice(job, post=False)
        inv_line = invoice.invoice_line_ids.filtered("fsm_job_line_id")
        for values in ({"price_unit": 1.0}, {"discount": 50}, {"tax_ids": []}):
            with self.assertRefused(AccessError, "Edit unit prices"):
                invoice.with_user(tech).write(
                    {"invoice_line_ids": [Command.update(inv_line.id, values)]}
                )
        self._assert_unchanged(inv_line, {"price_unit": 12.0, "discount": 0.0})
        # Open/Edit: the review shows the price read-only and saves quantities
        action = invoice.with_user(tech).action_fsm_open()
        self.assertEqual(action["res_model"], "fsm.invoice.review")
        review = Form(
            self.env["fsm.invoice.review"]
            .with_user(tech)
            .with_context(**action["context"])
        )
        with review.line_ids.edit(1) as row:
            self.assertTrue(row._get_modifier("price_unit", "readonly"))
            row.quantity = 3
        review.save().action_save()
        self._assert_unchanged(inv_line, {"quantity": 3.0, "price_unit": 12.0})
        # quantities and descriptions are theirs to fix before confirming
        invoice.with_user(tech).write(
            {
                "invoice_line_ids": [
                    Command.update(inv_line.id, {"quantity": 2, "name": "Air filters"})
                ]
            }
        )
        self._assert_unchanged(inv_line, {"quantity": 2.0, "name": "Air filters"})

        own = self._own_done_job(self.full_tech)
        own.line_ids.with_user(self.full_tech).write({"price_unit": 10.0})
        own_invoice = self._invoice(own, post=False)
        own_line = own_invoice.invoice_line_ids.filtered("fsm_job_line_id")
        self.assertEqual(own_line.price_unit, 10.0)
        own_invoice.with_user(self.full_tech).write(
            {"invoice_line_ids": [Command.update(own_line.id, {"price_unit": 9.0})]}
        )
        self.assertEqual(own_line.price_unit, 9.0)
        self.assertAlmostEqual(own_invoice.amount_untaxed, 150.0 + 9.0)

    def test_email_invoices(self):
        tech = self.tech_without["email_invoice"]
        invoice = self._invoice(self._own_done_job(tech))
        messages_before = invoice.message_ids
        mails = self.env["mail.mail"].search([("model", "=", "account.move")])
        with self.assertRefused(AccessError, "Email invoices"):
            invoice.with_user(tech).action_fsm_email()
        # Odoo's chatter, to the client
        with self.assertRefused(AccessError, "Email invoices"):
            invoice.with_user(tech).message_post(
                body="Your invoice",
                partner_ids=self.customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # a template sent directly
        template = self.env.ref("fsm_results.mail_template_fsm_invoice")
        with self.assertRefused(AccessError, "Email invoices"):
            template.with_user(tech).send_mail(invoice.id)
        # the composer in mass mailing mode
        composer = (
            self.env["mail.compose.message"]
            .with_user(tech)
            .with_context(
                default_model="account.move",
                default_res_ids=invoice.ids,
                default_composition_mode="mass_mail",
                default_template_id=template.id,
            )
            .create({})
        )
        with self.assertRefused(AccessError, "Email invoices"):
            composer._action_send_mail()
        # Odoo's Send & Print
        with self.assertRaises(AccessError):
            self.env["account.move.send.wizard"].with_user(tech).with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"move_id": invoice.id})
        self.assertEqual(invoice.message_ids, messages_before)
        self.assertEqual(
            self.env["mail.mail"].search([("model", "=", "account.move")]), mails
        )
        # an internal note stays possible: it reaches nobody outside
        invoice.with_user(tech).message_post(
            body="Client paid by check", subtype_xmlid="mail.mt_note"
        )
        self.assertIn("Client paid by check", invoice.message_ids[0].body)

        own = self._invoice(self._own_done_job(self.full_tech))
        own.with_user(self.full_tech).message_post(
            body="Your invoice",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        sent = self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "=", own.id)]
        )
        self.assertIn(self.customer, sent.recipient_ids)

    def test_receive_payments(self):
        tech = self.tech_without["payment"]
        invoice = self._invoice(self._own_done_job(tech))
        register = (
            self.env["account.payment.register"]
            .with_user(tech)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        with self.assertRefused(AccessError, "Receive payments"):
            register.create({"amount": 50.0})
        self._assert_unchanged(invoice, {"payment_state": "not_paid"})
        self.assertFalse(invoice.matched_payment_ids)

        own = self._invoice(self._own_done_job(self.full_tech))
        register = self.env["account.payment.register"].with_user(self.full_tech)
        register = register.with_context(
            active_model="account.move", active_ids=own.ids
        )
        with self.assertRefused(UserError, "more than the"):
            register.create({"amount": own.amount_total + 1}).action_create_payments()
        with self.assertRefused(UserError, "more than zero"):
            register.create({"amount": -5}).action_create_payments()
        self.assertFalse(own.matched_payment_ids)
        action = register.create({"amount": 40.0}).action_create_payments()
        self.assertEqual(action, {"type": "ir.actions.act_window_close"})
        self.assertEqual(own.payment_state, "partial")
        register.create({}).action_create_payments()  # the rest, by default
        self.assertIn(own.payment_state, ("paid", "in_payment"))
        self.assertEqual(len(own.matched_payment_ids), 2)

    def test_receive_payments_only_on_own_jobs_invoices(self):
        """With Receive payments, another technician's job invoice and an invoice
        made outside Field Service are refused; nothing is paid."""
        others = self._invoice(self._own_done_job(self.tech_without["payment"]))
        plain = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.filter.id, "quantity": 1, "price_unit": 30}
                    )
                ],
            }
        )
        plain.action_post()
        for invoice in (others, plain):
            register = (
                self.env["account.payment.register"]
                .with_user(self.full_tech)
                .with_context(active_model="account.move", active_ids=invoice.ids)
            )
            with self.assertRaises(AccessError):
                register.create({"amount": 10.0}).action_create_payments()
            self._assert_unchanged(invoice, {"payment_state": "not_paid"})
            self.assertFalse(invoice.matched_payment_ids)

    def test_publish_client_notes(self):
        tech = self.tech_without["publish_notes"]
        job = self._job(user_id=tech.id)
        job.with_user(tech).client_note_draft = "<p>Pump replaced</p>"
        with self.assertRefused(AccessError, "Publish client notes"):
            job.with_user(tech).action_publish_client_note()
        self._assert_unchanged(job, {"client_note_published": False})
        own = self._job(user_id=self.full_tech.id)
        own.with_user(self.full_tech).client_note_draft = "<p>Pump replaced</p>"
        own.with_user(self.full_tech).action_publish_client_note()
        self.assertEqual(own.client_note_published_by, self.full_tech)


class TestFsmRoleByPathMatrix(FsmPermissionCommon):
    """Every role against every FSM Setting's path, as one table: what each may
    do, and for each refusal that nothing changed. (The tests above and below try
    each path's other doors: Odoo's screens, one2many commands, JSON-RPC, JSON-2.)"""

    PATHS = tuple(FSM_SETTINGS)

    def _roles(self):
        """role name -> (user, whose job it works on, the paths it may take)."""
        everything = set(self.PATHS)
        roles = {
            f"technician without {key}": (tech, tech, everything - {key})
            for key, tech in self.tech_without.items()
        }
        roles.update(
            {
                "technician with every setting": (
                    self.full_tech,
                    self.full_tech,
                    everything,
                ),
                # publishing the notes comes with the role; the rest are settings
                "dispatcher": (self.pure_dispatcher, self.full_tech, {"publish_notes"}),
                "administrator": (self.fsm_admin, self.full_tech, everything),
                # Odoo's billing rights on the invoice, no access to jobs
                "accountant": (
                    self.accountant,
                    self.full_tech,
                    {"email_invoice", "payment"},
                ),
                # the client writes on their own invoice's chatter (Odoo's
                # portal): "Email invoices" is about the company sending it
                "portal client": (self.client_user, self.full_tech, {"email_invoice"}),
            }
        )
        return roles

    # Each path: run(user, job, invoice) does it; effect(job, invoice) is what it
    # leaves in the database.
    def _estimate(self, user, job, invoice):
        job.with_user(user).action_generate_estimate()

    def _invoice_path(self, user, job, invoice):
        job.with_user(user).action_generate_invoice()

    def _edit_price(self, user, job, invoice):
        job.line_ids.with_user(user).write({"price_unit": 1.0})

    def _email_invoice(self, user, job, invoice):
        invoice.with_user(user).message_post(
            body="Your invoice",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _payment(self, user, job, invoice):
        self.env["account.payment.register"].with_user(user).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 10.0}).action_create_payments()

    def _publish_notes(self, user, job, invoice):
        job.with_user(user).action_publish_client_note()

    def _effect(self, key, job, invoice):
        job.invalidate_recordset()
        invoice.invalidate_recordset()
        return {
            "estimate": lambda: len(job.estimate_ids),
            "invoice": lambda: len(job.invoice_ids),
            "edit_price": lambda: job.line_ids.price_unit,
            "email_invoice": lambda: self.env["mail.mail"].search_count(
                [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
            ),
            "payment": lambda: invoice.payment_state,
            "publish_notes": lambda: job.client_note_published or "",
        }[key]()

    def test_every_role_on_every_path(self):
        runs = {
            "estimate": self._estimate,
            "invoice": self._invoice_path,
            "edit_price": self._edit_price,
            "email_invoice": self._email_invoice,
            "payment": self._payment,
            "publish_notes": self._publish_notes,
        }
        expected, found = {}, {}
        for role, (user, owner, allowed) in self._roles().items():
            for key in self.PATHS:
                job = self._own_done_job(owner)
                job.client_note_draft = "<p>Pump replaced</p>"
                # the email and payment paths act on a confirmed invoice of the
                # job; the invoice path makes one (the job has none before it)
                invoice = (
                    self._invoice(job)
                    if key in ("email_invoice", "payment")
                    else self.env["account.move"]
                )
                before = self._effect(key, job, invoice)
                expected[role, key] = "allowed" if key in allowed else "refused"
                try:
                    # Odoo's savepoint: a refused call is rolled back, as a
                    # refused request is
                    with self.env.cr.savepoint():
                        runs[key](user, job, invoice)
                except UserError:  # AccessError, ValidationError too
                    refused = True
                else:
                    refused = False
                changed = self._effect(key, job, invoice) != before
                if refused and not changed:
                    found[role, key] = "refused"
                elif changed and not refused:
                    found[role, key] = "allowed"
                else:
                    found[role, key] = f"refused={refused}, changed={changed}"
        wrong = {
            cell: found[cell] for cell in expected if found[cell] != expected[cell]
        }
        self.assertFalse(wrong, f"role, path: found instead of {expected}")
        self.assertEqual(len(found), len(self._roles()) * len(self.PATHS))


class TestFsmDocumentsOfOwnJobs(FsmPermissionCommon):
    """Technicians reach the invoices and estimates of their own jobs only, without
    Odoo's accounting or sales rights."""

    def test_settings_lend_no_odoo_group(self):
        for group in (
            "account.group_account_invoice",
            "sales_team.group_sale_salesman",
        ):
            self.assertFalse(self.full_tech.has_group(group), group)

    def test_technician_reads_only_invoices_of_own_jobs(self):
        mine = self._invoice(self._own_done_job(self.full_tech))
        others = self._invoice(self._own_done_job(self.tech2))
        unrelated = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.other_customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Consulting", "quantity": 1, "price_unit": 99}
                    )
                ],
            }
        )
        unrelated.action_post()
        Move = self.env["account.move"].with_user(self.full_tech)
        visible = Move.search([("id", "in", (mine | others | unrelated).ids)])
        self.assertEqual(visible, mine)
        for invoice in (others, unrelated):
            with self.assertRaises(AccessError):
                invoice.with_user(self.full_tech).read(["name", "amount_total"])
            ref = invoice.ref
            with self.assertRaises(AccessError):
                invoice.with_user(self.full_tech).write({"ref": "Hacked"})
            self._assert_unchanged(invoice, {"ref": ref})
        # not even their own once confirmed: a credit note is the office's
        with self.assertRefused(UserError, "is confirmed"):
            mine.with_user(self.full_tech).write({"ref": "PO 12"})
        self._assert_unchanged(mine, {"ref": False})
        # a dispatcher sees the invoices of every job, not the rest
        visible = (
            self.env["account.move"]
            .with_user(self.pure_dispatcher)
            .search([("id", "in", (mine | others | unrelated).ids)])
        )
        self.assertEqual(visible, mine | others)

    def test_invoice_of_own_job_only_its_lines_and_notes(self):
        invoice = self._invoice(self._own_done_job(self.full_tech), post=False)
        as_tech = invoice.with_user(self.full_tech)
        refused = [
            {"partner_id": self.other_customer.id},
            {"invoice_date": "2020-01-01"},
            {"journal_id": invoice.journal_id.id},
            {"line_ids": [Command.update(invoice.line_ids[0].id, {"balance": 1})]},
            {"invoice_line_ids": [Command.create({"name": "Extra", "price_unit": 1})]},
        ]
        for values in refused:
            with self.subTest(values=values), self.assertRaises(AccessError):
                as_tech.write(values)
        self._assert_unchanged(
            invoice, {"partner_id": self.billing_address, "invoice_date": False}
        )
        self.assertEqual(len(invoice.invoice_line_ids), 2)
        # Odoo's own buttons around the invoice
        with self.assertRaises(AccessError):
            as_tech.button_cancel()
        with self.assertRaises(AccessError):
            self.env["account.move.line"].with_user(self.full_tech).browse(
                invoice.invoice_line_ids[0].id
            ).write({"price_unit": 1})
        self._assert_unchanged(invoice, {"state": "draft"})
        # removing a line is reviewing it
        used = invoice.invoice_line_ids.filtered("fsm_job_line_id")
        as_tech.write({"invoice_line_ids": [Command.delete(used.id)]})
        self.assertEqual(len(invoice.invoice_line_ids), 1)

    def test_technician_has_no_sales_rights_on_estimates(self):
        job = self._job(user_id=self.full_tech.id, location_id=self.location.id)
        self._line(job, self.filter, planned=2)
        job.with_user(self.full_tech).action_generate_estimate()
        order = job.estimate_ids
        line = order.order_line.filtered(lambda sol: sol.product_id == self.filter)
        # price change on the quotation line, then confirmation: Odoo refuses both
        with self.assertRaises(AccessError):
            line.with_user(self.full_tech).write({"price_unit": 0.5})
        with self.assertRaises(AccessError):
            order.with_user(self.full_tech).action_confirm()
        with self.assertRaises(AccessError):
            order.with_user(self.full_tech).read(["amount_total"])
        self._assert_unchanged(order, {"state": "draft"})
        self._assert_unchanged(line, {"price_unit": 12.0})
        # seen through the job, as the client sees it
        estimate = job.with_user(self.full_tech).estimate_view_ids
        self.assertEqual(estimate.amount_total, order.amount_total)
        self.assertEqual(estimate.action_view()["url"], order.get_portal_url())
        # another technician's job estimate is not theirs to see
        with self.assertRaises(AccessError):
            estimate.with_user(self.tech2).read(["name"])
        # a salesperson keeps Odoo's rights: the price is changed, the job follows
        salesman = new_test_user(
            self.env, login="fsm_perm_salesman", groups="sales_team.group_sale_salesman"
        )
        line.with_user(salesman).write({"price_unit": 11.0})
        order.with_user(salesman).action_confirm()
        self.assertEqual(job.line_ids.price_unit, 11.0)

    def test_a_quotation_becomes_an_estimate_only_of_a_job_one_may_work(self):
        other_job = self._job(user_id=self.tech2.id)
        salesman = new_test_user(
            self.env,
            login="fsm_perm_salesman2",
            groups="sales_team.group_sale_salesman,fsm_results.group_fsm_technician",
        )
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(salesman).create(
                {"partner_id": self.customer.id, "fsm_estimate_job_id": other_job.id}
            )
        self.assertFalse(other_job.estimate_ids)


class TestFsmAccountantKeepsOdooRights(FsmPermissionCommon):
    def test_accountant_edits_prices_sends_and_registers_payments(self):
        job = self._own_done_job(self.tech)
        invoice = self._invoice(job, post=False)
        line = invoice.invoice_line_ids.filtered("fsm_job_line_id")
        as_accountant = invoice.with_user(self.accountant)
        as_accountant.write(
            {
                "invoice_line_ids": [
                    Command.update(line.id, {"price_unit": 10.0, "discount": 10})
                ],
                "invoice_date": "2030-01-07",
            }
        )
        self.assertEqual((line.price_unit, line.discount), (10.0, 10.0))
        as_accountant.action_post()
        self.assertEqual(invoice.state, "posted")
        action = as_accountant.action_fsm_email()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.accountant)
            .with_context(**action["context"])
        )
        composer.save().action_send_mail()
        self.assertTrue(
            self.env["mail.mail"].search(
                [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
            )
        )
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": invoice.amount_total + 20})
        )
        wizard.action_create_payments()  # overpaying is Odoo's call to make
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))


class TestFsmJobIntegrity(FsmPermissionCommon):
    """Records never move across jobs; what looks read-only is read-only over RPC."""

    def test_child_records_never_change_job(self):
        mine = self._job(user_id=self.full_tech.id)
        theirs = self._job(user_id=self.tech2.id)
        line = self._line(mine, self.filter, used=1)
        step = mine.step_ids[0]
        photo = self.env["fsm.job.photo"].create(
            {"job_id": mine.id, "image": SIGNATURE}
        )
        template = self.env["fsm.form.template"].create(
            {
                "name": "Safety",
                "question_ids": [
                    Command.create({"name": "Gas off?", "question_type": "yes_no"})
                ],
            }
        )
        form = self.env["fsm.job.form"].create(
            {"job_id": mine.id, "template_id": template.id}
        )
        other_form = self.env["fsm.job.form"].create(
            {"job_id": theirs.id, "template_id": template.id}
        )
        answer = form.answer_ids
        for user in (self.full_tech, self.pure_dispatcher):
            for record, field, target in (
                (line, "job_id", theirs),
                (step, "job_id", theirs),
                (photo, "job_id", theirs),
                (form, "job_id", theirs),
                (answer, "form_id", other_form),
            ):
                with self.subTest(user=user.login, model=record._name):
                    with self.assertRefused(AccessError, "stays on the job"):
                        record.with_user(user).write({field: target.id})
                    self._assert_unchanged(record, {field: record[field]})
            # through the job's one2many: link another job's line, or rewrite it
            with self.assertRaises(AccessError):
                mine.with_user(user).write(
                    {"line_ids": [Command.link(self._line(theirs, self.part).id)]}
                )
            with self.assertRaises(AccessError):
                mine.with_user(user).write(
                    {"line_ids": [Command.update(line.id, {"job_id": theirs.id})]}
                )
        self.assertEqual(line.job_id, mine)
        self.assertFalse(
            theirs.line_ids.filtered(lambda ln: ln.product_id == self.filter)
        )

    def test_system_fields_of_a_job_are_read_only_on_every_path(self):
        other = self._job(user_id=self.tech2.id)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.other_customer.id,
                "order_line": [Command.create({"product_id": self.service_product.id})],
            }
        )
        job = self._job(user_id=self.full_tech.id)
        before = {
            name: job[name]
            for name in (
                "name",
                "status_kind",
                "is_closed",
                "date_done",
                "active",
                "invoice_partner_id",
                "signed_on",
                "sale_line_id",
                "client_note_published",
            )
        }
        forged = {
            "status_kind": "done",
            "is_closed": True,
            "date_done": "2030-01-01 10:00:00",
            "active": False,
            "name": other.name,
            "invoice_partner_id": self.other_customer.id,
            "signed_on": "2020-01-01 10:00:00",
            "sale_line_id": order.order_line.id,
            "client_note_published": "<p>Forged</p>",
        }
        for user in (self.full_tech, self.pure_dispatcher, self.fsm_admin):
            for name, value in forged.items():
                if user != self.full_tech and name == "active":
                    continue  # archiving is the office's right
                with self.subTest(user=user.login, field=name):
                    with self.assertRaises(AccessError):
                        job.with_user(user).write({name: value})
        self._assert_unchanged(job, before)
        # the office archives; the signature is stamped by the server
        job.with_user(self.pure_dispatcher).write({"active": False})
        self.assertFalse(job.active)
        job.with_user(self.pure_dispatcher).write({"active": True})
        job.with_user(self.full_tech).write(
            {"signature": SIGNATURE, "signed_by": "Dr. Lake"}
        )
        self.assertGreater(job.signed_on.year, 2020)

    def test_new_job_starts_at_the_beginning_of_the_workflow(self):
        with self.assertRefused(UserError, "A new job starts"):
            self.Job.with_user(self.pure_dispatcher).create(
                {"partner_id": self.customer.id, "status_id": self.status_done.id}
            )
        with self.assertRaises(AccessError):
            self.Job.with_user(self.pure_dispatcher).create(
                {"partner_id": self.customer.id, "date_done": "2030-01-01"}
            )
        with self.assertRaises(AccessError):
            self.Job.with_user(self.full_tech).create({"partner_id": self.customer.id})
        job = self.Job.with_user(self.pure_dispatcher).create(
            {"partner_id": self.customer.id, "status_id": self.status_scheduled.id}
        )
        self.assertEqual(job.status_id, self.status_scheduled)
        self.assertEqual(job.status_log_ids.to_status_id, self.status_scheduled)

    def test_steps_required_and_who_ticked_belong_to_the_office_and_server(self):
        job = self._job(user_id=self.full_tech.id)
        self._to_in_progress(job)
        steps = job.step_ids.filtered("required")
        as_tech = steps.with_user(self.full_tech)
        with self.assertRefused(AccessError, "Only dispatchers"):
            as_tech.write({"required": False})
        for forged in ({"done_by_id": self.tech2.id}, {"done_on": "2020-01-01"}):
            with self.assertRaises(AccessError):
                as_tech.write(dict(forged, is_done=True))
        with self.assertRefused(AccessError, "rename a required"):
            as_tech[0].write({"name": "Nothing to do"})
        steps.invalidate_recordset()
        self.assertFalse(any(steps.mapped("is_done")))
        self.assertTrue(all(steps.mapped("required")))
        with self.assertRefused(UserError, "required steps not done"):
            job.with_user(self.full_tech).action_complete()
        as_tech.write({"is_done": True})
        self.assertEqual(set(steps.mapped("done_by_id")), {self.full_tech})
        # a step a technician adds is theirs, never a requirement
        added = (
            self.env["fsm.job.step"]
            .with_user(self.full_tech)
            .create({"job_id": job.id, "name": "Clean up"})
        )
        self.assertFalse(added.required)
        added.with_user(self.full_tech).write({"name": "Clean up the workshop"})
        steps.with_user(self.pure_dispatcher).write({"required": False})
        self.assertFalse(any(steps.mapped("required")))

    def test_status_wizard_on_another_job_shows_nothing(self):
        other = self._job(user_id=self.tech2.id)
        Wizard = self.env["fsm.job.status.wizard"].with_user(self.full_tech)
        with self.assertRaises(AccessError):
            Wizard.with_context(default_job_id=other.id).default_get(
                ["job_id", "current_status_id"]
            )
        with self.assertRaises(AccessError):
            Wizard.create({"job_id": other.id, "status_id": self.status_scheduled.id})
        Pause = self.env["fsm.job.pause.wizard"].with_user(self.full_tech)
        with self.assertRaises(AccessError):
            Pause.with_context(default_job_ids=other.ids).default_get(["job_ids"])
        self.assertEqual(other.status_id, self.status_new)

    def test_photos_record_who_and_when_and_stay_as_taken(self):
        job = self._job(user_id=self.full_tech.id)
        photo = (
            self.env["fsm.job.photo"]
            .with_user(self.full_tech)
            .create(
                {
                    "job_id": job.id,
                    "image": SIGNATURE,
                    "user_id": self.tech2.id,
                    "date": "2020-01-01 08:00:00",
                }
            )
        )
        self.assertEqual(photo.user_id, self.full_tech)
        self.assertNotEqual(photo.date.year, 2020)
        for forged in (
            {"user_id": self.tech2.id},
            {"date": "2020-01-01"},
            {"image": SIGNATURE},
        ):
            with self.assertRaises(AccessError):
                photo.with_user(self.full_tech).write(forged)
        photo.with_user(self.full_tech).write({"caption": "Leak", "phase": "before"})
        self.assertEqual(photo.caption, "Leak")
        # a crew member cannot delete what the lead technician took
        job.crew_ids = self.tech2
        with self.assertRefused(AccessError, "Only dispatchers can delete"):
            photo.with_user(self.tech2).unlink()
        self.assertTrue(photo.exists())

    def test_timesheets_only_on_jobs_one_may_work(self):
        other = self._job(user_id=self.tech2.id)
        project = self.env.company._fsm_get_project()
        timesheet_user = make_technician(
            self.env, "fsm_perm_ts", groups="hr_timesheet.group_hr_timesheet_user"
        )
        with self.assertRaises(AccessError):
            self.env["account.analytic.line"].with_user(timesheet_user).create(
                {
                    "name": "8 hours",
                    "unit_amount": 8,
                    "project_id": project.id,
                    "fsm_job_id": other.id,
                }
            )
        self.assertFalse(other.timesheet_ids)


class TestFsmBounds(FsmPermissionCommon):
    """Quantities, prices and dates within what a job can be."""

    def test_quantities_and_prices_have_bounds(self):
        job = self._job(user_id=self.full_tech.id)
        line = self._line(job, self.filter, planned=2)
        as_tech = line.with_user(self.full_tech)
        for values, message in (
            ({"planned_qty": -5}, "between 0 and 100,000"),
            ({"planned_qty": 1e18}, "between 0 and 100,000"),
            ({"was_used": True, "qty_used": -5}, "between 0 and 100,000"),
            ({"was_used": True, "qty_used": 0}, "give the quantity used"),
            ({"price_unit": -1}, "zero or more"),
            ({"price_unit": 1e18}, "zero or more"),
        ):
            with self.subTest(values=values):
                with self.assertRefused(ValidationError, message):
                    as_tech.write(values)
        self._assert_unchanged(
            line, {"planned_qty": 2.0, "was_used": False, "price_unit": 12.0}
        )
        with self.assertRefused(ValidationError, "between 0 and 100,000"):
            self.env["fsm.job.line"].with_user(self.full_tech).create(
                {"job_id": job.id, "product_id": self.part.id, "planned_qty": -1}
            )
        self.assertEqual(len(job.line_ids), 1)

    def test_end_before_start_is_refused_even_unassigned(self):
        job = self._job()
        with self.assertRefused(ValidationError, "must end after it starts"):
            job.with_user(self.pure_dispatcher).write(
                {
                    "scheduled_start": "2030-01-07 10:00:00",
                    "scheduled_end": "2030-01-07 09:00:00",
                }
            )
        self._assert_unchanged(job, {"scheduled_start": False, "scheduled_end": False})

    def test_closed_job_keeps_what_was_used(self):
        job = self._own_done_job(self.full_tech)
        line = job.line_ids
        with self.assertRefused(UserError, "reopen it"):
            line.with_user(self.full_tech).write({"qty_used": 5})
        with self.assertRefused(UserError, "reopen it"):
            line.with_user(self.full_tech).unlink()
        self._assert_unchanged(line, {"qty_used": 1.0})

    def test_invoiced_line_cannot_be_deleted(self):
        job = self._job(user_id=self.full_tech.id, service_type_id=self.flat_type.id)
        line = self._line(job, self.filter, used=1)
        self._to_in_progress(job)
        job.action_generate_invoice()  # progress billing
        with self.assertRefused(UserError, "already invoiced"):
            line.with_user(self.full_tech).unlink()
        self.assertTrue(line.exists())

    def test_required_signature_question_is_answered_then_job_completes(self):
        template = self.env["fsm.form.template"].create(
            {
                "name": "Handover",
                "service_type_ids": [Command.link(self.service_type.id)],
                "question_ids": [
                    Command.create(
                        {
                            "name": "Client signs the handover",
                            "question_type": "signature",
                            "required": True,
                        }
                    )
                ],
            }
        )
        job = self._job(user_id=self.full_tech.id)
        self.assertEqual(job.form_ids.template_id, template)
        self._to_in_progress(job)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        with self.assertRefused(UserError, "Client signs the handover"):
            job.with_user(self.full_tech).action_complete()
        form = job.form_ids.with_user(self.full_tech)
        # the form as the job screen shows it, signature widget included
        with Form(form, view="fsm_results.fsm_job_form_view_form") as edit:
            with edit.answer_ids.edit(0) as answer:
                answer.value_signature = SIGNATURE
        self.assertTrue(form.answer_ids.is_answered)
        job.with_user(self.full_tech).action_complete()
        self.assertEqual(job.status_kind, "done")


class TestFsmSaleOrderRoute(FsmPermissionCommon):
    """A job made for a sale order line is billed once, by whichever route comes
    first: its invoice lines are the order line's."""

    def _order_job(self, rate_price=95.0):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.flat_product.id,
                            "product_uom_qty": 1,
                            "price_unit": rate_price,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        job = order.fsm_job_ids
        self.assertEqual(len(job), 1)
        job.user_id = self.full_tech
        self._finish(job)
        return order, job

    def test_job_invoice_counts_on_the_order(self):
        order, job = self._order_job()
        job.action_generate_invoice()
        line = job.invoice_ids.invoice_line_ids.filtered("fsm_is_service_line")
        self.assertEqual(line.sale_line_ids, order.order_line)
        self.assertEqual(line.price_unit, 95.0, "the price agreed on the order")
        self.assertEqual(order.order_line.qty_invoiced, 1.0)
        self.assertEqual(order.invoice_status, "invoiced")
        with self.assertRaises(UserError):
            order._create_invoices()
        self.assertEqual(order.invoice_ids, job.invoice_ids)

    def test_order_invoiced_first_is_not_billed_again_from_the_job(self):
        order, job = self._order_job()
        order._create_invoices()
        with self.assertRefused(UserError, "Nothing left to invoice"):
            job.action_generate_invoice()
        self.assertEqual(len(order.invoice_ids), 1)

    def test_service_type_rate_is_what_a_job_bills(self):
        # a rate different from the product's list price (150)
        self.flat_type.rate = 175.0
        job = self._own_done_job(self.full_tech)
        invoice = self._invoice(job, post=False)
        base = invoice.invoice_line_ids.filtered("fsm_is_service_line")
        self.assertEqual(base.price_unit, 175.0)
        estimate_job = self._job(
            user_id=self.full_tech.id, service_type_id=self.flat_type.id
        )
        estimate_job.with_user(self.full_tech).action_generate_estimate()
        self.assertEqual(
            estimate_job.estimate_ids.order_line.filtered(
                lambda sol: sol.product_id == self.flat_product
            ).price_unit,
            175.0,
        )
        self.assertAlmostEqual(estimate_job.amount_estimated, 175.0)


class TestFsmAroundTheButtons(FsmPermissionCommon):
    """What an outsider tried around the checked paths, each refused with nothing
    changed (and the path it was next to, still working)."""

    def test_a_setting_plus_sales_rights_edits_no_other_invoice(self):
        sales_tech = make_technician(
            self.env,
            "fsm_perm_sales_tech",
            groups="sales_team.group_sale_salesman_all_leads,fsm_results.group_fsm_invoice",
        )
        unrelated = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.other_customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Consulting", "quantity": 1, "price_unit": 750}
                    )
                ],
            }
        )
        line = unrelated.invoice_line_ids
        for values in (
            {"narration": "<p>hacked</p>"},
            {"invoice_line_ids": [Command.update(line.id, {"price_unit": 1})]},
        ):
            with self.assertRaises(AccessError):
                unrelated.with_user(sales_tech).write(values)
        with self.assertRaises(AccessError):
            line.with_user(sales_tech).write({"name": "hacked"})
        self._assert_unchanged(unrelated, {"narration": False, "amount_untaxed": 750.0})
        # a setting alone grants nothing: no read of the ledger either
        inv_only = new_test_user(
            self.env, login="fsm_perm_inv_only", groups="fsm_results.group_fsm_invoice"
        )
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(inv_only).search_count([])

    def test_invoice_review_bounds_and_credit_notes(self):
        tech = self.tech_without["edit_price"]
        invoice = self._invoice(self._own_done_job(tech), post=False)
        line = invoice.invoice_line_ids.filtered("fsm_job_line_id")
        for quantity in (-1, 0, 1e12, "abc", "nan"):
            with self.subTest(quantity=quantity), self.assertRaises(UserError):
                invoice.with_user(tech).write(
                    {
                        "invoice_line_ids": [
                            Command.update(line.id, {"quantity": quantity})
                        ]
                    }
                )
        self._assert_unchanged(line, {"quantity": 1.0})
        invoice.action_post()
        refund = invoice._reverse_moves()
        with self.assertRefused(AccessError, "credit note"):
            refund.with_user(tech).write(
                {
                    "invoice_line_ids": [
                        Command.update(refund.invoice_line_ids[0].id, {"quantity": 50})
                    ]
                }
            )
        with self.assertRefused(AccessError, "credit note"):
            refund.with_user(tech).action_post()
        self._assert_unchanged(refund, {"state": "draft"})
        for action in ("button_draft", "button_cancel", "copy"):
            with (
                self.subTest(action=action),
                self.assertRefused(AccessError, "accounting team"),
            ):
                getattr(invoice.with_user(tech), action)()
        self._assert_unchanged(invoice, {"state": "posted"})
        # the files of an invoice are not the technician's to change
        pdf = self.env["ir.attachment"].create(
            {
                "name": "INV.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        with self.assertRaises(AccessError):
            pdf.with_user(tech).write({"raw": b"%PDF-1.4 forged"})
        with self.assertRaises(AccessError):
            pdf.with_user(tech).unlink()
        self.assertEqual(pdf.raw, b"%PDF-1.4")
        # Odoo's invoice form, reached by a link, is the job's invoice form for them
        views = self.env["account.move"].with_user(tech).get_views([[False, "form"]])
        self.assertEqual(
            views["views"]["form"]["id"],
            self.env.ref("fsm_results.account_move_view_form_fsm").id,
        )

    def test_payment_is_today_and_never_writes_off(self):
        invoice = self._invoice(self._own_done_job(self.full_tech))
        register = (
            self.env["account.payment.register"]
            .with_user(self.full_tech)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        with self.assertRefused(UserError, "dated today"):
            register.create(
                {"amount": 10, "payment_date": "2019-01-01"}
            ).action_create_payments()
        wizard = register.create({"amount": 1})
        wizard.payment_difference_handling = "reconcile"
        wizard.writeoff_account_id = self.env["account.account"].search(
            [("account_type", "=", "expense")], limit=1
        )
        with self.assertRefused(UserError, "Writing off"):
            wizard.action_create_payments()
        self._assert_unchanged(invoice, {"payment_state": "not_paid"})

    def test_numbers_are_numbers_and_units_follow_the_price(self):
        job = self._job(user_id=self.full_tech.id)
        line = self._line(job, self.filter, planned=2)
        for value in ("nan", "inf", "-inf", "abc"):
            with self.subTest(value=value):
                with self.assertRefused(ValidationError, "must be a number"):
                    line.with_user(self.full_tech).write({"planned_qty": value})
        self._assert_unchanged(line, {"planned_qty": 2.0})
        template = self.env["fsm.form.template"].create(
            {
                "name": "Readings",
                "question_ids": [
                    Command.create(
                        {
                            "name": "Pressure",
                            "question_type": "number",
                            "required": True,
                        }
                    )
                ],
            }
        )
        form = self.env["fsm.job.form"].create(
            {"job_id": job.id, "template_id": template.id}
        )
        with self.assertRefused(ValidationError, "must be a number"):
            form.answer_ids.with_user(self.full_tech).write({"value_number": "nan"})
        self.assertFalse(form.answer_ids.is_answered)
        # a unit of another kind is refused; a pack is priced as a pack
        tech = self.tech_without["edit_price"]
        own = self._job(user_id=tech.id)
        with self.assertRefused(ValidationError, "cannot be converted"):
            self.env["fsm.job.line"].with_user(tech).create(
                {
                    "job_id": own.id,
                    "product_id": self.filter.id,
                    "uom_id": self.env.ref("uom.product_uom_gram").id,
                }
            )
        dozen = self.env.ref("uom.product_uom_dozen")
        pack = (
            self.env["fsm.job.line"]
            .with_user(tech)
            .create(
                {"job_id": own.id, "product_id": self.filter.id, "uom_id": dozen.id}
            )
        )
        self.assertAlmostEqual(pack.price_unit, 12.0 * 12)

    def test_wizard_cannot_be_pointed_at_another_job(self):
        mine = self._job(user_id=self.full_tech.id)
        other = self._job(user_id=self.tech2.id)
        wizard = (
            self.env["fsm.job.status.wizard"]
            .with_user(self.full_tech)
            .create({"job_id": mine.id, "status_id": self.status_scheduled.id})
        )
        with self.assertRefused(AccessError, "not one of yours"):
            wizard.write({"job_id": other.id})
        self.assertEqual(wizard.job_id, mine)

    def test_estimate_prices_only_by_sales_or_the_setting(self):
        stock_tech = make_technician(
            self.env, "fsm_perm_stock_tech", groups="stock.group_stock_user"
        )
        stock_tech.fsm_can_estimate = True
        job = self._job(user_id=stock_tech.id)
        self._line(job, self.filter, planned=2)
        job.with_user(stock_tech).action_generate_estimate()
        line = job.estimate_ids.order_line.filtered(
            lambda sol: sol.product_id == self.filter
        )
        with self.assertRefused(AccessError, "Edit unit prices"):
            line.with_user(stock_tech).write({"price_unit": 0.01})
        self._assert_unchanged(line, {"price_unit": 12.0})
        stock_tech.fsm_can_edit_price = True
        line.with_user(stock_tech).write({"price_unit": 11.0})
        self.assertEqual(line.price_unit, 11.0)

    def test_only_technicians_are_sent_on_jobs(self):
        job = self._job()
        for user in (self.client_user, self.accountant):
            with self.subTest(user=user.login):
                with self.assertRefused(ValidationError, "not a technician"):
                    job.with_user(self.pure_dispatcher).write({"user_id": user.id})
                with self.assertRefused(ValidationError, "not a technician"):
                    job.with_user(self.pure_dispatcher).write(
                        {"crew_ids": [Command.set(user.ids)]}
                    )
        self._assert_unchanged(job, {"user_id": self.env["res.users"]})
        other_company = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        with self.assertRefused(AccessError, "one of your companies"):
            job.with_user(self.pure_dispatcher).write({"company_id": other_company.id})

    def test_a_closed_job_keeps_its_evidence(self):
        job = self._job(user_id=self.full_tech.id)
        self._line(job, self.filter, planned=1, used=1)
        self._finish(job)
        signature = job.signature
        as_tech = job.with_user(self.full_tech)
        with self.assertRefused(UserError, "stays as it is"):
            as_tech.write({"signature": False})
        with self.assertRefused(UserError, "stays as it is"):
            as_tech.write({"signed_by": "Someone Else"})
        with self.assertRefused(UserError, "stays as it is"):
            job.step_ids[0].with_user(self.full_tech).action_toggle_done()
        with self.assertRefused(UserError, "stays as it is"):
            job.line_ids.with_user(self.full_tech).write({"planned_qty": 9})
        self._assert_unchanged(job, {"signature": signature})
        self.assertTrue(all(job.step_ids.mapped("is_done")))
        # after photos and notes are still for the technician to add
        self.env["fsm.job.photo"].with_user(self.full_tech).create(
            {"job_id": job.id, "image": SIGNATURE, "phase": "after"}
        )
        as_tech.write({"client_note_draft": "<p>All good</p>"})
        # cancelling is the office's, and so is reopening an invoiced job
        with self.assertRefused(UserError, "Only dispatchers cancel"):
            self._job(user_id=self.full_tech.id).with_user(
                self.full_tech
            )._move_to_status(self.status_cancelled)
        self._invoice(job, post=False)
        with self.assertRefused(UserError, "only a dispatcher reopens"):
            as_tech._move_to_status(self.status_in_progress)
        self.assertEqual(job.status_kind, "done")
        job.with_user(self.pure_dispatcher)._move_to_status(self.status_in_progress)
        self.assertEqual(job.status_kind, "in_progress")

    def test_the_invoice_pdf_is_not_emailed_through_the_job(self):
        tech = self.tech_without["email_invoice"]
        job = self._own_done_job(tech)
        invoice = self._invoice(job)
        pdf = self.env["ir.attachment"].create(
            {
                "name": "INV.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        mails = self.env["mail.mail"].search([])
        with self.assertRefused(AccessError, "Email invoices"):
            job.with_user(tech).message_post(
                body="Your invoice",
                partner_ids=self.customer.ids,
                attachment_ids=pdf.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self.env["mail.mail"].search([]), mails)

    def test_a_job_is_duplicated_with_a_fresh_checklist(self):
        job = self._own_done_job(self.full_tech)
        copy = job.with_user(self.pure_dispatcher).copy()
        self.assertEqual(len(copy.step_ids), len(job.step_ids))
        self.assertFalse(any(copy.step_ids.mapped("is_done")))
        self.assertFalse(copy.step_ids.done_by_id)
        self.assertEqual(copy.status_id, self.status_new)


class TestFsmFromOutside(FsmPermissionCommon):
    """What an attack from outside found around the checked paths (a message
    posted for later, a credit note, a price set back, an order put on any job,
    values that are not what they claim): each refused in words, nothing changed,
    beside the path that stays open."""

    def test_a_message_posted_for_later_needs_email_invoices(self):
        tech = self.tech_without["email_invoice"]
        invoice = self._invoice(self._own_done_job(tech))
        later = fields.Datetime.now() + timedelta(hours=1)
        Schedule = self.env["mail.message.schedule"]
        messages = invoice.message_ids
        with self.assertRefused(AccessError, "Email invoices"):
            invoice.with_user(tech).message_post(
                body="Your invoice",
                partner_ids=self.customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                scheduled_date=later,
            )
        self.assertFalse(Schedule.search([("mail_message_id.res_id", "=", invoice.id)]))
        self.assertEqual(invoice.message_ids, messages)
        # a note to colleagues for later stays possible
        colleague = self.pure_dispatcher.partner_id
        invoice.with_user(tech).message_post(
            body="Call the client about this one",
            partner_ids=colleague.ids,
            subtype_xmlid="mail.mt_note",
            scheduled_date=later,
        )
        self.assertEqual(
            len(Schedule.search([("mail_message_id.res_id", "=", invoice.id)])), 1
        )
        # with the setting, the client's email for later is scheduled
        own = self._invoice(self._own_done_job(self.full_tech))
        own.with_user(self.full_tech).message_post(
            body="Your invoice",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            scheduled_date=later,
        )
        self.assertTrue(Schedule.search([("mail_message_id.res_id", "=", own.id)]))

    def test_a_message_for_later_changed_after_it_was_checked_is_not_sent(self):
        tech = self.tech_without["email_invoice"]
        invoice = self._invoice(self._own_done_job(tech))
        pdf = self.env["ir.attachment"].create(
            {
                "name": "INV.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        later = fields.Datetime.now() + timedelta(hours=1)
        # a note to a colleague, checked and scheduled...
        note = invoice.with_user(tech).message_post(
            body="For Dana",
            partner_ids=self.pure_dispatcher.partner_id.ids,
            subtype_xmlid="mail.mt_note",
            scheduled_date=later,
        )
        # ...then edited by its author: the client, the invoice's file
        note.with_user(tech).sudo().write(
            {
                "partner_ids": [Command.link(self.customer.id)],
                "attachment_ids": [Command.link(pdf.id)],
            }
        )
        schedules = self.env["mail.message.schedule"].search(
            [("mail_message_id", "=", note.id)]
        )
        schedules.sudo()._send_notifications()  # Odoo's mail robot
        self.assertFalse(schedules.exists())
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", note.id)])
        )
        self.assertIn("was not sent", invoice.message_ids[0].body)
        # a message for later that stays as it was checked is sent
        fine = invoice.with_user(tech).message_post(
            body="For Dana again",
            partner_ids=self.pure_dispatcher.partner_id.ids,
            subtype_xmlid="mail.mt_note",
            scheduled_date=later,
        )
        self.env["mail.message.schedule"].search(
            [("mail_message_id", "=", fine.id)]
        ).sudo()._send_notifications()
        self.assertTrue(
            self.env["mail.notification"].search([("mail_message_id", "=", fine.id)])
        )

    def test_an_invoice_is_marked_sent_only_once_it_reached_the_client(self):
        tech = self.tech_without["email_invoice"]
        invoice = self._invoice(self._own_done_job(tech))
        invoice.with_user(tech).with_context(fsm_invoice_email=True).message_post(
            body="To the office",
            partner_ids=self.pure_dispatcher.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._assert_unchanged(invoice, {"is_move_sent": False})

    def test_receive_payments_takes_money_in_never_pays_out(self):
        job = self._own_done_job(self.full_tech)
        invoice = self._invoice(job)
        # paid, then credited (an open credit note: money owed to the client)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({}).action_create_payments()
        refund = invoice._reverse_moves()
        refund.action_post()
        self.assertEqual(refund.payment_state, "not_paid")
        self.assertEqual(refund.invoice_line_ids.fsm_job_id, job)
        register = (
            self.env["account.payment.register"]
            .with_user(self.full_tech)
            .with_context(active_model="account.move", active_ids=refund.ids)
        )
        with self.assertRefused(AccessError, "credit note"):
            register.create({}).action_create_payments()
        self._assert_unchanged(refund, {"payment_state": "not_paid"})
        self.assertFalse(refund.matched_payment_ids)
        # the accounting team pays it back
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=refund.ids
        ).create({}).action_create_payments()
        self.assertIn(refund.payment_state, ("paid", "in_payment"))

    def test_a_price_the_office_set_stays_as_set(self):
        tech = self.tech_without["edit_price"]
        job = self._job(user_id=tech.id)
        line = self._line(job, self.filter, planned=2)
        line.write({"price_unit": 99.0})  # the office's price (list price: 12)
        as_tech = line.with_user(tech)
        for values in (
            {"product_id": self.filter.id},  # the same product again
            {"uom_id": line.uom_id.id},  # the same unit again
            {"price_unit": 12.0},  # the list price typed in
            {"product_id": self.part.id},  # away, to come back later
        ):
            with self.subTest(values=values):
                with self.assertRaises(AccessError):
                    as_tech.write(values)
        self._assert_unchanged(line, {"price_unit": 99.0, "product_id": self.filter})
        # a line at the list price follows another product's list price
        other = self._line(job, self.filter, planned=1)
        other.with_user(tech).write({"product_id": self.part.id})
        self._assert_unchanged(other, {"price_unit": 25.0, "product_id": self.part})

    def test_a_price_the_office_set_is_not_deleted_to_come_back_cheaper(self):
        tech = self.tech_without["edit_price"]
        job = self._job(user_id=tech.id)
        line = self._line(job, self.filter, planned=2)
        line.write({"price_unit": 99.0})
        with self.assertRefused(AccessError, "price set by the office"):
            line.with_user(tech).unlink()
        self.assertTrue(line.exists())
        # a line at the list price is the technician's to remove
        other = self._line(job, self.part, planned=1)
        other.with_user(tech).unlink()
        self.assertFalse(other.exists())

    def test_other_apps_records_go_on_jobs_one_may_change(self):
        job = self._own_done_job(self.full_tech)
        invoice = self._invoice(job)
        other = self._invoice(
            self._own_done_job(self.full_tech, partner_id=self.other_customer.id)
        )
        line = other.invoice_line_ids[:1]
        with self.assertRefused(AccessError, "may change the job"):
            line.with_user(self.accountant).write({"fsm_job_id": job.id})
        self._assert_unchanged(line, {"fsm_job_id": line.fsm_job_id})
        # the accounting team still credits a job's invoice: the credit note's
        # lines keep the job (a reversal frees what it reverses)
        refund = invoice.with_user(self.accountant)._reverse_moves()
        self.assertEqual(refund.invoice_line_ids.fsm_job_id, job)

    def test_invoice_actions_tell_nothing_to_who_may_not_read_it(self):
        invoice = self._invoice(self._own_done_job(self.full_tech))
        stranger = self.tech_without["payment"]  # not their job
        for method in ("button_draft", "button_cancel", "copy"):
            with self.subTest(method=method):
                with self.assertRaises(AccessError) as refusal:
                    getattr(invoice.with_user(stranger), method)()
                self.assertNotIn(invoice.name, str(refusal.exception))
                self.assertIn("not one of your jobs' invoices", str(refusal.exception))
        self._assert_unchanged(invoice, {"state": "posted"})

    def test_an_invoice_keeps_a_line_whatever_the_path(self):
        job = self._own_done_job(self.full_tech)
        invoice = self._invoice(job, post=False)
        lines = invoice.invoice_line_ids
        with self.assertRefused(UserError, "keeps at least one line"):
            invoice.with_user(self.full_tech).write(
                {"invoice_line_ids": [Command.delete(line.id) for line in lines]}
            )
        self._assert_unchanged(invoice, {"invoice_line_ids": lines})
        for values in ({"price_unit": "nan"}, {"discount": 150}, {"price_unit": 1e30}):
            with self.subTest(values=values):
                with self.assertRefused(UserError, "must be a number from"):
                    invoice.with_user(self.full_tech).write(
                        {"invoice_line_ids": [Command.update(lines[0].id, values)]}
                    )
        with self.assertRefused(ValidationError, "must be a number"):
            self.env["fsm.job.photo"].with_user(self.full_tech).create(
                {"job_id": job.id, "image": SIGNATURE, "sequence": 1e30}
            )

    def test_manufacturing_orders_go_on_jobs_one_may_change(self):
        maker = new_test_user(
            self.env, login="fsm_perm_maker", groups="mrp.group_mrp_user"
        )
        job = self._job()
        product = self.env["product.product"].create(
            {"name": "Custom bracket", "type": "consu"}
        )
        Production = self.env["mrp.production"].with_user(maker)
        with self.assertRefused(AccessError, "Only the field service office"):
            Production.create({"product_id": product.id, "fsm_job_id": job.id})
        order = Production.create({"product_id": product.id})
        with self.assertRefused(AccessError, "Only the field service office"):
            order.write({"fsm_job_id": job.id})
        self.assertFalse(job.production_ids)
        # the office links it
        planner = new_test_user(
            self.env,
            login="fsm_perm_planner",
            groups="mrp.group_mrp_user,fsm_results.group_fsm_dispatcher",
        )
        order.with_user(planner).write({"fsm_job_id": job.id})
        self.assertEqual(job.production_ids, order)

    def test_values_that_are_not_what_they_claim_are_refused_in_words(self):
        job = self._job(user_id=self.full_tech.id)
        for value in (False, "abc", 10**9):
            with self.subTest(status=value):
                with self.assertRefused(ValidationError, "workflow statuses"):
                    job.with_user(self.pure_dispatcher).write({"status_id": value})
        self._assert_unchanged(job, {"status_id": self.status_new})
        line = self._line(job, self.filter)
        with self.assertRefused(ValidationError, "must be a number"):
            line.with_user(self.full_tech).write({"sequence": 1e30})
        self._assert_unchanged(line, {"sequence": 10})
        # pictures are pictures: not a script, not a drawing made of code (SVG)
        svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
        script = base64.b64encode(b"<script>alert(1)</script>")
        photos = job.photo_ids
        for data in (svg, script):
            with self.assertRefused(ValidationError, "not a picture"):
                self.env["fsm.job.photo"].with_user(self.full_tech).create(
                    {"job_id": job.id, "image": data}
                )
            with self.assertRefused(ValidationError, "not a picture"):
                job.with_user(self.full_tech).write({"signature": data})
        self._assert_unchanged(job, {"photo_ids": photos, "signature": False})
        job.with_user(self.full_tech).write({"signature": SIGNATURE})
        self.assertTrue(job.signature)

    def test_payment_amounts_are_numbers(self):
        invoice = self._invoice(self._own_done_job(self.full_tech))
        register = (
            self.env["account.payment.register"]
            .with_user(self.full_tech)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        for amount in ("nan", "inf", "abc"):
            with self.subTest(amount=amount):
                with self.assertRefused(ValidationError, "must be a number"):
                    register.create({"amount": amount})
        with self.assertRefused(UserError, "not what a job is paid"):
            register.create({"amount": 1e18}).action_create_payments()
        self.assertFalse(invoice.matched_payment_ids)

    def test_a_review_made_with_the_invoice_keeps_its_lines(self):
        job = self._own_done_job(self.full_tech)
        invoice = self._invoice(job, post=False)
        lines = invoice.invoice_line_ids
        review = (
            self.env["fsm.invoice.review"]
            .with_user(self.full_tech)
            .create({"invoice_id": invoice.id})
        )
        self.assertEqual(review.line_ids.invoice_line_id, lines)
        review.action_save()
        self._assert_unchanged(invoice, {"invoice_line_ids": lines})
        # removing every line is cancelling the invoice: the accounting team's
        review.line_ids.unlink()
        with self.assertRefused(UserError, "keeps at least one line"):
            review.action_save()
        self._assert_unchanged(invoice, {"invoice_line_ids": lines})
        # removing one is the technician's
        review = (
            self.env["fsm.invoice.review"]
            .with_user(self.full_tech)
            .create({"invoice_id": invoice.id})
        )
        review.line_ids.filtered(
            lambda row: not row.invoice_line_id.fsm_is_service_line
        ).unlink()
        review.action_save()
        self.assertEqual(len(invoice.invoice_line_ids), 1)

    def test_photos_the_office_decided_on_stay_as_decided(self):
        job = self._job(user_id=self.full_tech.id)
        self._to_in_progress(job)
        Photo = self.env["fsm.job.photo"]
        own = Photo.with_user(self.full_tech).create(
            {"job_id": job.id, "image": SIGNATURE, "caption": "Meter cabinet key"}
        )
        others = Photo.with_user(self.pure_dispatcher).create(
            {"job_id": job.id, "image": SIGNATURE, "caption": "Office photo"}
        )
        with self.assertRefused(AccessError, "someone else took"):
            others.with_user(self.full_tech).write({"share_with_client": False})
        own.with_user(self.full_tech).write({"caption": "Meter cabinet"})
        self._finish(job)
        # the office keeps one private; the job is closed
        own.with_user(self.pure_dispatcher).write({"share_with_client": False})
        with self.assertRefused(UserError, "stays as it is"):
            own.with_user(self.full_tech).write({"share_with_client": True})
        self._assert_unchanged(own, {"share_with_client": False})
        self._assert_unchanged(others, {"share_with_client": True})
        # an after photo is still the technician's to add
        Photo.with_user(self.full_tech).create(
            {"job_id": job.id, "image": SIGNATURE, "phase": "after"}
        )
        self.assertEqual(len(job.photo_ids), 3)

    def test_another_technicians_job_is_refused_in_words(self):
        job = self._own_done_job(self.full_tech)
        other = self.tech_without["payment"]  # may invoice, not this job
        for method in ("action_generate_invoice", "action_complete", "fsm_phone_read"):
            with self.subTest(method=method):
                with self.assertRefused(AccessError, "not one of yours"):
                    getattr(job.with_user(other), method)()
        self.assertFalse(job.invoice_ids)


@tagged("post_install", "-at_install")
class TestFsmRefusalsOverHttp(HttpCase):
    """Each kind of refusal, as an integration or a browser sends it over HTTP
    (JSON-RPC, XML-RPC and JSON-2), with nothing changed in the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.customer = env["res.partner"].create(
            {"name": "Portside Dental", "email": "desk@portside.example.com"}
        )
        cls.product = env["product.product"].create(
            {"name": "Hose clamp", "type": "consu", "list_price": 4.0}
        )
        # may estimate and invoice, nothing else
        cls.tech = make_technician(
            env,
            "fsm_rpc_tech",
            groups="fsm_results.group_fsm_estimate,fsm_results.group_fsm_invoice",
        )
        cls.other_tech = make_technician(env, "fsm_rpc_other")
        cls.job = env["fsm.job"].create(
            {"partner_id": cls.customer.id, "user_id": cls.tech.id}
        )
        cls.other_job = env["fsm.job"].create(
            {"partner_id": cls.customer.id, "user_id": cls.other_tech.id}
        )
        cls.line = env["fsm.job.line"].create(
            {
                "job_id": cls.job.id,
                "product_id": cls.product.id,
                "planned_qty": 2,
                "was_used": True,
                "qty_used": 2,
            }
        )
        for status in ("dispatched", "en_route", "in_progress"):
            cls.job._move_to_status(env.ref(f"fsm_results.status_{status}"))
        cls.job.action_generate_invoice()
        cls.invoice = cls.job.invoice_ids
        cls.job.action_generate_estimate()
        cls.order = cls.job.estimate_ids

    def _refused(self, model, method, args, kwargs=None, error="AccessError"):
        reply = self._call(model, method, args, kwargs)
        self.assertIn("error", reply, f"{model}.{method} was not refused")
        self.assertEqual(reply["error"]["data"]["name"], f"odoo.exceptions.{error}")
        return reply["error"]["data"]["message"]

    def _call(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs)

    @mute_logger("odoo.http")
    def test_each_kind_of_refusal_over_json_rpc(self):
        self.authenticate("fsm_rpc_tech", "fsm_rpc_tech")
        invoice_line = self.invoice.invoice_line_ids.filtered("fsm_job_line_id")
        messages = self.invoice.message_ids
        # an FSM Setting the user does not have
        message = self._refused(
            "account.move",
            "write",
            [
                self.invoice.ids,
                {"invoice_line_ids": [[1, invoice_line.id, {"price_unit": 1}]]},
            ],
        )
        self.assertIn("Edit unit prices", message)
        message = self._refused(
            "account.payment.register",
            "create",
            [{}],
            {
                "context": {
                    "active_model": "account.move",
                    "active_ids": self.invoice.ids,
                }
            },
        )
        self.assertIn("Receive payments", message)
        # emailing the invoice to the client through the chatter
        message = self._refused(
            "account.move",
            "message_post",
            [self.invoice.ids],
            {
                "body": "Your invoice",
                "partner_ids": self.customer.ids,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        )
        self.assertIn("Email invoices", message)
        # a field that Field Service records itself
        message = self._refused(
            "fsm.job", "write", [self.job.ids, {"status_kind": "done"}]
        )
        self.assertIn("cannot be changed directly", message)
        # a child record moved to another job
        message = self._refused(
            "fsm.job.line", "write", [self.line.ids, {"job_id": self.other_job.id}]
        )
        self.assertIn("stays on the job", message)
        # a quantity out of bounds
        message = self._refused(
            "fsm.job.line",
            "write",
            [self.line.ids, {"planned_qty": -5}],
            error="ValidationError",
        )
        self.assertIn("between 0 and", message)
        # another technician's job
        self._refused("fsm.job", "read", [self.other_job.ids, ["name", "status_id"]])
        self._refused(
            "fsm.job.status.wizard",
            "default_get",
            [["job_id", "current_status_id"]],
            {"context": {"default_job_id": self.other_job.id}},
        )
        # Odoo's own quotation confirmation: a technician has no sales rights
        self._refused("sale.order", "action_confirm", [self.order.ids])

        self.invoice.invalidate_recordset()
        self.assertEqual(invoice_line.price_unit, 4.0)
        self.assertEqual(self.invoice.message_ids, messages)
        self.assertFalse(self.invoice.matched_payment_ids)
        self.assertEqual(self.job.status_kind, "in_progress")
        self.assertEqual(self.line.job_id, self.job)
        self.assertEqual(self.line.planned_qty, 2.0)
        self.assertEqual(self.order.state, "draft")
        # and what the technician may do goes through
        reply = self._call(
            "account.move",
            "write",
            [
                self.invoice.ids,
                {"invoice_line_ids": [[1, invoice_line.id, {"quantity": 3}]]},
            ],
        )
        self.assertNotIn("error", reply)
        self.assertEqual(invoice_line.quantity, 3.0)

    def test_payment_registered_over_two_requests(self):
        self.tech.fsm_can_payment = True
        self.invoice.action_post()
        self.authenticate("fsm_rpc_tech", "fsm_rpc_tech")
        context = {"active_model": "account.move", "active_ids": self.invoice.ids}
        reply = self._call(
            "account.payment.register",
            "create",
            [{"amount": 5.0}],
            {"context": context},
        )
        self.assertNotIn("error", reply)
        wizard_id = reply["result"]
        reply = self._call(
            "account.payment.register",
            "action_create_payments",
            [[wizard_id]],
            {"context": context},
        )
        self.assertNotIn("error", reply)
        self.invoice.invalidate_recordset()
        self.assertEqual(self.invoice.payment_state, "partial")
        self.assertAlmostEqual(
            self.invoice.amount_residual, self.invoice.amount_total - 5
        )

    # Odoo 19 warns that XML-RPC is deprecated on each call: integrations still
    # use it, so the test does too
    @mute_logger("odoo.addons.rpc.controllers.xmlrpc")
    def test_fsm_settings_refused_over_xml_rpc_and_json_2(self):
        """The settings the technician lacks (Edit unit prices, Email invoices,
        Receive payments; no sales rights to confirm a quotation) refused over
        XML-RPC with the password and over JSON-2 with an API key, as an
        integration calls them; what they may do goes through both."""
        invoice_line = self.invoice.invoice_line_ids.filtered("fsm_job_line_id")
        messages = self.invoice.message_ids
        registers = self.env["account.payment.register"].search([])
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "fsm_rpc_tech", "fsm_rpc_tech", {})
        self.assertEqual(uid, self.tech.id)

        def xmlrpc(model, method, args, kwargs=None):
            return self.xmlrpc_object.execute_kw(
                db, uid, "fsm_rpc_tech", model, method, args, kwargs or {}
            )

        line_price = {"invoice_line_ids": [[1, invoice_line.id, {"price_unit": 1}]]}
        register = {
            "context": {"active_model": "account.move", "active_ids": self.invoice.ids}
        }
        post = {
            "body": "Your invoice",
            "partner_ids": self.customer.ids,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
        refusals = [
            ("account.move", "write", [self.invoice.ids, line_price], {}, "Edit unit"),
            ("account.payment.register", "create", [{}], register, "Receive pay"),
            ("account.move", "message_post", [self.invoice.ids], post, "Email inv"),
            ("sale.order", "action_confirm", [self.order.ids], {}, "Sales"),
        ]
        with mute_logger("odoo.http"):
            for model, method, args, kwargs, words in refusals:
                with self.assertRaises(xmlrpclib.Fault) as caught:
                    xmlrpc(model, method, args, kwargs)
                self.assertIn(words, caught.exception.faultString, method)

        key = (
            self.env["res.users.apikeys"]
            .with_user(self.tech)
            ._generate(
                None, "Integration", fields.Datetime.add(fields.Datetime.now(), days=1)
            )
        )
        headers = {"Authorization": f"bearer {key}"}
        json_2 = [
            ("account.move", "write", {"ids": self.invoice.ids, "vals": line_price}),
            ("account.payment.register", "create", {"vals_list": [{}], **register}),
            ("account.move", "message_post", {"ids": self.invoice.ids, **post}),
            ("sale.order", "action_confirm", {"ids": self.order.ids}),
        ]
        with mute_logger("odoo.http"):
            for (model, method, body), refusal in zip(json_2, refusals, strict=True):
                response = self.url_open(
                    f"/json/2/{model}/{method}", json=body, headers=headers
                )
                self.assertEqual(response.status_code, 403, method)
                self.assertEqual(response.json()["name"], "odoo.exceptions.AccessError")
                self.assertIn(refusal[4], response.json()["message"], method)

        self.invoice.invalidate_recordset()
        self.assertEqual(invoice_line.price_unit, 4.0)
        self.assertEqual(self.invoice.message_ids, messages)
        self.assertFalse(self.invoice.matched_payment_ids)
        self.assertEqual(self.env["account.payment.register"].search([]), registers)
        self.assertEqual(self.order.state, "draft")
        # the quantity, which the technician may change, over both
        xmlrpc(
            "account.move",
            "write",
            [
                self.invoice.ids,
                {"invoice_line_ids": [[1, invoice_line.id, {"quantity": 3}]]},
            ],
        )
        self.assertEqual(invoice_line.quantity, 3.0)
        response = self.url_open(
            "/json/2/account.move/write",
            json={
                "ids": self.invoice.ids,
                "vals": {"invoice_line_ids": [[1, invoice_line.id, {"quantity": 5}]]},
            },
            headers=headers,
        )
        self.assertEqual(response.status_code, 200)
        invoice_line.invalidate_recordset()
        self.assertEqual(invoice_line.quantity, 5.0)

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_the_other_settings_refused_over_xml_rpc_and_json_2(self):
        """Generate estimates, Generate invoices and Publish client notes, which
        this technician lacks, refused on their own job over both; nothing made."""
        bare = make_technician(self.env, "fsm_rpc_bare")
        job = self.env["fsm.job"].create(
            {
                "partner_id": self.customer.id,
                "user_id": bare.id,
                "client_note_draft": "<p>Pump replaced</p>",
            }
        )
        for status in ("dispatched", "en_route", "in_progress"):
            job._move_to_status(self.env.ref(f"fsm_results.status_{status}"))
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "fsm_rpc_bare", "fsm_rpc_bare", {})
        key = (
            self.env["res.users.apikeys"]
            .with_user(bare)
            ._generate(
                None, "Integration", fields.Datetime.add(fields.Datetime.now(), days=1)
            )
        )
        for method, words in (
            ("action_generate_estimate", "Generate estimates"),
            ("action_generate_invoice", "Generate invoices"),
            ("action_publish_client_note", "Publish client notes"),
        ):
            with self.assertRaises(xmlrpclib.Fault) as caught:
                self.xmlrpc_object.execute_kw(
                    db, uid, "fsm_rpc_bare", "fsm.job", method, [job.ids]
                )
            self.assertIn(words, caught.exception.faultString)
            response = self.url_open(
                f"/json/2/fsm.job/{method}",
                json={"ids": job.ids},
                headers={"Authorization": f"bearer {key}"},
            )
            self.assertEqual(response.status_code, 403, method)
            self.assertIn(words, response.json()["message"])
        job.invalidate_recordset()
        self.assertFalse(job.estimate_ids)
        self.assertFalse(job.invoice_ids)
        self.assertFalse(job.client_note_published)

    def test_refusal_over_json_2_with_an_api_key(self):
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.tech)
            ._generate(
                None, "Integration", fields.Datetime.add(fields.Datetime.now(), days=1)
            )
        )
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/json/2/fsm.job/write",
                json={
                    "ids": self.job.ids,
                    "vals": {"signed_on": "2020-01-01 00:00:00"},
                },
                headers={"Authorization": f"bearer {key}"},
            )
        self.assertEqual(response.status_code, 403)
        error = response.json()
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("cannot be changed directly", error["message"])
        self.job.invalidate_recordset()
        self.assertFalse(self.job.signed_on)
        # the same key may do what the technician may do
        response = self.url_open(
            "/json/2/fsm.job/write",
            json={"ids": self.job.ids, "vals": {"signed_by": "Dr. Port"}},
            headers={"Authorization": f"bearer {key}"},
        )
        self.assertEqual(response.status_code, 200)
        self.job.invalidate_recordset()
        self.assertEqual(self.job.signed_by, "Dr. Port")
        # a status that is none is refused in words, not with a server error
        status = self.job.status_id
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/json/2/fsm.job/write",
                json={"ids": self.job.ids, "vals": {"status_id": False}},
                headers={"Authorization": f"bearer {key}"},
            )
        self.assertEqual(response.status_code, 422)
        self.assertIn("workflow statuses", response.json()["message"])
        self.job.invalidate_recordset()
        self.assertEqual(self.job.status_id, status)
