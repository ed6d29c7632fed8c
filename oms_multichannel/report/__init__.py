from . import report_fulfilment
