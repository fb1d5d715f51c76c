"""19.0.1.1.0: technicians' record rules read the job's assignee table.

The rules are ``noupdate`` (an administrator may have adapted them), so an upgrade
does not rewrite them by itself. A rule still holding the technician-or-crew
condition as installed (``user_id`` or ``crew_ids`` of the job) gets the domain the
module ships now (``assignee_ids``: the same jobs, one indexed table); a rule an
administrator changed otherwise is left as it is, and said so in the log.
"""

import logging
from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

SECURITY = Path(__file__).parents[2] / "security" / "fsm_security.xml"


def _shipped_rule_domains():
    tree = etree.parse(str(SECURITY))
    return {
        record.get("id"): record.findtext("field[@name='domain_force']")
        for record in tree.iterfind(".//record[@model='ir.rule']")
        if "assignee_ids" in (record.findtext("field[@name='domain_force']") or "")
    }


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, domain in _shipped_rule_domains().items():
        rule = env.ref(f"fsm_results.{xmlid}", raise_if_not_found=False)
        if not rule or rule.domain_force == domain:
            continue
        if "crew_ids" in (rule.domain_force or ""):
            rule.domain_force = domain
        else:
            _logger.info(
                "Record rule %s was changed in this database: kept as it is "
                "(the module now ships %s).",
                xmlid,
                domain,
            )
