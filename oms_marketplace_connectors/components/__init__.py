from . import adapter
from . import binder
from . import mapper
from . import stock_exporter
from . import outbound
from . import shopify_adapter
from . import shopify_backend
from . import shopify_stock_exporter
