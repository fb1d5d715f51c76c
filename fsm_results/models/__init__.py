from . import fsm_job
