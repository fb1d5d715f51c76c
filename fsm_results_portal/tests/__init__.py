from . import test_portal_access
from . import test_portal_sign_off
from . import test_portal_service_request
from . import test_portal_job_page
from . import test_job_production
from . import test_portal_performance
from . import test_portal_tour
