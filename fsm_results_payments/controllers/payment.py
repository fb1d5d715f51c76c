"""Odoo's own invoice payment routes, for invoices made from jobs.

What ``payment.transaction.create`` refuses there (amount, currency, paid invoice,
someone else's name, an amount beyond what is left once payments under way are
counted) is checked on every route; these add what only the route knows:

* ``/invoice/transaction/<id>``: a visitor who is not logged in does not pay a
  job's invoice with the invoice's link alone (the signed Pay Now link the company
  sends is the way to pay without an account);
* ``/payment/pay?invoice_id=<id>``: its token signs partner, amount and currency,
  not the invoice, so a link made for another invoice of the client would pay this
  one: for a job's invoice it is refused.
"""

import math

from odoo.exceptions import ValidationError
from odoo.http import request, route

from odoo.addons.account_payment.controllers.payment import PaymentPortal


class FsmInvoicePaymentPortal(PaymentPortal):
    def _fsm_is_job_invoice(self, invoice_id):
        invoice = request.env["account.move"].sudo().browse(invoice_id).exists()
        return bool(invoice and invoice._fsm_job_invoices())

    @route()
    def invoice_transaction(self, invoice_id, access_token, **kwargs):
        if self._fsm_is_job_invoice(invoice_id):
            if request.env.user._is_public():
                raise ValidationError(
                    request.env._(
                        "Log in to pay this invoice, or use the payment link we sent "
                        "you."
                    )
                )
            amount = kwargs.get("amount")
            if amount is not None:
                amount = self._cast_as_float(amount)
                if amount is None or not math.isfinite(amount):
                    raise ValidationError(
                        request.env._("Enter an amount to pay, more than zero.")
                    )
                kwargs["amount"] = amount
        return super().invoice_transaction(invoice_id, access_token, **kwargs)

    @route()
    def payment_pay(
        self, *args, amount=None, invoice_id=None, access_token=None, **kwargs
    ):
        invoice = self._cast_as_int(invoice_id)
        if invoice and self._fsm_is_job_invoice(invoice):
            raise ValidationError(
                request.env._(
                    "This link does not pay this invoice: open the invoice from your "
                    "account or use the payment link we sent for it."
                )
            )
        return super().payment_pay(
            *args,
            amount=amount,
            invoice_id=invoice_id,
            access_token=access_token,
            **kwargs,
        )
