from . import oms_channel
from . import oms_order_intake
from . import product_template
from . import sale_order
from . import sale_order_line
