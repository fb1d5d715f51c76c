from . import fsm_payment_wizard
