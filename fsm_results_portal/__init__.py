from . import controllers
from . import models


def post_init_hook(env):
    """The statuses' client labels this addon adds are translated in fsm_results'
    files (the statuses are fsm_results' records), which were loaded before the field
    existed: load them again for the languages in use."""
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    if langs:
        env["ir.module.module"]._load_module_terms(["fsm_results"], langs)
