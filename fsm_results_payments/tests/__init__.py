from . import test_payment_concurrency
from . import test_payment_routes
from . import test_payment_tours
from . import test_payments
