from . import test_skeleton
from . import test_pos_demand
