from . import oms_allocation_whatif
from . import oms_wave_builder
