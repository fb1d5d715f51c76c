from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from .common import SIGNATURE, FsmCommon, ensure_chart_of_accounts


class FsmBillingCommon(FsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)
        cls.billing_address = cls.env["res.partner"].create(
            {"name": "Lakeside AP", "type": "invoice", "parent_id": cls.customer.id}
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Pump seal",
                "type": "consu",
                "is_storable": True,
                "list_price": 25.0,
                "default_code": "PART-SEAL",
            }
        )
        cls.filter = cls.env["product.product"].create(
            {"name": "Air filter", "type": "consu", "list_price": 12.0}
        )
        cls.flat_product = cls.env["product.product"].create(
            {
                "name": "Chair inspection",
                "type": "service",
                "default_code": "SVC-INSP",
                "list_price": 150.0,
            }
        )
        cls.flat_type = cls.env["fsm.service.type"].create(
            {
                "name": "Chair inspection",
                "product_id": cls.flat_product.id,
                "billing_mode": "flat",
                "rate": 150.0,
            }
        )
        cls.billing_tech = new_test_user(
            cls.env,
            login="fsm_test_billing_tech",
            groups="fsm_results.group_fsm_technician,fsm_results.group_fsm_invoice,"
            "fsm_results.group_fsm_estimate,fsm_results.group_fsm_email_invoice",
            tz="UTC",
        )

    def _finish(self, job):
        """Walk the job to Done as a technician would."""
        if job.status_kind != "in_progress":
            self._to_in_progress(job)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        job.action_complete()

    def _line(self, job, product, planned=1.0, used=None, **values):
        line = self.env["fsm.job.line"].create(
            {
                "job_id": job.id,
                "product_id": product.id,
                "planned_qty": planned,
                **values,
            }
        )
        if used is not None:
            line.write({"was_used": True, "qty_used": used})
        return line


class TestFsmInvoice(FsmBillingCommon):
    def test_invoice_bill_to_ship_to_and_hourly_base_line(self):
        job = self._job(location_id=self.location.id, user_id=self.billing_tech.id)
        self._to_in_progress(job)
        self._shift_history(job, 2)  # 2 hours of work
        job._pause(self.reason_parts)  # not billable
        self._shift_history(job, 1)
        job._resume()
        job._pause(self.reason_approval)  # billable
        self._shift_history(job, 0.5)
        job._resume()
        self._line(job, self.filter, planned=2, used=3)
        self._line(job, self.filter, planned=5)  # planned, never used
        action = job.with_user(self.billing_tech).action_generate_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.partner_id, self.billing_address, "Bill To")
        self.assertEqual(invoice.partner_shipping_id, self.location, "Ship To")
        self.assertEqual(invoice.invoice_origin, job.name)
        base, used = invoice.invoice_line_ids.sorted("sequence")
        self.assertEqual(base.product_id.default_code, "SVC-CHAIR")
        self.assertAlmostEqual(
            base.quantity, 2.5, places=2, msg="worked + billable pause"
        )
        self.assertEqual(base.price_unit, 80.0)
        self.assertEqual((used.product_id, used.quantity), (self.filter, 3.0))
        self.assertEqual(used.price_unit, 12.0)
        self.assertEqual(job.invoice_ids, invoice)

    def test_flat_rate_base_line_is_one_unit_once_done(self):
        job = self._job(service_type_id=self.flat_type.id)
        self._finish(job)
        job.action_generate_invoice()
        line = job.invoice_ids.invoice_line_ids
        self.assertEqual(line.product_id.default_code, "SVC-INSP")
        self.assertEqual((line.quantity, line.price_unit), (1.0, 150.0))

    def test_nothing_is_invoiced_twice_and_a_credit_note_frees_it(self):
        job = self._job(service_type_id=self.flat_type.id)
        used = self._line(job, self.filter, used=2)
        self._finish(job)
        job.action_generate_invoice()
        first = job.invoice_ids
        self.assertEqual(used.qty_invoiced, 2.0)
        with self.assertRefused(UserError, "Nothing left to invoice"):
            job.action_generate_invoice()
        self.assertEqual(job.invoice_ids, first)
        # progress billing: more used later is billed on its own invoice
        used.qty_used = 3
        job.action_generate_invoice()
        second = job.invoice_ids - first
        self.assertEqual(second.invoice_line_ids.mapped("quantity"), [1.0])
        # a credit note of the first invoice frees what it reverses
        first.action_post()
        reversal = first._reverse_moves()
        self.assertIn(reversal, job.invoice_ids)
        self.assertEqual(used.qty_invoiced, 1.0)
        job.action_generate_invoice()
        third = job.invoice_ids - first - second - reversal
        self.assertEqual(sorted(third.invoice_line_ids.mapped("quantity")), [1.0, 2.0])

    def test_generate_invoice_without_the_setting_is_refused(self):
        job = self._job(user_id=self.tech.id, service_type_id=self.flat_type.id)
        self._line(job, self.filter, used=1)
        with self.assertRefused(AccessError, "Generate invoices"):
            job.with_user(self.tech).action_generate_invoice()
        self.assertFalse(job.invoice_ids)

    def test_batch_of_jobs_gives_one_invoice_per_job(self):
        other_customer = self.env["res.partner"].create({"name": "Hilltop Clinic"})
        jobs = self._job(service_type_id=self.flat_type.id) | self._job(
            partner_id=other_customer.id, service_type_id=self.flat_type.id
        )
        for job, qty in zip(jobs, (1, 4), strict=True):
            self._line(job, self.filter, used=qty)
            self._finish(job)
        # the list's action menu: Generate Invoices on the selected jobs
        self.env.ref("fsm_results.fsm_job_action_server_generate_invoice").with_context(
            active_model="fsm.job", active_ids=jobs.ids
        ).run()
        for job, qty in zip(jobs, (1, 4), strict=True):
            invoice = job.invoice_ids
            self.assertEqual(len(invoice), 1)
            self.assertEqual(invoice.partner_id, job.invoice_partner_id)
            self.assertEqual(
                invoice.invoice_line_ids.fsm_job_id, job, "no line of another job"
            )
            self.assertIn(qty, invoice.invoice_line_ids.mapped("quantity"))

    def test_job_shows_invoiced_paid_and_due(self):
        job = self._job(service_type_id=self.flat_type.id)
        self._finish(job)
        job.action_generate_invoice()
        invoice = job.invoice_ids
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 50.0})._create_payments()
        job.invalidate_recordset()
        self.assertAlmostEqual(job.amount_invoiced, invoice.amount_total)
        self.assertAlmostEqual(job.amount_paid, 50.0)
        self.assertAlmostEqual(job.amount_due, invoice.amount_total - 50.0)


class TestFsmUnitPrice(FsmBillingCommon):
    def test_price_comes_from_the_pricelist_or_the_service_rate(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Clinics",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.filter.id,
                            "compute_price": "fixed",
                            "fixed_price": 9.5,
                        }
                    )
                ],
            }
        )
        self.customer.property_product_pricelist = pricelist
        job = self._job()
        self.assertEqual(self._line(job, self.filter).price_unit, 9.5)
        self.assertEqual(self._line(job, self.service_product).price_unit, 80.0)

    def test_price_edit_refused_without_the_setting_on_every_path(self):
        job = self._job(user_id=self.tech.id)
        line = self._line(job, self.filter)
        lines = self.env["fsm.job.line"].with_user(self.tech)
        # write (what RPC calls)
        with self.assertRefused(AccessError, "Edit unit prices"):
            line.with_user(self.tech).write({"price_unit": 1.0})
        # create with a price
        with self.assertRefused(AccessError, "Edit unit prices"):
            lines.create(
                {"job_id": job.id, "product_id": self.filter.id, "price_unit": 2}
            )
        # import
        result = lines.load(
            ["job_id/.id", "product_id/.id", "price_unit"],
            [[str(job.id), str(self.filter.id), "3.0"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("Edit unit prices", result["messages"][0]["message"])
        # the form, as the UI does it
        with self.assertRefused(AccessError, "Edit unit prices"):
            with Form(line.with_user(self.tech)) as form:
                form.price_unit = 4.0
        line.invalidate_recordset()
        self.assertEqual(line.price_unit, 12.0)
        self.assertEqual(len(job.line_ids), 1)
        # what the technician may do: quantities, Was Used, a new line at list price
        line.with_user(self.tech).write({"was_used": True, "qty_used": 2})
        new = lines.create({"job_id": job.id, "product_id": self.filter.id})
        self.assertEqual(new.price_unit, 12.0)

    def test_price_edit_allowed_with_the_setting_and_tracked(self):
        self.tech.fsm_can_edit_price = True
        job = self._job(user_id=self.tech.id)
        line = self._line(job, self.filter)
        messages = job.message_ids
        line.with_user(self.tech).price_unit = 10.0
        self.assertEqual(line.price_unit, 10.0)
        note = job.message_ids - messages
        self.assertEqual(len(note), 1)
        self.assertIn("12.00", note.body)
        self.assertIn("10.00", note.body)
        self.assertEqual(note.author_id, self.tech.partner_id)


class TestFsmVanStock(FsmBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.van = cls.env["stock.location"].create(
            {
                "name": "Van Tom",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
        )
        cls.tech.fsm_van_location_id = cls.van
        cls.serial_part = cls.env["product.product"].create(
            {
                "name": "Control board",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 300,
            }
        )
        cls.serial = cls.env["stock.lot"].create(
            {"name": "CB-0001", "product_id": cls.serial_part.id}
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.part, cls.van, 5)
        Quant._update_available_quantity(cls.serial_part, cls.van, 1, lot_id=cls.serial)

    def _van_qty(self, product, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            product, self.van, lot_id=lot, strict=True
        )

    def test_completing_moves_used_stock_from_the_van_with_lots(self):
        job = self._job(user_id=self.tech.id)
        self._line(job, self.part, used=2)
        self._line(job, self.serial_part, used=1, lot_id=self.serial.id)
        self._line(job, self.part, planned=3)  # planned, not used: stays in the van
        self._finish(job)
        picking = job.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.location_id, self.van)
        self.assertEqual(picking.location_dest_id.usage, "customer")
        self.assertEqual(self._van_qty(self.part), 3)
        self.assertEqual(self._van_qty(self.serial_part, self.serial), 0)
        serial_line = picking.move_line_ids.filtered(
            lambda ml: ml.product_id == self.serial_part
        )
        self.assertEqual(serial_line.lot_id, self.serial)

    def test_reopened_job_does_not_move_stock_twice(self):
        job = self._job(user_id=self.tech.id)
        line = self._line(job, self.part, used=2)
        self._finish(job)
        job._move_to_status(self.status_in_progress)  # reopened
        line.qty_used = 3
        job.action_complete()
        self.assertEqual(self._van_qty(self.part), 2)
        self.assertEqual(line.qty_moved, 3)
        self.assertEqual(len(job.picking_ids), 2)

    def test_shortage_is_a_clear_message_and_the_job_stays_open(self):
        job = self._job(user_id=self.tech.id)
        self._line(job, self.part, used=9)
        self._to_in_progress(job)
        with self.assertRefused(UserError, "Pump seal.*9.*5.*Van Tom"):
            self._finish(job)
        self.assertEqual(job.status_id, self.status_in_progress)
        self.assertEqual(self._van_qty(self.part), 5)

    def test_tracked_product_needs_its_serial(self):
        job = self._job(user_id=self.tech.id)
        self._line(job, self.serial_part, used=1)
        self._to_in_progress(job)
        with self.assertRefused(UserError, "lot/serial number of Control board"):
            self._finish(job)
        self.assertFalse(job.picking_ids)


class TestFsmEstimate(FsmBillingCommon):
    def test_estimate_is_a_quotation_and_acceptance_fills_planned_lines(self):
        job = self._job(location_id=self.location.id, user_id=self.billing_tech.id)
        self._line(job, self.filter, planned=2)
        action = job.with_user(self.billing_tech).action_generate_estimate()
        order = job.estimate_ids
        self.assertEqual(len(order), 1)
        # Without sales rights, the technician sees the estimate as the client does.
        self.assertEqual(action["url"], order.get_portal_url())
        self.assertEqual(
            job.with_user(self.billing_tech).estimate_view_ids.mapped("name"),
            [order.name],
        )
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id, self.location)
        self.assertEqual(order.partner_invoice_id, self.billing_address)
        base, planned = order.order_line
        self.assertEqual(
            (base.product_id, base.product_uom_qty, base.price_unit),
            (self.service_product, 2.0, 80.0),
        )
        self.assertEqual(
            (planned.product_id, planned.product_uom_qty), (self.filter, 2.0)
        )
        # the client asks for more filters and a seal, then accepts
        planned.product_uom_qty = 4
        order.order_line = [
            Command.create({"product_id": self.part.id, "product_uom_qty": 1})
        ]
        jobs_before = self.Job.search_count([])
        order.action_confirm()
        self.assertEqual(self.Job.search_count([]), jobs_before, "no second job")
        by_product = {line.product_id: line.planned_qty for line in job.line_ids}
        self.assertEqual(by_product, {self.filter: 4.0, self.part: 1.0})

    def test_estimate_without_the_setting_is_refused(self):
        job = self._job(user_id=self.tech.id)
        with self.assertRefused(AccessError, "Generate estimates"):
            job.with_user(self.tech).action_generate_estimate()
        self.assertFalse(job.estimate_ids)


class TestFsmInvoiceActions(FsmBillingCommon):
    def _posted_invoice(self):
        job = self._job(service_type_id=self.flat_type.id, user_id=self.billing_tech.id)
        self._finish(job)
        job.action_generate_invoice()
        job.invoice_ids.action_post()
        return job, job.invoice_ids

    def test_open_view_and_email_with_the_pdf_attached(self):
        _job, invoice = self._posted_invoice()
        invoice = invoice.with_user(self.billing_tech)
        self.assertEqual(invoice.action_fsm_open()["res_id"], invoice.id)
        self.assertIn(f"/my/invoices/{invoice.id}", invoice.action_fsm_view()["url"])
        action = invoice.action_fsm_email()
        composer = Form(
            self.env[action["res_model"]]
            .with_user(self.billing_tech)
            .with_context(**action["context"])
        )
        self.assertEqual(
            composer.template_id, self.env.ref("fsm_results.mail_template_fsm_invoice")
        )
        self.assertIn(invoice.name, composer.subject)
        self.assertIn(invoice.name, str(composer.body))
        self.assertEqual(len(composer.attachment_ids), 1)
        # The invoice report; Odoo renders it as HTML instead of PDF in test mode.
        self.assertEqual(
            composer.attachment_ids[0].name.rsplit(".", 1)[0], invoice.name
        )
        composer.body = "<p>Edited before sending</p>"
        self.assertFalse(invoice.is_move_sent)
        composer.save().action_send_mail()
        sent = invoice.message_ids[0]
        self.assertIn("Edited before sending", sent.body)
        self.assertEqual(sent.attachment_ids.name.rsplit(".", 1)[0], invoice.name)
        # marked as sent, as Odoo's Send & Print does (the phone shows it)
        self.assertTrue(invoice.is_move_sent)

    def test_email_needs_the_setting_an_accountant_keeps_odoo_rights(self):
        _job, invoice = self._posted_invoice()
        self.billing_tech.fsm_can_email_invoice = False
        with self.assertRefused(AccessError, "Email invoices"):
            invoice.with_user(self.billing_tech).action_fsm_email()
        accountant = new_test_user(
            self.env, login="fsm_accountant", groups="account.group_account_invoice"
        )
        action = invoice.with_user(accountant).action_fsm_email()
        self.assertEqual(action["res_model"], "mail.compose.message")


class TestFsmReportsForms(FsmBillingCommon):
    def test_service_report_renders_photos_signature_and_published_notes(self):
        job = self._job(user_id=self.tech.id)
        self._line(job, self.filter, used=1)
        self.env["fsm.job.photo"].create(
            [
                {
                    "job_id": job.id,
                    "phase": "before",
                    "image": SIGNATURE,
                    "caption": "Leak",
                },
                {
                    "job_id": job.id,
                    "phase": "after",
                    "image": SIGNATURE,
                    "caption": "Private",
                    "share_with_client": False,
                },
            ]
        )
        job.client_note_draft = "<p>Seal replaced</p>"
        job.action_publish_client_note()
        job.client_note_draft = "<p>Draft never shared</p>"
        self._finish(job)
        report = self.env.ref("fsm_results.action_report_fsm_service_report")
        html = str(report._render_qweb_html(report.report_name, job.ids)[0])
        self.assertIn("Leak", html)
        self.assertNotIn("Private", html)
        self.assertIn("Seal replaced", html)
        self.assertNotIn("Draft never shared", html)
        self.assertIn("o_fsm_report_signature", html)
        self.assertIn("Air filter", html)
        # A QWeb PDF report (wkhtmltopdf itself is not run in tests: it would call
        # back the test server while the test holds the database).
        self.assertEqual(report.report_type, "qweb-pdf")
        # and it goes to the client by email, attached
        action = job.action_email_service_report()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn(job.name, composer.subject)
        self.assertEqual(
            composer.attachment_ids[0].name.rsplit(".", 1)[0],
            f"Service Report - {job.name}",
        )

    def test_job_sheet_lists_the_work_steps_and_planned_lines(self):
        job = self._job(description="<p>Chair 3 leaks oil</p>")
        self._line(job, self.filter, planned=2)
        report = self.env.ref("fsm_results.action_report_fsm_job_sheet")
        html = str(report._render_qweb_html(report.report_name, job.ids)[0])
        self.assertIn(job.name, html)
        self.assertIn("Chair 3 leaks oil", html)
        self.assertIn("Replace the pump", html)
        self.assertIn("Air filter", html)

    def test_required_form_question_blocks_completed(self):
        template = self.env["fsm.form.template"].create(
            {
                "name": "Safety check",
                "service_type_ids": [Command.link(self.service_type.id)],
                "question_ids": [
                    Command.create(
                        {
                            "name": "Gas smell?",
                            "question_type": "yes_no",
                            "required": True,
                        }
                    ),
                    Command.create({"name": "Remarks", "question_type": "text"}),
                ],
            }
        )
        job = self._job()
        self.assertEqual(job.form_ids.template_id, template)
        self._to_in_progress(job)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        with self.assertRefused(UserError, "Safety check.*Gas smell"):
            job.action_complete()
        self.assertEqual(job.status_id, self.status_in_progress)
        job.form_ids.answer_ids.filtered("required").value_yes_no = "no"
        job.action_complete()
        self.assertEqual(job.status_kind, "done")
