{
    "name": "Results Field Service",
    "summary": "Jobs, dispatch, workflow status, pauses, checklists, photos, "
    "signatures, timesheets and billing for field service teams",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "website": "https://github.com/results-fsm/results-field-service",
    "author": "Results Field Service",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "crm",
        "sale_management",
        "sale_stock",
        "account",
        "stock",
        "hr_timesheet",
        "mrp",
        "mail",
    ],
    "data": [
        "security/fsm_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_data.xml",
        "data/fsm_workflow_status_data.xml",
        "data/fsm_pause_reason_data.xml",
        "views/fsm_job_views.xml",
        "views/fsm_job_photo_views.xml",
        "views/fsm_job_pause_views.xml",
        "views/fsm_config_views.xml",
        "views/fsm_wizard_views.xml",
        "views/res_users_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/fsm_menus.xml",
    ],
    "demo": [
        "demo/fsm_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fsm_results/static/src/**/*",
        ],
        "web.assets_tests": [
            "fsm_results/static/tests/tours/*.js",
        ],
    },
}
