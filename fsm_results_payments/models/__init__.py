from . import account_move
from . import account_payment
from . import fsm_job
from . import payment_provider
from . import res_company
from . import payment_transaction
