from . import test_skeleton
from . import test_http_stock_sync
from . import test_http_stock_access
from . import test_http_stock_push_concurrency
