from . import adapter
from . import binder
from . import mapper
from . import stock_exporter
