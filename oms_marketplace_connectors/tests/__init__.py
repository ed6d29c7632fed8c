from . import test_skeleton
from . import test_http_stock_sync
