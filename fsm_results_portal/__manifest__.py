{
    "name": "Results Field Service: Client Portal",
    "summary": "Clients follow their field service jobs in the customer portal",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "website": "https://github.com/results-fsm/results-field-service",
    "author": "Results Field Service",
    "license": "LGPL-3",
    "depends": ["fsm_results", "portal"],
}
