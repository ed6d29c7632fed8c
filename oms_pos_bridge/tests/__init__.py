from . import test_skeleton
from . import test_pos_demand
from . import test_pos_pickup
from . import test_pos_pickup_tour
from . import test_pos_tours
from . import test_pos_hold
from . import test_pos_hold_access
from . import test_pos_hold_concurrency
