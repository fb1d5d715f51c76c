"""Pay Now pages: a signed payment link for one job (and one of its invoices, or a
deposit) and one amount, rendered with Odoo's payment form.

The link is the capability: ``access_token`` signs job, invoice, amount and
currency, so a link made for one invoice or amount pays nothing else. The
transaction is created here with the signed amount and the client as partner,
whoever holds the phone, and ``payment.transaction.create`` checks it again under
the job's lock (payment_transaction.py).
"""

import math

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Command
from odoo.http import request
from odoo.tools import float_compare

from odoo.addons.fsm_results_portal.controllers.portal import FsmJobPortal
from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.controllers.portal import PaymentPortal


def pay_link_token(env, job, invoice, amount, currency):
    return payment_utils.generate_access_token(
        job.id, invoice.id or 0, amount, currency.id, env=env
    )


def pay_link_path(env, job, invoice, amount, currency):
    token = pay_link_token(env, job, invoice, amount, currency)
    return f"/fsm/pay/{job.id}/{invoice.id or 0}?amount={amount}&access_token={token}"


def fsm_client(job_sudo, invoice_sudo):
    """Who pays: the invoice's customer, else the job's Bill To, else its client."""
    return invoice_sudo.partner_id or job_sudo.invoice_partner_id or job_sudo.partner_id


def is_client(partner):
    """The logged-in portal user is a contact of ``partner``'s company."""
    user = request.env.user
    return (
        not user._is_public()
        and user.share
        and user.partner_id.commercial_partner_id == partner.commercial_partner_id
    )


class FsmPayment(PaymentPortal):
    def _fsm_pay_link_check(self, job_id, invoice_id, amount, access_token):
        """The job, its invoice (or none: a deposit), the amount and currency a
        signed link names; 404 for a link that was not signed for exactly these."""
        amount = self._cast_as_float(amount)
        job_sudo = request.env["fsm.job"].sudo().browse(job_id).exists()
        if not job_sudo or amount is None or not math.isfinite(amount):
            raise NotFound()
        invoice_sudo = request.env["account.move"].sudo().browse(invoice_id or [])
        if invoice_id and (
            not invoice_sudo.exists() or invoice_sudo not in job_sudo.invoice_ids
        ):
            raise NotFound()
        currency = invoice_sudo.currency_id or job_sudo.currency_id
        if not payment_utils.check_access_token(
            access_token, job_sudo.id, invoice_sudo.id or 0, amount, currency.id
        ):
            raise NotFound()
        return job_sudo, invoice_sudo, amount, currency

    def _fsm_client(self, job_sudo, invoice_sudo):
        return fsm_client(job_sudo, invoice_sudo)

    def _fsm_is_client(self, partner):
        return is_client(partner)

    @http.route(
        "/fsm/pay/<int:job_id>/<int:invoice_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def fsm_pay(self, job_id, invoice_id, amount=None, access_token=None, **kwargs):
        job_sudo, invoice_sudo, amount, currency = self._fsm_pay_link_check(
            job_id, invoice_id, amount, access_token
        )
        partner = self._fsm_client(job_sudo, invoice_sudo)
        company = job_sudo.company_id
        error = False
        try:
            # what the page offers is checked as the payment will be (without lock)
            job_sudo._fsm_payment_target(invoice_sudo or None)
            due, under_way = job_sudo._fsm_payable(
                job_sudo._fsm_payment_target(invoice_sudo or None)
            )
            if (
                float_compare(
                    amount, due - under_way, precision_rounding=currency.rounding
                )
                > 0
            ):
                error = request.env._(
                    "This payment link asks for %(amount)s, but %(due)s is left to "
                    "pay: ask for a new link.",
                    amount=currency.format(amount),
                    due=currency.format(max(due - under_way, 0.0)),
                )
        except UserError as refusal:
            error = refusal.args[0]
        availability_report = {}
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id,
                partner.id,
                amount,
                currency_id=currency.id,
                report=availability_report,
            )
        )
        methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers_sudo.ids,
                partner.id,
                currency_id=currency.id,
                report=availability_report,
            )
        )
        own = self._fsm_is_client(partner)
        # The client's saved methods only on the client's own session (never on a
        # technician's phone or an anonymous link).
        tokens_sudo = (
            request.env["payment.token"]
            .sudo()
            ._get_available_tokens(providers_sudo.ids, partner.id)
            if own
            else request.env["payment.token"]
        )
        values = {
            "res_company": company,
            "company_mismatch": False,
            "expected_company": company,
            "partner_is_different": False,
            "show_tokenize_input_mapping": {
                provider.id: own and provider.allow_tokenization
                for provider in providers_sudo
            },
            "reference_prefix": invoice_sudo.name or job_sudo.name,
            "amount": 0.0 if error else amount,
            "currency": currency,
            "partner_id": partner.id,
            "providers_sudo": providers_sudo,
            "payment_methods_sudo": methods_sudo,
            "tokens_sudo": tokens_sudo,
            "availability_report": availability_report,
            "transaction_route": (
                f"/fsm/pay/{job_sudo.id}/{invoice_sudo.id or 0}/transaction"
            ),
            "landing_route": "/payment/confirmation",
            "access_token": access_token,
            "fsm_job": job_sudo,
            "fsm_invoice": invoice_sudo,
            "fsm_error": error,
        }
        return request.render("payment.pay", values)

    @http.route(
        "/fsm/pay/<int:job_id>/<int:invoice_id>/transaction",
        type="jsonrpc",
        auth="public",
    )
    def fsm_pay_transaction(self, job_id, invoice_id, access_token=None, **kwargs):
        amount = kwargs.pop("amount", None)
        # a tampered amount no longer matches the signature: refused
        job_sudo, invoice_sudo, amount, currency = self._fsm_pay_link_check(
            job_id, invoice_id, amount, access_token
        )
        partner = self._fsm_client(job_sudo, invoice_sudo)
        self._validate_transaction_kwargs(kwargs)
        if kwargs.get("is_validation"):
            raise ValidationError(request.env._("This link takes a payment."))
        if not self._fsm_is_client(partner):
            kwargs["tokenization_requested"] = False
            if kwargs.get("token_id"):
                raise ValidationError(
                    request.env._(
                        "Saved payment methods are used on the client's account."
                    )
                )
        try:
            invoices = job_sudo._fsm_payment_target(invoice_sudo or None)
        except UserError as refusal:
            raise ValidationError(refusal.args[0]) from refusal
        kwargs.pop("landing_route", None)
        kwargs.pop("partner_id", None)
        kwargs.pop("currency_id", None)
        try:
            tx_sudo = self._create_transaction(
                amount=amount,
                currency_id=currency.id,
                partner_id=partner.id,
                landing_route="/payment/confirmation",
                reference_prefix=invoice_sudo.name or job_sudo.name,
                custom_create_values={
                    "invoice_ids": [Command.set(invoices.ids)],
                    "fsm_job_id": job_sudo.id,
                },
                **kwargs,
            )
        except (UserError, AccessError) as refusal:
            raise ValidationError(refusal.args[0]) from refusal
        tx_sudo.landing_route = self._fsm_landing_route(job_sudo, tx_sudo)
        return tx_sudo._get_processing_values()

    def _fsm_landing_route(self, job_sudo, tx_sudo):
        user = request.env.user
        if not user._is_public() and not user.share:
            # back on the job screen, under My Jobs (its breadcrumb leads back)
            return f"/odoo/action-fsm_results.fsm_job_action_my/fsm-job/{job_sudo.id}"
        if self._fsm_is_client(tx_sudo.partner_id):
            return f"/my/jobs/{job_sudo.id}?message=paid"
        token = payment_utils.generate_access_token(
            tx_sudo.partner_id.id, tx_sudo.amount, tx_sudo.currency_id.id
        )
        return f"/payment/confirmation?tx_id={tx_sudo.id}&access_token={token}"


class FsmPaymentJobPortal(FsmJobPortal):
    # -- the client's Pay Now on the job page ---------------------------------------
    @http.route(
        "/my/jobs/<int:job_id>/pay",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_job_pay(self, job_id, amount=None, invoice_id=None, **kwargs):
        """The client's Pay Now: their own job (or one of its invoices), an amount
        within what is left to pay, then the signed payment page."""
        user = request.env.user
        try:
            job_sudo = self._document_check_access("fsm.job", job_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not user.share:
            raise NotFound()
        invoice_id = PaymentPortal._cast_as_int(invoice_id)
        invoice_sudo = request.env["account.move"].sudo().browse(invoice_id or [])
        if invoice_id and invoice_sudo not in job_sudo.invoice_ids:
            raise NotFound()
        partner = fsm_client(job_sudo, invoice_sudo.exists())
        if not is_client(partner):
            raise NotFound()
        amount = PaymentPortal._cast_as_float(amount)
        try:
            invoices = job_sudo._fsm_payment_target(invoice_sudo or None)
            if not invoices and not job_sudo.fsm_deposit_requested:
                # a client pays a deposit the office asked for, nothing else
                raise UserError(
                    request.env._(
                        "There is nothing to pay on this job yet: its invoice will "
                        "show here once it is ready."
                    )
                )
            currency = job_sudo._fsm_payment_currency(invoices)
            due, under_way = job_sudo._fsm_payable(invoices)
            if (
                amount is None
                or not math.isfinite(amount)
                or float_compare(amount, 0.0, precision_rounding=currency.rounding) <= 0
            ):
                raise UserError(
                    request.env._("Enter an amount to pay, more than zero.")
                )
            if (
                float_compare(
                    amount, due - under_way, precision_rounding=currency.rounding
                )
                > 0
            ):
                raise UserError(
                    request.env._(
                        "%(amount)s is more than the %(due)s left to pay.",
                        amount=currency.format(amount),
                        due=currency.format(max(due - under_way, 0.0)),
                    )
                )
        except UserError as refusal:
            # said on the job page (kept in the session: a link cannot make the
            # page say something else)
            request.session["fsm_pay_error"] = refusal.args[0]
            return request.redirect(f"/my/jobs/{job_id}#o_fsm_job_payment")
        amount = currency.round(amount)
        return request.redirect(
            pay_link_path(request.env, job_sudo, invoice_sudo, amount, currency)
        )

    def _fsm_job_page_values(self, job_sudo, access_token, **kw):
        values = super()._fsm_job_page_values(job_sudo, access_token, **kw)
        values.update(
            {
                "pay_error": request.session.pop("fsm_pay_error", False),
                "fsm_can_pay": request.env.user.share
                and not request.env.user._is_public()
                and is_client(fsm_client(job_sudo, request.env["account.move"])),
                "fsm_payment_rows": job_sudo._fsm_payment_rows(),
            }
        )
        return values
