{
    "name": "Results Field Service: Payments",
    "summary": "Pay Now on jobs and their invoices: card or ACH through Odoo's payment "
    "providers, saved methods, cash and check, partial and split payments, deposits, "
    "checked by the server",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Results Field Service",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["fsm_results_portal", "account_payment"],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "views/fsm_payment_views.xml",
        "views/fsm_portal_templates.xml",
    ],
    "demo": [
        "demo/fsm_payments_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fsm_results_payments/static/src/**/*",
        ],
        "web.assets_tests": [
            "fsm_results_payments/static/tests/tours/*.js",
        ],
    },
}
