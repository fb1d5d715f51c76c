from . import test_fsm_job
from . import test_fsm_sources
from . import test_fsm_follow_up
from . import test_fsm_performance
from . import test_fsm_billing
from . import test_fsm_ui
from . import test_fsm_billing_ui
from . import test_fsm_http
