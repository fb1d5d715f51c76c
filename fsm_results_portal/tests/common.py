import base64
import io

from PIL import Image

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.fsm_results.tests.common import SIGNATURE, make_technician


def png(color=(200, 80, 40), size=(40, 30)):
    """A small real PNG image, as bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def png_b64(color=(200, 80, 40)):
    return base64.b64encode(png(color)).decode()


class FsmPortalCommon(HttpCase):
    """Two client companies with a portal user each, a technician, a service type
    and the standard statuses. Nothing comes from demo data."""

    SIGNATURE = SIGNATURE

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.status_new = ref("fsm_results.status_new")
        cls.status_dispatched = ref("fsm_results.status_dispatched")
        cls.status_en_route = ref("fsm_results.status_en_route")
        cls.status_in_progress = ref("fsm_results.status_in_progress")
        cls.status_done = ref("fsm_results.status_done")
        cls.company = cls.env.company
        cls.company.write(
            {"fsm_portal_signoff": "done", "fsm_service_request_target": "job"}
        )
        cls.tech = make_technician(cls.env, "fsm_portal_tech", name="Tess Tech")
        cls.dispatcher = new_test_user(
            cls.env,
            login="fsm_portal_dispatcher",
            groups="fsm_results.group_fsm_dispatcher,sales_team.group_sale_salesman",
        )
        # client A: a company, its invoicing and delivery addresses, a portal user
        cls.client_a = cls.env["res.partner"].create(
            {"name": "Northwind Labs", "is_company": True, "street": "1 North Way"}
        )
        cls.client_a_site = cls.env["res.partner"].create(
            {
                "name": "Northwind Lab 2",
                "type": "delivery",
                "parent_id": cls.client_a.id,
                "street": "9 Lab Street",
                "city": "Nashua",
            }
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="fsm_client_a",
            name="Alice Northwind",
            groups="base.group_portal",
            tz="UTC",
        )
        cls.portal_a.partner_id.parent_id = cls.client_a
        # client B: another company with its own portal user
        cls.client_b = cls.env["res.partner"].create(
            {"name": "Contoso Dairy", "is_company": True, "street": "5 Farm Road"}
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="fsm_client_b",
            name="Bob Contoso",
            groups="base.group_portal",
            tz="UTC",
        )
        cls.portal_b.partner_id.parent_id = cls.client_b
        cls.service_type = cls.env["fsm.service.type"].create(
            {
                "name": "Chiller service",
                "step_template_ids": [
                    Command.create({"name": "Check the compressor", "sequence": 1}),
                    Command.create({"name": "Clean the coils", "sequence": 2}),
                ],
            }
        )

    @classmethod
    def _job(cls, partner, **values):
        return cls.env["fsm.job"].create(
            {
                "partner_id": partner.id,
                "service_type_id": cls.service_type.id,
                "user_id": cls.tech.id,
                **values,
            }
        )

    @classmethod
    def _in_progress(cls, job):
        for status in (
            cls.status_dispatched,
            cls.status_en_route,
            cls.status_in_progress,
        ):
            job._move_to_status(status)
        return job

    @classmethod
    def _when(cls, hours):
        return fields.Datetime.to_datetime("2030-01-07 09:00:00").replace(hour=hours)

    def _sign(self, job, name="Alice Northwind", signature=None, access_token=None):
        """Sign a job off as the portal's signature widget does (JSON-RPC)."""
        url = f"/my/jobs/{job.id}/sign"
        if access_token:
            url += f"?access_token={access_token}"
        return self.make_jsonrpc_request(
            url, {"name": name, "signature": signature or self.SIGNATURE}
        )

    def _call_kw(self, model, method, args, kwargs=None):
        """A JSON-RPC call on a model as any client may send; the decoded reply."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()


def ensure_invoicing(env):
    """A chart of accounts for the company when it has no sale journal yet, as
    Odoo's AccountTestInvoicingCommon does (a database without demo data)."""
    company = env.company
    journals = env["account.journal"].search(
        [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)],
        limit=1,
    )
    if not journals:
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )


def invoiced_job(case, partner):
    """A done job of a flat-rate service, invoiced by the core's own Generate an
    Invoice and confirmed."""
    ensure_invoicing(case.env)
    product = case.env["product.product"].create(
        {"name": "Chiller visit", "type": "service", "list_price": 150.0}
    )
    service = case.env["fsm.service.type"].create(
        {
            "name": "Chiller visit",
            "product_id": product.id,
            "billing_mode": "flat",
            "rate": 150.0,
        }
    )
    job = case._job(partner, service_type_id=service.id)
    case._in_progress(job)
    job.write({"signature": SIGNATURE, "signed_by": "On Site"})
    job.action_complete()
    job.action_generate_invoice()
    job.invoice_ids.action_post()
    return job


def invoice_used_part(case, job, name="Relief valve", price=25.0):
    """A part marked used on the job, invoiced by the core's Generate an Invoice
    and confirmed: the job has a posted invoice while its work goes on."""
    ensure_invoicing(case.env)
    part = case.env["product.product"].create(
        {"name": name, "type": "consu", "list_price": price}
    )
    case.env["fsm.job.line"].create(
        {
            "job_id": job.id,
            "product_id": part.id,
            "planned_qty": 1,
            "was_used": True,
            "qty_used": 1,
        }
    )
    job.action_generate_invoice()
    job.invoice_ids.action_post()
    return job.invoice_ids
