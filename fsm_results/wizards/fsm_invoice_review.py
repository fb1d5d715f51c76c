from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare


class FsmInvoiceReview(models.TransientModel):
    """Open/Edit of a job's draft invoice for someone without Odoo's billing rights:
    its lines, notes and reference, saved through the invoice's checked write (the
    unit price only with "Edit unit prices"), then confirmed if they wish."""

    _name = "fsm.invoice.review"
    _description = "Review a Job's Draft Invoice"

    invoice_id = fields.Many2one("account.move", required=True, readonly=True)
    partner_id = fields.Many2one(
        related="invoice_id.partner_id", string="Bill To", compute_sudo=False
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id", compute_sudo=False)
    line_ids = fields.One2many("fsm.invoice.review.line", "review_id", string="Lines")
    narration = fields.Html(string="Notes for the Client")
    ref = fields.Char(string="Client Reference")
    may_edit_price = fields.Boolean(compute="_compute_may_edit_price")
    amount_untaxed = fields.Monetary(compute="_compute_amount_untaxed")

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        invoice = self.env["account.move"].browse(values.get("invoice_id"))
        if invoice:
            values.update(self._invoice_values(invoice))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        # A review made with the invoice in its values (not in its defaults, as the
        # job's Open/Edit does) starts from the invoice as it is too: an empty
        # review is not "remove every line".
        vals_list = [
            dict(
                self._invoice_values(
                    self.env["account.move"].browse(vals["invoice_id"])
                ),
                **vals,
            )
            if vals.get("invoice_id") and "line_ids" not in vals
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    @api.model
    def _invoice_values(self, invoice):
        """The review of ``invoice`` as it is: its notes, reference and lines."""
        if invoice._fsm_billing_limited():
            invoice._fsm_check_reviewable()
        return {
            "narration": invoice.narration,
            "ref": invoice.ref,
            "line_ids": [
                Command.create(
                    {
                        "invoice_line_id": line.id,
                        "name": line.name,
                        "quantity": line.quantity,
                        "price_unit": line.price_unit,
                        "discount": line.discount,
                    }
                )
                for line in invoice.invoice_line_ids
                if line.display_type == "product"
            ],
        }

    @api.depends_context("uid")
    def _compute_may_edit_price(self):
        may = not self.env["account.move"]._fsm_billing_limited() or (
            self.env.user._fsm_has_setting("edit_price")
        )
        for review in self:
            review.may_edit_price = may

    @api.depends("line_ids.price_subtotal")
    def _compute_amount_untaxed(self):
        for review in self:
            review.amount_untaxed = sum(review.line_ids.mapped("price_subtotal"))

    def action_save(self):
        self.ensure_one()
        self.invoice_id.write(self._prepare_invoice_values())
        return {"type": "ir.actions.act_window_close"}

    def action_save_and_confirm(self):
        self.action_save()
        self.invoice_id.action_post()
        return {"type": "ir.actions.act_window_close"}

    def _prepare_invoice_values(self):
        """Only what changed: the invoice's checked write says what is allowed."""
        invoice = self.invoice_id
        commands = []
        kept = self.line_ids.invoice_line_id
        for line in invoice.invoice_line_ids.filtered(
            lambda aml: aml.display_type == "product"
        ):
            if line not in kept:
                commands.append(Command.delete(line.id))
        if self.line_ids.filtered(lambda row: not row.invoice_line_id):
            raise UserError(
                self.env._(
                    "Add products to the job (Was Used), not to its invoice: the "
                    "invoice then follows what was used on site."
                )
            )
        for row in self.line_ids:
            changes = row._changes()
            if changes:
                commands.append(Command.update(row.invoice_line_id.id, changes))
        values = {"invoice_line_ids": commands} if commands else {}
        if (self.narration or False) != (invoice.narration or False):
            values["narration"] = self.narration
        if (self.ref or False) != (invoice.ref or False):
            values["ref"] = self.ref
        return values


class FsmInvoiceReviewLine(models.TransientModel):
    _name = "fsm.invoice.review.line"
    _description = "Review a Job's Draft Invoice: Line"

    review_id = fields.Many2one("fsm.invoice.review", required=True, ondelete="cascade")
    invoice_line_id = fields.Many2one("account.move.line", readonly=True)
    product_id = fields.Many2one(
        related="invoice_line_id.product_id", compute_sudo=False
    )
    currency_id = fields.Many2one(related="review_id.currency_id")
    name = fields.Text(string="Description")
    quantity = fields.Float(digits="Product Unit")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", string="Amount")

    @api.depends("quantity", "price_unit", "discount")
    def _compute_price_subtotal(self):
        for row in self:
            row.price_subtotal = (
                row.quantity * row.price_unit * (1 - (row.discount or 0.0) / 100.0)
            )

    def _changes(self):
        self.ensure_one()
        line = self.invoice_line_id
        changes = {}
        if (self.name or "") != (line.name or ""):
            changes["name"] = self.name
        for name, digits in (
            ("quantity", "Product Unit"),
            ("price_unit", "Product Price"),
            ("discount", "Discount"),
        ):
            precision = self.env["decimal.precision"].precision_get(digits)
            if float_compare(self[name], line[name], precision_digits=precision):
                changes[name] = self[name]
        return changes
