from . import test_payments
