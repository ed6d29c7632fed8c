from . import oms_file_import_wizard
