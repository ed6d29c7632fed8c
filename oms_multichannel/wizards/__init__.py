from . import oms_allocation_whatif
from . import oms_wave_builder
from . import oms_intake_fix_wizard
from . import oms_phone_order_wizard
