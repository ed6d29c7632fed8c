from . import oms_file_import_wizard
from . import oms_settlement_import_wizard
