from . import fsm_job_wizard_mixin
from . import fsm_job_pause_wizard
from . import fsm_job_status_wizard
from . import fsm_job_dispatch_wizard
from . import account_payment_register
from . import fsm_invoice_review
from . import mail_compose_message
