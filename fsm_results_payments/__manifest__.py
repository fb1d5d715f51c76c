{
    "name": "Results Field Service: Payments",
    "summary": "Payments for field service jobs: in development, adds nothing yet",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Results Field Service",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["fsm_results_portal", "account_payment"],
}
