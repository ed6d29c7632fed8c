from . import test_channel_stock
from . import test_channel_stock_concurrency
