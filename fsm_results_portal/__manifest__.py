{
    "name": "Results Field Service: Client Portal",
    "summary": "Clients follow their field service jobs in the customer portal: "
    "notes, photos, sign-off, hours, production, invoices and service requests",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Results Field Service",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["fsm_results", "portal"],
    "post_init_hook": "post_init_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/fsm_portal_security.xml",
        "data/fsm_workflow_status_data.xml",
        "views/fsm_portal_templates.xml",
        "views/fsm_job_views.xml",
        "views/fsm_config_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_lead_views.xml",
    ],
    "demo": [
        "demo/fsm_portal_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "fsm_results_portal/static/src/scss/fsm_portal.scss",
        ],
        "web.assets_tests": [
            "fsm_results_portal/static/tests/tours/*.js",
        ],
    },
}
