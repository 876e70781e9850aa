from . import orm_bypass
from . import models
from . import wizards
from . import reports
from . import controllers

from .hooks import post_init_hook, uninstall_hook
