from . import test_channel
from . import test_sale_order_channel
from . import test_intake
from . import test_intake_concurrency
from . import test_multi_company
from . import test_channel_stock
from . import test_channel_stock_concurrency
