from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from .fsm_access import MAX_PRICE, MAX_QUANTITY

LINE_FIELDS = frozenset(
    {
        "product_id",
        "name",
        "planned_qty",
        "was_used",
        "qty_used",
        "uom_id",
        "lot_id",
        "sequence",
        # guarded further by the "Edit unit prices" setting
        "price_unit",
        "tax_ids",
    }
)
# What sets what the client pays for a line: its price and taxes, and what they
# follow (a product or unit written, even unchanged, recomputes them).
PRICED_BY = frozenset({"price_unit", "tax_ids", "uom_id", "product_id"})
# What leaves the van when a job is done, and what was planned: frozen on a closed
# job (its price may still be set before invoicing, with the setting).
STOCK_FIELDS = frozenset(
    {"product_id", "was_used", "qty_used", "uom_id", "lot_id", "planned_qty"}
)


class FsmJobLine(models.Model):
    _name = "fsm.job.line"
    _description = "Job Product or Service"
    _inherit = ["fsm.guarded.mixin"]
    _order = "job_id, sequence, id"
    _fsm_technician_fields = LINE_FIELDS
    _fsm_dispatcher_fields = LINE_FIELDS
    _fsm_parent_field = "job_id"

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
        uom = self.uom_id or self.product_id.uom_id
        return self.product_id.uom_id._compute_price(self.product_id.lst_price, uom)

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            line.tax_ids = line._get_default_taxes()

    def _get_default_taxes(self):
        """The product's sale taxes, mapped by the client's fiscal position."""
        self.ensure_one()
        taxes = self.product_id.taxes_id._filter_taxes_by_company(self.company_id)
        position = (
            self.env["account.fiscal.position"]._get_fiscal_position(
                self.job_id.partner_id
            )
            if self.job_id.partner_id
            else False
        )
        return position.map_tax(taxes) if position else taxes

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

    # -- constraints -----------------------------------------------------------------
    @api.constrains("planned_qty", "qty_used", "was_used", "price_unit")
    def _check_amounts(self):
        for line in self:
            product = line.product_id.display_name
            for qty, label in (
                (line.planned_qty, self.env._("Planned")),
                (line.qty_used, self.env._("Quantity Used")),
            ):
                if qty < 0 or qty > MAX_QUANTITY:
                    raise ValidationError(
                        self.env._(
                            "%(label)s of %(product)s must be between 0 and %(max)s "
                            "(it is %(qty)s).",
                            label=label,
                            product=product,
                            max=f"{MAX_QUANTITY:,}",
                            qty=qty,
                        )
                    )
            if line.was_used and line.qty_used <= 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s is marked as used: give the quantity used, or "
                        "untick Was Used.",
                        product=product,
                    )
                )
            if line.price_unit < 0 or line.price_unit >= MAX_PRICE:
                raise ValidationError(
                    self.env._(
                        "The unit price of %(product)s must be zero or more and below "
                        "%(max)s: a refund or a discount belongs on a credit note.",
                        product=product,
                        max=f"{MAX_PRICE:,}",
                    )
                )

    @api.constrains("uom_id", "product_id")
    def _check_uom(self):
        for line in self.filtered("uom_id"):
            if not line.product_id.uom_id._has_common_reference(line.uom_id):
                raise ValidationError(
                    self.env._(
                        "%(product)s is counted in %(unit)s: %(other)s cannot be "
                        "converted to it.",
                        product=line.product_id.display_name,
                        unit=line.product_id.uom_id.name,
                        other=line.uom_id.name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for line in self.filtered("lot_id"):
            if line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot/serial %(lot)s is not a %(product)s.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed_or_taken(self):
        self._check_not_frozen(STOCK_FIELDS)
        if not self._may_edit_price():
            # deleted and added again, a line would come back at the list price
            priced = self.filtered(lambda line: line._pricing_differs())
            if priced:
                raise AccessError(
                    self.env._(
                        "%(product)s on %(job)s has a price set by the office: it "
                        "stays, or someone allowed to edit unit prices removes it.",
                        product=priced[0].product_id.display_name,
                        job=priced[0].job_id.name,
                    )
                )
        billed = self.filtered(lambda line: line.qty_invoiced or line.qty_moved)
        if billed:
            raise UserError(
                self.env._(
                    "%(product)s on %(job)s is already invoiced or taken from the van: "
                    "it cannot be deleted (untick Was Used on an open job, or ask for "
                    "a credit note).",
                    product=billed[0].product_id.display_name,
                    job=billed[0].job_id.name,
                )
            )

    def _check_not_frozen(self, field_names):
        """What was used on a closed job already left the van: reopen it first."""
        if STOCK_FIELDS.intersection(field_names):
            self.job_id._fsm_check_open(self.env._("products used"))

    # -- who writes what: the role's fields, then the price setting, every path ---
    @api.model_create_multi
    def create(self, vals_list):
        self._fsm_check_create(vals_list)
        lines = super().create(vals_list)
        for line, vals in zip(lines, vals_list, strict=True):
            line._check_not_frozen(vals)
        if not self._may_edit_price():
            for line, vals in zip(lines, vals_list, strict=True):
                if (
                    "price_unit" in vals or "tax_ids" in vals
                ) and line._pricing_differs():
                    line._refuse_price_edit()
        lines._track_prices(None)
        return lines

    def write(self, vals):
        self._fsm_check_fields(vals)
        self._check_not_frozen(vals)
        if "product_id" in vals:
            changed = self.filtered(
                lambda line: line.product_id.id != vals["product_id"]
            )
            changed._check_product_change()
        if {"product_id", "uom_id"}.intersection(vals) and not self._may_edit_price():
            # A price someone set (not the list price) is not lost by switching the
            # product or unit away and back.
            resold = self.filtered(
                lambda line: any(
                    name in vals and line[name].id != vals[name]
                    for name in ("product_id", "uom_id")
                )
                and line._pricing_differs()
            )
            if resold:
                raise AccessError(
                    self.env._(
                        "%(product)s on %(job)s has a price set by the office: add a "
                        "new line for another product or unit, or ask someone allowed "
                        "to edit unit prices.",
                        product=resold[0].product_id.display_name,
                        job=resold[0].job_id.name,
                    )
                )
        if not PRICED_BY.intersection(vals):
            return super().write(vals)
        before = {line: line.price_unit for line in self}
        taxes_before = {line: line.tax_ids for line in self}
        sold_before = {line: (line.product_id, line.uom_id) for line in self}
        result = super().write(vals)
        changed = self.filtered(
            lambda line: line._price_differs(before[line])
            or line.tax_ids != taxes_before[line]
        )
        if changed and not self._may_edit_price():
            # The default of another product or unit is not an edit; anything else
            # that moves the price is, a price set back to the list price included.
            edited = changed.filtered(
                lambda line: line._pricing_differs()
                or (line.product_id, line.uom_id) == sold_before[line]
            )
            if edited:
                edited[0]._refuse_price_edit()
        changed.filtered(lambda line: line._price_differs(before[line]))._track_prices(
            before
        )
        return result

    def _check_product_change(self):
        billed = self.filtered(lambda line: line.qty_invoiced or line.qty_moved)
        if billed:
            raise UserError(
                self.env._(
                    "%(product)s on %(job)s is already invoiced or taken from the van: "
                    "add a new line instead of changing its product.",
                    product=billed[0].product_id.display_name,
                    job=billed[0].job_id.name,
                )
            )

    def _pricing_differs(self):
        """The price or taxes differ from what the client's pricelist and the
        product give."""
        self.ensure_one()
        return (
            self._price_differs(self._get_default_price())
            or self.tax_ids != self._get_default_taxes()
        )

    def _may_edit_price(self):
        return self.env.su or self.env.user._fsm_has_setting("edit_price")

    def _price_differs(self, price):
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return float_compare(self.price_unit, price, precision_digits=digits) != 0

    def _refuse_price_edit(self):
        raise AccessError(
            self.env._(
                "You are not allowed to change the unit price or taxes of "
                "%(product)s on %(job)s. Ask an administrator to switch on 'Edit unit "
                "prices' in your FSM Settings.",
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
