from . import oms_channel_http_stock
from . import oms_channel_stock_job
from . import oms_domain_message
