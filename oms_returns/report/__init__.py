from . import oms_return_report
