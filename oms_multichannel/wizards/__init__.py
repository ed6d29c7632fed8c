from . import oms_allocation_whatif
