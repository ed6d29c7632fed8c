from . import report_fulfilment
from . import oms_order_report
from . import oms_channel_profitability
