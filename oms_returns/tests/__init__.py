from . import test_return_access
from . import test_return_flow
from . import test_return_messages
from . import test_return_money
from . import test_return_policy
from . import test_return_portal
from . import test_return_report
from . import test_return_security
