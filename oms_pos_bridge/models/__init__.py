from . import delivery_carrier
from . import oms_allocation_planner
from . import oms_allocation_rule
from . import sale_order
from . import stock_picking
