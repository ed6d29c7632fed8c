from . import test_skeleton
from . import test_http_stock_sync
from . import test_connector_account
from . import test_connector_security
from . import test_shopify_import
from . import test_shopify_push
from . import test_webhook
from . import test_event_concurrency
