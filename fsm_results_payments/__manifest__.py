{
    "name": "Results Field Service: Payments",
    "summary": "Pay Now by card or ACH, partial and split payments, deposits on jobs",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "website": "https://github.com/results-fsm/results-field-service",
    "author": "Results Field Service",
    "license": "LGPL-3",
    "depends": ["fsm_results_portal", "account_payment"],
}
