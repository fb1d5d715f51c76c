from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_compare


class FsmJobLine(models.Model):
    _name = "fsm.job.line"
    _description = "Field Service Job Product or Service"
    _order = "job_id, sequence, id"

    job_id = fields.Many2one("fsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Product or Service",
        required=True,
        domain=[("sale_ok", "=", True)],
    )
    name = fields.Text(
        string="Description", compute="_compute_name", store=True, readonly=False
    )
    planned_qty = fields.Float(string="Planned", digits="Product Unit", default=1.0)
    was_used = fields.Boolean(help="Used on site: invoiced and taken from the van.")
    qty_used = fields.Float(
        string="Quantity Used",
        digits="Product Unit",
        compute="_compute_qty_used",
        store=True,
        readonly=False,
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        domain=[("type_tax_use", "=", "sale")],
    )
    price_subtotal = fields.Monetary(compute="_compute_amounts", string="Subtotal")
    price_total = fields.Monetary(compute="_compute_amounts", string="Total")
    is_storable = fields.Boolean(related="product_id.is_storable")
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        domain="[('product_id', '=', product_id)]",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line",
        "fsm_job_line_id",
        string="Invoice Lines",
        readonly=True,
        groups="account.group_account_invoice",
    )
    qty_invoiced = fields.Float(
        compute="_compute_qty_invoiced", digits="Product Unit", string="Invoiced"
    )
    qty_to_invoice = fields.Float(
        compute="_compute_qty_invoiced", digits="Product Unit", string="To Invoice"
    )
    move_ids = fields.One2many(
        "stock.move", "fsm_job_line_id", readonly=True, groups="stock.group_stock_user"
    )
    qty_moved = fields.Float(
        compute="_compute_qty_moved",
        digits="Product Unit",
        string="Taken from Van",
    )
    may_edit_price = fields.Boolean(compute="_compute_may_edit_price")

    # -- computes ------------------------------------------------------------------
    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if line.product_id and (
                not line.uom_id or line.uom_id != line.product_id.uom_id
            ):
                line.uom_id = line.product_id.uom_id

    @api.depends("was_used", "planned_qty")
    def _compute_qty_used(self):
        for line in self:
            if line.was_used and not line.qty_used:
                line.qty_used = line.planned_qty
            elif not line.was_used:
                line.qty_used = 0.0

    @api.depends("product_id", "uom_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line._get_default_price()

    def _get_default_price(self):
        """The price the client's pricelist gives (the service type's rate for
        its own service)."""
        self.ensure_one()
        if not self.product_id:
            return 0.0
        service_type = self.job_id.service_type_id
        if self.product_id == service_type.product_id and service_type.rate:
            return service_type.rate
        pricelist = self.job_id.partner_id.property_product_pricelist
        if pricelist:
            return pricelist._get_product_price(
                self.product_id,
                self.planned_qty or 1.0,
                currency=self.currency_id,
                uom=self.uom_id or self.product_id.uom_id,
            )
        return self.product_id.lst_price

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            taxes = line.product_id.taxes_id._filter_taxes_by_company(line.company_id)
            position = (
                self.env["account.fiscal.position"]._get_fiscal_position(
                    line.job_id.partner_id
                )
                if line.job_id.partner_id
                else False
            )
            line.tax_ids = position.map_tax(taxes) if position else taxes

    @api.depends("qty_used", "planned_qty", "was_used", "price_unit", "tax_ids")
    def _compute_amounts(self):
        for line in self:
            quantity = line.qty_used if line.was_used else line.planned_qty
            taxes = line.tax_ids.compute_all(
                line.price_unit,
                currency=line.currency_id,
                quantity=quantity,
                product=line.product_id,
                partner=line.job_id.partner_id,
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]

    @api.depends("invoice_line_ids.quantity", "invoice_line_ids.parent_state")
    def _compute_qty_invoiced(self):
        for line in self:
            invoiced = 0.0
            # Technicians see how much is billed without reading invoices.
            for aml in line.sudo().invoice_line_ids:
                if aml.parent_state == "cancel":
                    continue
                sign = -1 if aml.move_id.move_type == "out_refund" else 1
                invoiced += sign * aml.product_uom_id._compute_quantity(
                    aml.quantity, line.uom_id
                )
            line.qty_invoiced = invoiced
            line.qty_to_invoice = (line.qty_used if line.was_used else 0.0) - invoiced

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_moved(self):
        for line in self:
            line.qty_moved = sum(
                move.product_uom._compute_quantity(move.quantity, line.uom_id)
                for move in line.sudo().move_ids
                if move.state == "done"
            )

    @api.depends_context("uid")
    def _compute_may_edit_price(self):
        allowed = self.env.user._fsm_has_setting("edit_price")
        for line in self:
            line.may_edit_price = allowed

    # -- unit price permission: one place, every path (form, RPC, import) ------------
    @api.model_create_multi
    def create(self, vals_list):
        priced = [vals for vals in vals_list if "price_unit" in vals]
        lines = super().create(vals_list)
        if priced and not self._may_edit_price():
            for line, vals in zip(lines, vals_list, strict=True):
                if "price_unit" in vals and line._price_differs(
                    line._get_default_price()
                ):
                    line._refuse_price_edit()
        lines._track_prices(None)
        return lines

    def write(self, vals):
        if "price_unit" not in vals:
            return super().write(vals)
        before = {line: line.price_unit for line in self}
        result = super().write(vals)
        changed = self.filtered(lambda line: line._price_differs(before[line]))
        if changed and not self._may_edit_price():
            # A recomputed default (new product, quantity, unit) is not an edit.
            edited = changed.filtered(
                lambda line: line._price_differs(line._get_default_price())
            )
            if edited:
                edited[0]._refuse_price_edit()
        changed._track_prices(before)
        return result

    def _may_edit_price(self):
        return self.env.su or self.env.user._fsm_has_setting("edit_price")

    def _price_differs(self, price):
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return float_compare(self.price_unit, price, precision_digits=digits) != 0

    def _refuse_price_edit(self):
        raise AccessError(
            self.env._(
                "You are not allowed to change the unit price of %(product)s on "
                "%(job)s. Ask an administrator to switch on 'Edit unit prices' in "
                "your FSM Settings.",
                product=self.product_id.display_name,
                job=self.job_id.name,
            )
        )

    def _track_prices(self, before):
        """Every unit price change is told on the job: old price, new price, who."""
        if before is None:
            return
        for line in self:
            line.job_id.message_post(
                body=self.env._(
                    "Unit price of %(product)s changed from %(old)s to %(new)s.",
                    product=line.product_id.display_name,
                    old=line.currency_id.format(before[line]),
                    new=line.currency_id.format(line.price_unit),
                ),
                subtype_xmlid="mail.mt_note",
            )
