from . import test_fsm_job
from . import test_fsm_ui
