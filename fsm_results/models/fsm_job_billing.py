from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare, float_is_zero

from .mail_composer import composer_action


class FsmJob(models.Model):
    _inherit = "fsm.job"

    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many(
        "fsm.job.line", "job_id", string="Products & Services", copy=True
    )
    estimate_ids = fields.One2many(
        "sale.order", "fsm_estimate_job_id", string="Estimates", readonly=True
    )
    estimate_count = fields.Integer(compute="_compute_estimate_count")
    estimate_view_ids = fields.One2many(
        "fsm.job.estimate", "job_id", string="Job Estimates", readonly=True
    )
    invoice_line_ids = fields.One2many(
        "account.move.line",
        "fsm_job_id",
        string="Invoice Lines",
        readonly=True,
        groups="account.group_account_invoice",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        compute="_compute_invoice_ids",
        search="_search_invoice_ids",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    picking_ids = fields.One2many("stock.picking", "fsm_job_id", string="Transfers")
    service_qty_invoiced = fields.Float(
        compute="_compute_invoice_ids", string="Service Invoiced"
    )
    amount_estimated = fields.Monetary(
        compute="_compute_amount_estimated", string="Estimated"
    )
    amount_invoiced = fields.Monetary(
        compute="_compute_amounts_billed", string="Invoiced"
    )
    amount_paid = fields.Monetary(compute="_compute_amounts_billed", string="Paid")
    amount_due = fields.Monetary(
        compute="_compute_amounts_billed", string="Balance Due"
    )

    # -- computes ------------------------------------------------------------------
    def _compute_estimate_count(self):
        counts = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("fsm_estimate_job_id", "in", self.ids)],
                ["fsm_estimate_job_id"],
                ["__count"],
            )
        )
        for job in self:
            job.estimate_count = counts.get(job, 0)

    def _invoice_lines_by_job(self):
        """Customer invoice and credit note lines made from each job (technicians
        see what is billed without reading accounting records)."""
        return {
            job: job.sudo().invoice_line_ids.filtered(
                lambda line: line.parent_state != "cancel"
                and line.move_id.move_type in ("out_invoice", "out_refund")
            )
            for job in self
        }

    @api.depends(
        "invoice_line_ids.move_id",
        "invoice_line_ids.quantity",
        "invoice_line_ids.parent_state",
    )
    def _compute_invoice_ids(self):
        for job, lines in self._invoice_lines_by_job().items():
            job.invoice_ids = lines.move_id.with_env(self.env)
            job.invoice_count = len(lines.move_id)
            job.service_qty_invoiced = sum(
                (-1 if line.move_id.move_type == "out_refund" else 1) * line.quantity
                for line in lines
                if line.fsm_is_service_line
            )

    def _search_invoice_ids(self, operator, value):
        values = set(value) if operator in ("in", "not in") else {value}
        lines = [("fsm_job_id", "!=", False), ("parent_state", "!=", "cancel")]
        if values == {False} and operator in ("=", "in", "!=", "not in"):
            invoiced = self.env["account.move.line"].sudo()._search(lines)
            job_op = "not in" if operator in ("=", "in") else "in"
            return [("id", job_op, invoiced.subselect("fsm_job_id"))]
        matching = (
            self.env["account.move.line"]
            .sudo()
            ._search([*lines, ("move_id", operator, value)])
        )
        return [("id", "in", matching.subselect("fsm_job_id"))]

    @api.depends("line_ids.price_subtotal", "service_type_id")
    def _compute_amount_estimated(self):
        for job in self:
            service = job.service_type_id
            base = service.rate * (
                service.default_duration if service.billing_mode == "hourly" else 1.0
            )
            job.amount_estimated = base + sum(job.line_ids.mapped("price_subtotal"))

    @api.depends(
        "invoice_line_ids.move_id.amount_total_signed",
        "invoice_line_ids.move_id.amount_residual_signed",
        "invoice_line_ids.parent_state",
    )
    def _compute_amounts_billed(self):
        for job, lines in self._invoice_lines_by_job().items():
            moves = lines.move_id.filtered(lambda m: m.state == "posted")
            invoiced = sum(moves.mapped("amount_total_signed"))
            due = sum(moves.mapped("amount_residual_signed"))
            job.amount_invoiced = invoiced
            job.amount_due = due
            job.amount_paid = invoiced - due

    # -- estimates ---------------------------------------------------------------------
    def action_generate_estimate(self):
        """Generate Estimate: a quotation for the client from the job."""
        self.env.user._fsm_check_setting("estimate")
        self.check_access("write")
        # The checked path: a technician has no sales rights of their own.
        orders = (
            self.env["sale.order"]
            .sudo()
            .create([job._prepare_estimate_values() for job in self])
            .sudo(False)
        )
        self._message_log_batch(
            bodies={
                job.id: self.env._(
                    "Estimate %(order)s generated.", order=order._get_html_link()
                )
                for job, order in zip(self, orders, strict=True)
            }
        )
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            # Without sales rights, the estimate is seen as the client sees it.
            if len(orders) == 1:
                return self.env["fsm.job.estimate"].browse(orders.id).action_view()
            return True
        return self._action_open(orders, "sale.action_quotations_with_onboarding")

    def _prepare_estimate_values(self):
        self.ensure_one()
        lines = []
        service = self.service_type_id
        if service.product_id:
            lines.append(
                Command.create(
                    {
                        "product_id": service.product_id.id,
                        "product_uom_qty": service.default_duration
                        if service.billing_mode == "hourly"
                        else 1.0,
                        "price_unit": service.rate or service.product_id.lst_price,
                    }
                )
            )
        for line in self.line_ids:
            lines.append(
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "product_uom_qty": line.planned_qty,
                        "product_uom_id": line.uom_id.id,
                        "price_unit": line.price_unit,
                        "tax_ids": [Command.set(line.tax_ids.ids)],
                    }
                )
            )
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.invoice_partner_id.id,
            "partner_shipping_id": self.location_id.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "fsm_estimate_job_id": self.id,
            "order_line": lines,
        }

    def _fill_planned_lines_from(self, order):
        """An accepted estimate sets the job's planned lines (as the client agreed)."""
        self.ensure_one()
        service_product = self.service_type_id.product_id
        existing = {line.product_id: line for line in self.line_ids}
        to_create = []
        for so_line in order.order_line.filtered(
            lambda sol: sol.product_id and sol.product_id != service_product
        ):
            values = {
                "planned_qty": so_line.product_uom_qty,
                "uom_id": so_line.product_uom_id.id,
                "price_unit": so_line.price_unit,
                "tax_ids": [Command.set(so_line.tax_ids.ids)],
            }
            if so_line.product_id in existing:
                existing[so_line.product_id].sudo().write(values)
            else:
                to_create.append(
                    dict(
                        values,
                        job_id=self.id,
                        product_id=so_line.product_id.id,
                        name=so_line.name,
                    )
                )
        # The client accepted these prices: not a technician's price edit.
        self.env["fsm.job.line"].sudo().create(to_create)

    # -- invoices ----------------------------------------------------------------
    def action_generate_invoice(self):
        """Generate an Invoice: one customer invoice per job, of what is unbilled."""
        self.env.user._fsm_check_setting("invoice")
        self.check_access("write")
        values, nothing = [], self.browse()
        # Odoo looks analytic distribution models up once per invoice line; when the
        # companies have none, say so up front and spare a query per line.
        no_analytic_models = (
            not self.env["account.analytic.distribution.model"]
            .sudo()
            .search_count(
                [("company_id", "in", [*self.company_id.ids, False])], limit=1
            )
        )
        # Compute what is left to invoice for all jobs' lines at once.
        self.line_ids.mapped("qty_to_invoice")
        self.line_ids.mapped("tax_ids")
        # Odoo's default sale journal, looked up once per company, not per invoice.
        journals = {
            company: self.env["account.move"]
            .sudo()
            .with_company(company)
            .new({"move_type": "out_invoice", "company_id": company.id})
            .journal_id
            for company in self.company_id
        }
        for job in self:
            lines = job._prepare_invoice_lines()
            if no_analytic_models:
                for line in lines:
                    line["analytic_distribution"] = False
            if lines:
                values.append(
                    dict(
                        job._prepare_invoice_values(lines),
                        journal_id=journals[job.company_id].id,
                    )
                )
            else:
                nothing |= job
        if not values:
            raise UserError(
                self.env._(
                    "Nothing left to invoice on %(jobs)s: mark the products used "
                    "(Was Used) or record billable time first.",
                    jobs=", ".join(nothing.mapped("name")),
                )
            )
        # The checked path: a technician has no accounting rights of their own.
        invoices = self.env["account.move"].sudo().create(values).sudo(False)
        self._message_log_batch(
            bodies={
                invoice.invoice_line_ids.fsm_job_id[:1].id: self.env._(
                    "%(invoice)s generated.",
                    invoice=invoice._get_html_link(
                        title=self.env._(
                            "Draft invoice of %(amount)s",
                            amount=invoice.currency_id.format(invoice.amount_total),
                        )
                    ),
                )
                for invoice in invoices
            }
        )
        return self._action_open(invoices, "account.action_move_out_invoice_type")

    def _prepare_invoice_values(self, lines):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.invoice_partner_id.id,
            "partner_shipping_id": self.location_id.id,
            "invoice_origin": self.name,
            "company_id": self.company_id.id,
            "invoice_line_ids": [Command.create(line) for line in lines],
        }

    def _get_service_qty_to_invoice(self):
        self.ensure_one()
        service = self.service_type_id
        if not service.product_id:
            return 0.0
        if service.billing_mode == "hourly":
            due = round(self.billable_hours, 2)
        else:
            due = 1.0 if self.status_kind == "done" else 0.0
        return due - self._get_service_qty_billed()

    def _get_service_qty_billed(self):
        """How much of the base service is billed already. A job made for a sale
        order line shares that line's count: its invoices are linked to the line, and
        whatever the order invoiced itself counts too, so neither route bills the
        work a second time."""
        order_line = self.sale_line_id.sudo()
        if not order_line:
            return self.service_qty_invoiced
        return order_line.product_uom_id._compute_quantity(
            order_line.qty_invoiced, self.service_type_id.product_id.uom_id
        )

    def _prepare_invoice_lines(self):
        """The job's base service first, then every line marked Was Used."""
        self.ensure_one()
        lines = []
        service = self.service_type_id
        service_qty = self._get_service_qty_to_invoice()
        if float_compare(service_qty, 0.0, precision_digits=2) > 0:
            lines.append(
                dict(
                    {
                        "product_id": service.product_id.id,
                        "name": self.env._(
                            "%(service)s - %(job)s", service=service.name, job=self.name
                        ),
                        "quantity": service_qty,
                        "price_unit": service.rate or service.product_id.lst_price,
                        "fsm_job_id": self.id,
                        "fsm_is_service_line": True,
                    },
                    **self._prepare_sale_line_link(),
                )
            )
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        for line in self.line_ids.filtered("was_used"):
            if float_compare(line.qty_to_invoice, 0.0, precision_digits=digits) <= 0:
                continue
            lines.append(
                {
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "quantity": line.qty_to_invoice,
                    "product_uom_id": line.uom_id.id,
                    "price_unit": line.price_unit,
                    "tax_ids": [Command.set(line.tax_ids.ids)],
                    "fsm_job_id": self.id,
                    "fsm_job_line_id": line.id,
                }
            )
        return lines

    def _prepare_sale_line_link(self):
        """A job made for a sale order line bills its service as that line: at the
        price agreed on the order, and counted on the order as invoiced."""
        order_line = self.sale_line_id.sudo()
        if not order_line:
            return {}
        return {
            "price_unit": order_line.price_unit,
            "discount": order_line.discount,
            "tax_ids": [Command.set(order_line.tax_ids.ids)],
            "sale_line_ids": [Command.set(order_line.ids)],
        }

    def _action_open(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        form_view = records._fsm_form_view_id()
        if len(records) == 1:
            action.update(
                {
                    "res_id": records.id,
                    "views": [(form_view, "form")],
                    "view_mode": "form",
                }
            )
        else:
            action["domain"] = [("id", "in", records.ids)]
            if form_view:
                # Odoo's lists and forms are the accounting and sales teams'.
                action["views"] = [(False, "list"), (form_view, "form")]
                action["view_mode"] = "list,form"
        action["context"] = {}
        return action

    def action_email_service_report(self):
        """Email the service report: the composer with the template and the PDF."""
        self.ensure_one()
        return composer_action(
            self,
            "fsm_results.mail_template_fsm_service_report",
            self.env._("Email Service Report"),
        )

    def action_view_estimates(self):
        self.ensure_one()
        return self._action_open(
            self.estimate_ids, "sale.action_quotations_with_onboarding"
        )

    def action_view_invoices(self):
        self.ensure_one()
        return self._action_open(
            self.invoice_ids, "account.action_move_out_invoice_type"
        )

    # -- van stock ---------------------------------------------------------------
    def _move_to_status(self, status, pausing=False, resuming=False):
        result = super()._move_to_status(status, pausing=pausing, resuming=resuming)
        if status.kind == "done":
            self._consume_van_stock()
        return result

    def _get_van_location(self):
        self.ensure_one()
        return (
            self.user_id.fsm_van_location_id
            or self.env["stock.warehouse"]
            .search([("company_id", "=", self.company_id.id)], limit=1)
            .lot_stock_id
        )

    def _consume_van_stock(self):
        """Used stockable products leave the technician's van for the client, through
        validated transfers linked to the job; what already left is not moved again."""
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        todo = []
        for job in self:
            for line in job.line_ids.filtered(
                lambda ln: ln.was_used and ln.is_storable
            ):
                qty = line.qty_used - line.qty_moved
                if float_compare(qty, 0.0, precision_digits=digits) > 0:
                    todo.append((job, line, qty))
        if not todo:
            return
        no_lot = [
            line
            for _job, line, _qty in todo
            if line.tracking != "none" and not line.lot_id
        ]
        if no_lot:
            raise UserError(
                self.env._(
                    "Set the lot/serial number of %(products)s before completing.",
                    products=", ".join(
                        f"{line.product_id.display_name} ({line.job_id.name})"
                        for line in no_lot
                    ),
                )
            )
        self._check_van_availability(todo)
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .create(
                [
                    job._prepare_van_picking(lines)
                    for job, lines in _group_by_job(todo).items()
                ]
            )
        )
        pickings.action_confirm()
        moves = pickings.move_ids
        moves.move_line_ids.unlink()
        self.env["stock.move.line"].sudo().create(
            [
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "lot_id": move.fsm_job_line_id.lot_id.id,
                    "quantity": move.product_uom_qty,
                }
                for move in moves
            ]
        )
        moves.picked = True
        pickings._action_done()

    def _check_van_availability(self, todo):
        needed = defaultdict(float)
        for job, line, qty in todo:
            key = (job._get_van_location(), line.product_id, line.lot_id)
            needed[key] += line.uom_id._compute_quantity(qty, line.product_id.uom_id)
        locations = self.env["stock.location"].union(*(key[0] for key in needed))
        products = self.env["product.product"].union(*(key[1] for key in needed))
        available = defaultdict(float)
        for location, product, lot, quantity, reserved in (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "child_of", locations.ids),
                    ("product_id", "in", products.ids),
                ],
                ["location_id", "product_id", "lot_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        ):
            for van in locations:
                if location.parent_path.startswith(van.parent_path):
                    available[(van, product, lot)] += quantity - reserved
                    available[(van, product, None)] += quantity - reserved
        short = []
        for (van, product, lot), qty in needed.items():
            have = available[(van, product, lot if lot else None)]
            if float_compare(have, qty, precision_rounding=product.uom_id.rounding) < 0:
                short.append(
                    self.env._(
                        "%(product)s%(lot)s: %(need)s needed, %(have)s in %(van)s",
                        product=product.display_name,
                        lot=f" ({lot.name})" if lot else "",
                        need=qty,
                        have=0.0 if float_is_zero(have, precision_digits=4) else have,
                        van=van.display_name,
                    )
                )
        if short:
            raise UserError(
                self.env._(
                    "Not enough stock in the van to complete the job:\n%(lines)s\n"
                    "Restock the van or correct the quantities used.",
                    lines="\n".join(short),
                )
            )

    def _prepare_van_picking(self, lines):
        self.ensure_one()
        van = self._get_van_location()
        customer = self.location_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        picking_type = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.company_id.id)], limit=1)
            .out_type_id
        )
        return {
            "picking_type_id": picking_type.id,
            "location_id": van.id,
            "location_dest_id": customer.id,
            "partner_id": self.location_id.id,
            "origin": self.name,
            "fsm_job_id": self.id,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": qty,
                        "product_uom": line.uom_id.id,
                        "location_id": van.id,
                        "location_dest_id": customer.id,
                        "fsm_job_line_id": line.id,
                        "company_id": self.company_id.id,
                    }
                )
                for line, qty in lines
            ],
        }


def _group_by_job(todo):
    grouped = defaultdict(list)
    for job, line, qty in todo:
        grouped[job].append((line, qty))
    return grouped
