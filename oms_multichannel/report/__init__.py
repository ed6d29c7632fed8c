from . import report_fulfilment
from . import oms_order_report
from . import oms_channel_profitability
from . import oms_stock_outage_report
from . import oms_sell_through_report
