"""The benchmark of ./setup/bench: a realistic data set, then queries and times of
what users do, beside Odoo's own equivalent and OCA Field Service 19.0.

    python bench.py build ODOO.CONF DB JOBS        our addons' data set
    python bench.py build-oca ODOO.CONF DB ORDERS  OCA fieldservice's data set
    python bench.py measure ODOO.CONF --big DB --small DB --oca-big DB
                    --oca-small DB [--runs 5] [--create-n 500] [--portal-url URL
                    --portal-log FILE] [--json FILE]

Each operation runs in a fresh cursor (an empty record cache, as in a new request),
once to warm Odoo's caches, then --runs times; the median is printed. Queries are
``cr.sql_log_count`` deltas (flush and what runs at commit included: mail tracking),
times ``time.perf_counter``. Every operation is rolled back: the data set never
changes.
"""

import argparse
import base64
import io
import json
import random
import re
import shutil
import statistics
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.sql_db import close_db, db_connect
from odoo.tools import SQL, config
from odoo.tools.safe_eval import datetime as safe_datetime

# What a data set was built with: a database built with other values is rebuilt.
DATASET_VERSION = "3"
STAMP_KEY = "fsm_bench.dataset"
PASSWORD = "bench_password"  # of every bench_* user
N_TECHS = 50
N_CLIENTS = 2000
N_PRODUCTS = 200
YEARS = 3
PORTAL_CLIENT_EVERY = 100  # the portal client's company has one job in 100
CURRENT_JOBS = 100  # the current work, the same in every data set
CURRENT_DAYS = 7  # it spans a week back and a week ahead of today
KANBAN_LIMIT = 40  # the web client's kanban column limit
LIST_LIMIT = 80  # the web client's list limit
COUNT_LIMIT = 10001  # the web client's count limit for lists and kanbans
BUILD_CTX = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "no_reset_password": True,
}


def log(msg):
    print(f"    {msg}", flush=True)


def small_image():
    """A small photo (JPEG, 320x240), as a phone's thumbnail would be."""
    from PIL import Image  # noqa: PLC0415 (Odoo's requirement, only needed here)

    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 140, 200)).save(buf, "JPEG")
    return base64.b64encode(buf.getvalue())


def ensure_chart_of_accounts(env):
    company = env.company
    if not env["account.journal"].search_count(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    ):
        env["account.chart.template"].try_loading(
            company.chart_template or "generic_coa", company=company, install_demo=False
        )


def set_passwords(env):
    """Every bench_* user's password is PASSWORD: hashed once (Odoo's hash is slow
    on purpose, 50 times would take a minute)."""
    env.flush_all()
    hashed = env["res.users"]._crypt_context().hash(PASSWORD)
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE login LIKE 'bench\\_%%'", [hashed]
    )
    env.invalidate_all()


def current_status(start, now, r):
    """The status of a job of the current work, by its day (r: a random number)."""
    day = (start.date() - now.date()).days
    if day < 0:
        for kind, p in (
            ("done", 0.60),
            ("in_progress", 0.65),
            ("paused", 0.68),
            ("dispatched", 0.78),
            ("scheduled", 0.88),
            ("cancelled", 0.90),
        ):
            if r < p:
                return kind
        return "new"
    if day == 0:
        return "dispatched" if r < 0.5 else "in_progress"
    return "new" if r < 0.4 else "scheduled" if r < 0.8 else "dispatched"


# ==============================================================================
# data set: our addons
# ==============================================================================
def build(env, n_jobs):  # noqa: PLR0915 (one step after another, in order)
    rnd = random.Random(11)
    env = env(context=dict(env.context, **BUILD_CTX))
    ref = env.ref
    t0 = time.perf_counter()
    ensure_chart_of_accounts(env)  # in the template already, by "chart"
    tech_group = ref("fsm_results.group_fsm_technician")
    techs = env["res.users"].create(
        [
            {
                "name": f"Technician {i:02d}",
                "login": f"bench_tech_{i:02d}",
                "tz": "UTC",
                "group_ids": [Command.set([tech_group.id])],
            }
            for i in range(N_TECHS)
        ]
    )
    env["hr.employee"].create(
        [
            {
                "name": u.name,
                "user_id": u.id,
                "resource_calendar_id": ref("resource.resource_calendar_std").id,
                "tz": "UTC",
            }
            for u in techs
        ]
    )
    env["res.users"].create(
        {
            "name": "Bench Dispatcher",
            "login": "bench_dispatcher",
            "tz": "UTC",
            "group_ids": [
                Command.set(
                    [
                        ref("fsm_results.group_fsm_dispatcher").id,
                        ref("fsm_results.group_fsm_invoice").id,
                        # all sale orders: the anchor invoices orders it did not sell
                        ref("sales_team.group_sale_salesman_all_leads").id,
                    ]
                )
            ],
        }
    )
    clients = env["res.partner"].create(
        [
            {
                "name": f"Client {i:04d}",
                "is_company": True,
                "email": f"office{i:04d}@client{i:04d}.example.com",
                "street": f"{i} Main Street",
                "city": "Springfield",
            }
            for i in range(N_CLIENTS)
        ]
    )
    portal_user = env["res.users"].create(
        {
            "name": "Bench Portal Client",
            "login": "bench_client",
            "tz": "UTC",
            "group_ids": [Command.set([ref("base.group_portal").id])],
        }
    )
    portal_user.partner_id.write(
        {"parent_id": clients[0].id, "email": "pat@client0000.example.com"}
    )
    set_passwords(env)
    log(f"users, clients: {time.perf_counter() - t0:.0f}s")

    products = env["product.product"].create(
        [
            {
                "name": f"Part {i:03d}",
                "type": "consu",
                "list_price": 5 + i % 90,
                "invoice_policy": "order",
            }
            for i in range(N_PRODUCTS)
        ]
    )
    service_products = env["product.product"].create(
        [
            {"name": name, "type": "service", "list_price": price}
            for name, price in (("Repair (hour)", 80), ("Maintenance visit", 120))
        ]
    )
    types = env["fsm.service.type"].create(
        [
            {
                "name": "Repair",
                "product_id": service_products[0].id,
                "billing_mode": "hourly",
                "step_template_ids": [
                    Command.create({"name": n, "sequence": s})
                    for s, n in enumerate(("Diagnose", "Repair", "Test"))
                ],
            },
            {
                "name": "Maintenance",
                "product_id": service_products[1].id,
                "billing_mode": "flat",
                "step_template_ids": [
                    Command.create({"name": n, "sequence": s, "required": False})
                    for s, n in enumerate(("Inspect", "Clean", "Report"))
                ],
            },
        ]
    )
    tags = env["fsm.job.tag"].create(
        [{"name": n} for n in ("Warranty", "Contract", "VIP", "Callback", "Install")]
    )

    status = {
        k: ref(f"fsm_results.status_{k}")
        for k in (
            "new",
            "scheduled",
            "dispatched",
            "en_route",
            "in_progress",
            "paused",
            "done",
            "cancelled",
        )
    }
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    fixtures = n_jobs >= 1000
    n_regular = n_jobs - (201 if fixtures else 0)
    # The company's current work (a week back, a week ahead) is the same in every
    # data set, made with its own random generator; a bigger data set adds years of
    # closed jobs before it. So 100 vs 10,000 jobs compares the same board, list and
    # My Jobs with and without the history, which is what must not slow them down.
    n_current = min(CURRENT_JOBS, n_regular)
    n_history = n_regular - n_current

    def job_vals(i, start, kind, rng):
        client = clients[0] if i % PORTAL_CLIENT_EVERY == 0 else rng.choice(clients)
        tech = rng.choice(techs) if rng.random() < 0.9 or kind != "new" else None
        vals = {
            "partner_id": client.id,
            "service_type_id": types[i % 2].id,
            "scheduled_start": start,
            "scheduled_end": start + timedelta(minutes=50),
            "status_id": status[kind].id,
            "priority": "1" if rng.random() < 0.1 else "0",
        }
        if tech:
            vals["user_id"] = tech.id
            if rng.random() < 0.1:
                vals["crew_ids"] = [Command.set([rng.choice(techs).id])]
        if rng.random() < 0.2:
            vals["tag_ids"] = [Command.set([rng.choice(tags).id])]
        return vals

    vals_list, kinds = [], []
    # the history: closed jobs over the years before the current work
    first = now - timedelta(days=365 * YEARS)
    history_span = (now - timedelta(days=CURRENT_DAYS + 1) - first).total_seconds()
    for i in range(n_history):
        start = first + timedelta(seconds=history_span * i / n_history)
        start = start.replace(hour=7 + i % 10, minute=0, second=0, microsecond=0)
        kind = "done" if rnd.random() < 0.95 else "cancelled"
        kinds.append(kind)
        vals_list.append(job_vals(i, start, kind, rnd))
    # the current work
    current_rnd = random.Random(7)
    current_first = now.replace(hour=0) - timedelta(days=CURRENT_DAYS)
    current_span = timedelta(days=2 * CURRENT_DAYS + 1).total_seconds()
    for i in range(n_current):
        start = current_first + timedelta(seconds=current_span * i / n_current)
        start = start.replace(hour=7 + i % 10, minute=0, second=0, microsecond=0)
        kind = current_status(start, now, current_rnd.random())
        kinds.append(kind)
        vals_list.append(job_vals(i, start, kind, current_rnd))
    Job = env["fsm.job"]
    jobs = Job
    for b in range(0, len(vals_list), 1000):
        jobs |= Job.create(vals_list[b : b + 1000])
        log(f"jobs: {len(jobs)} ({time.perf_counter() - t0:.0f}s)")
    by_kind = {}
    for job, kind in zip(jobs, kinds, strict=True):
        by_kind.setdefault(kind, []).append(job.id)

    # Invoicing fixtures: a done job with 50 used lines, 200 done jobs with 2 each.
    if fixtures:
        inv_client = env["res.partner"].create(
            {"name": "Invoicing Client", "is_company": True, "email": "ap@inv.example"}
        )
        fx = Job.create(
            [
                {
                    "partner_id": inv_client.id,
                    "service_type_id": types[0].id,
                    "user_id": techs[0].id,
                    "scheduled_start": now - timedelta(days=1),
                    "status_id": status["done"].id,
                }
                for _i in range(201)
            ]
        )
        jobs |= fx
        by_kind["done"] += fx.ids
        env["ir.config_parameter"].set_param("fsm_bench.invoice_50", str(fx[0].id))
        env["ir.config_parameter"].set_param(
            "fsm_bench.invoice_200", ",".join(map(str, fx[1:].ids))
        )
        env["fsm.job.line"].create(
            [
                {
                    "job_id": fx[0].id,
                    "product_id": p.id,
                    "planned_qty": 2,
                    "was_used": True,
                    "qty_used": 2,
                }
                for p in products[:50]
            ]
            + [
                {
                    "job_id": job.id,
                    "product_id": p.id,
                    "planned_qty": 1,
                    "was_used": True,
                    "qty_used": 1,
                }
                for job in fx[1:]
                for p in products[:2]
            ]
        )
        # The anchor: Odoo's sale orders with the same lines, confirmed.
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": inv_client.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": q})
                        for p in ps
                    ],
                }
                for ps, q in [(products[:50], 2)] + [(products[:2], 1)] * 200
            ]
        )
        orders.action_confirm()
        env["ir.config_parameter"].set_param("fsm_bench.so_50", str(orders[0].id))
        env["ir.config_parameter"].set_param(
            "fsm_bench.so_200", ",".join(map(str, orders[1:].ids))
        )
        log(f"invoicing fixtures, 201 sale orders: {time.perf_counter() - t0:.0f}s")

    # Used lines on a third of the regular jobs, a photo on one in five (and on
    # the portal client's); by position, so the current work gets the same ones.
    regular = [
        (job.id, k if k < n_history else k - n_history)
        for k, job in enumerate(jobs[:n_regular])
    ]
    line_vals = [
        {
            "job_id": jid,
            "product_id": products[(pos * 7 + n) % N_PRODUCTS].id,
            "planned_qty": 1,
            "was_used": True,
            "qty_used": 1,
        }
        for jid, pos in regular
        if pos % 3 == 0
        for n in range(1 + pos // 3 % 3)
    ]
    for b in range(0, len(line_vals), 2000):
        env["fsm.job.line"].create(line_vals[b : b + 2000])
    log(f"{len(line_vals)} job lines: {time.perf_counter() - t0:.0f}s")
    image = small_image()
    photo_jobs = [jid for jid, pos in regular if pos % 5 == 0]
    for b in range(0, len(photo_jobs), 500):
        env["fsm.job.photo"].create(
            [
                {"job_id": jid, "image": image, "phase": "after", "caption": "Done"}
                for jid in photo_jobs[b : b + 500]
            ]
        )
    log(f"{len(photo_jobs)} photos: {time.perf_counter() - t0:.0f}s")
    env.flush_all()

    # History in SQL (the ORM is not what is measured here): worked time, pauses.
    cr = env.cr
    reason = ref("fsm_results.pause_reason_parts").id
    started = by_kind.get("done", []) + by_kind.get("in_progress", [])
    started += by_kind.get("paused", [])
    cr.execute(
        """
        UPDATE fsm_job_status_log l
           SET to_status_id = %s, kind = 'in_progress', date = j.scheduled_start,
               date_end = CASE WHEN j.status_kind = 'in_progress' THEN NULL
                          ELSE j.scheduled_start + interval '90 minutes' END,
               duration_hours = CASE WHEN j.status_kind = 'in_progress' THEN 0
                                ELSE 1.5 END
          FROM fsm_job j
         WHERE l.job_id = j.id AND j.id = ANY(%s)
        """,
        [status["in_progress"].id, started],
    )
    cr.execute(
        """
        INSERT INTO fsm_job_status_log (job_id, company_id, from_status_id,
               to_status_id, kind, user_id, date, date_end, duration_hours,
               create_uid, create_date, write_uid, write_date)
        SELECT j.id, j.company_id, %s, j.status_id, j.status_kind,
               coalesce(j.user_id, 1), j.scheduled_start + interval '90 minutes',
               NULL, 0, 1, now(), 1, now()
          FROM fsm_job j WHERE j.id = ANY(%s) AND j.status_kind <> 'in_progress'
        """,
        [status["in_progress"].id, started],
    )
    cr.execute(
        """
        UPDATE fsm_job SET date_done = scheduled_start + interval '90 minutes'
         WHERE status_kind = 'done'
        """
    )
    # a closed pause on one done job in ten, an open one on every paused job
    done_ids = by_kind.get("done", [])
    cr.execute(
        """
        INSERT INTO fsm_job_pause (job_id, company_id, partner_id, technician_id,
               reason_id, billable, user_id, date_start, date_end, resume_status_id,
               duration_hours, create_uid, create_date, write_uid, write_date)
        SELECT j.id, j.company_id, j.partner_id, j.user_id, r.id, r.billable,
               coalesce(j.user_id, 1), j.scheduled_start + interval '30 minutes',
               CASE WHEN j.status_kind = 'paused' THEN NULL
                    ELSE j.scheduled_start + interval '50 minutes' END,
               %s, CASE WHEN j.status_kind = 'paused' THEN 0 ELSE 0.33 END,
               1, now(), 1, now()
          FROM fsm_job j, fsm_pause_reason r
         WHERE r.id = %s AND (j.id = ANY(%s) OR j.status_kind = 'paused')
        """,
        [status["in_progress"].id, reason, done_ids[::10]],
    )
    cr.execute("ANALYZE")

    # Posted invoices of the portal client, for /my/invoices (as many as its jobs,
    # so that both lists show a full page) and register payment.
    portal_jobs = sum(1 for vals in vals_list if vals["partner_id"] == clients[0].id)
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": clients[0].id,
                "invoice_line_ids": [
                    Command.create({"product_id": p.id, "quantity": 1})
                    for p in products[i % 40 * 5 : i % 40 * 5 + 2]
                ],
            }
            for i in range(max(portal_jobs, 5))
        ]
    )
    invoices.action_post()
    env["ir.config_parameter"].set_param("fsm_bench.jobs", str(len(jobs)))
    env["ir.config_parameter"].set_param(STAMP_KEY, f"{DATASET_VERSION}:{n_jobs}")
    counts = {k: len(v) for k, v in sorted(by_kind.items())}
    log(f"{len(jobs)} jobs {counts}: {time.perf_counter() - t0:.0f}s")


# ==============================================================================
# data set: OCA Field Service
# ==============================================================================
def build_oca(env, n_orders):
    rnd = random.Random(11)
    env = env(context=dict(env.context, **BUILD_CTX))
    t0 = time.perf_counter()
    env["res.users"].create(
        {
            "name": "Bench Dispatcher",
            "login": "bench_dispatcher",
            "password": "bench_dispatcher",
            "tz": "UTC",
            "group_ids": [
                Command.set([env.ref("fieldservice.group_fsm_dispatcher").id])
            ],
        }
    )
    set_passwords(env)
    clients = env["res.partner"].create(
        [
            {
                "name": f"Client {i:04d}",
                "is_company": True,
                "email": f"office{i:04d}@client{i:04d}.example.com",
            }
            for i in range(N_CLIENTS)
        ]
    )
    locations = env["fsm.location"].create(
        [
            {
                "name": f"Client {i:04d}, site",
                "owner_id": c.id,
                "street": f"{i} Main St",
            }
            for i, c in enumerate(clients)
        ]
    )
    persons = env["fsm.person"].create(
        [{"name": f"Technician {i:02d}"} for i in range(N_TECHS)]
    )
    log(f"clients, locations, workers: {time.perf_counter() - t0:.0f}s")
    stages = env["fsm.stage"].search([("stage_type", "=", "order")], order="sequence")
    closed = stages.filtered("is_closed")
    open_stages = stages - closed
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    # as ours: the same current work in every data set, years of closed orders before
    n_current = min(CURRENT_JOBS, n_orders)
    n_history = n_orders - n_current
    first = now - timedelta(days=365 * YEARS)
    history_span = (now - timedelta(days=CURRENT_DAYS + 1) - first).total_seconds()
    vals_list = []
    for i in range(n_history):
        start = first + timedelta(seconds=history_span * i / n_history)
        start = start.replace(hour=7 + i % 10, minute=0, second=0, microsecond=0)
        stage = closed[0] if rnd.random() < 0.95 else closed[-1]
        vals_list.append(
            {
                "location_id": rnd.choice(locations).id,
                "person_id": rnd.choice(persons).id,
                "scheduled_date_start": start,
                "stage_id": stage.id,
            }
        )
    current_rnd = random.Random(7)
    current_first = now.replace(hour=0) - timedelta(days=CURRENT_DAYS)
    current_span = timedelta(days=2 * CURRENT_DAYS + 1).total_seconds()
    for i in range(n_current):
        start = current_first + timedelta(seconds=current_span * i / n_current)
        start = start.replace(hour=7 + i % 10, minute=0, second=0, microsecond=0)
        kind = current_status(start, now, current_rnd.random())
        if kind in ("done", "cancelled"):
            stage = closed[0] if kind == "done" else closed[-1]
        else:
            stage = current_rnd.choice(open_stages)
        vals_list.append(
            {
                "location_id": current_rnd.choice(locations).id,
                "person_id": current_rnd.choice(persons).id,
                "scheduled_date_start": start,
                "stage_id": stage.id,
            }
        )
    Order = env["fsm.order"]
    orders = Order
    for b in range(0, n_orders, 1000):
        orders |= Order.create(vals_list[b : b + 1000])
        log(f"orders: {len(orders)} ({time.perf_counter() - t0:.0f}s)")
    env.cr.execute("ANALYZE")
    env["ir.config_parameter"].set_param(STAMP_KEY, f"{DATASET_VERSION}:{n_orders}")


# ==============================================================================
# what the web client asks: field specifications from the views' archs
# ==============================================================================
def _fields_of(node):
    """The <field> nodes of a view, not those of its x2many subviews."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _fields_of(child)


def _spec(node, model, models, limit=None):
    descs = models[model].get("fields", models[model])
    spec = {}
    for field in _fields_of(node):
        name = field.get("name")
        desc = descs.get(name)
        if not desc:
            continue
        ftype = desc["type"]
        if ftype == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif ftype in ("one2many", "many2many"):
            sub = next(
                (c for c in field if c.tag in ("list", "kanban") and len(c)), None
            )
            if sub is not None and desc["relation"] in models:
                spec[name] = {
                    "fields": _spec(sub, desc["relation"], models),
                    "limit": int(sub.get("limit") or 40),
                    "order": "",
                }
            else:
                sub_spec = {"display_name": {}}
                color = re.search(
                    r"color_field['\"]\s*:\s*['\"](\w+)", field.get("options", "")
                )
                if color:
                    sub_spec[color.group(1)] = {}
                spec[name] = {"fields": sub_spec}
        else:
            spec[name] = {}
    return spec


def view_spec(env, model, view_xmlid, view_type):
    view_id = env.ref(view_xmlid).id if view_xmlid else False
    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = _spec(arch, model, views["models"])
    if view_type == "form":
        spec.setdefault("display_name", {})
    return spec, arch


def action_domain_context(env, xmlid, default_filters=True):
    """An action's domain (with the search filters its context turns on, unless
    ``default_filters`` is false) and its context."""
    action = env.ref(xmlid).sudo()  # the web client loads actions as sudo
    ctx = {"uid": env.uid}
    domain = eval_dom(action.domain or "[]", ctx)
    context = eval_dom(action.context or "{}", ctx)
    if default_filters:
        names = [
            key.removeprefix("search_default_")
            for key, value in context.items()
            if key.startswith("search_default_") and value
        ]
        domain = and_domains(domain, *search_filters(env, action.res_model, names))
    return domain, context


def eval_dom(text, ctx):
    from odoo.tools.safe_eval import safe_eval  # noqa: PLC0415

    return safe_eval(text, dict(ctx, context_today=datetime.now().date))


def search_filters(env, model, names):
    """The domains of the search view's filters the action turns on."""
    views = env[model].get_views([(False, "search")])
    arch = etree.fromstring(views["views"]["search"]["arch"])
    domains = []
    for node in arch.iter("filter"):
        if node.get("name") in names and node.get("domain"):
            text = node.get("domain").replace(".to_utc()", "")
            domains.append(
                eval_dom(
                    text,
                    {
                        "uid": env.uid,
                        "datetime": safe_datetime,
                        "relativedelta": relativedelta,
                    },
                )
            )
    return domains


def and_domains(*domains):
    result = []
    for d in domains:
        if d:
            result = ["&", *result, *d] if result else list(d)
    return result


# ==============================================================================
# measuring
# ==============================================================================
class Bench:
    def __init__(self, runs):
        self.runs = runs
        self.results = {}
        self.shown = {}  # cards of a board, rows of a list

    def measure(self, key, registry, login, fn, per=1, setup=None):
        """Median queries and ms of fn(env, prepared) over self.runs runs, after a
        warm-up; each run in a new cursor, rolled back."""
        samples = []
        for i in range(self.runs + 1):
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                uid = env["res.users"].search([("login", "=", login)]).id
                env = api.Environment(cr, uid, {})
                prepared = setup(env) if setup else None
                env.flush_all()
                env.invalidate_all()
                before = cr.sql_log_count
                t0 = time.perf_counter()
                result = fn(env, prepared)
                # what runs at commit (mail.thread's tracking messages): users
                # wait for it too
                env.flush_all()
                cr.precommit.run()
                env.flush_all()
                elapsed = (time.perf_counter() - t0) * 1000
                queries = cr.sql_log_count - before
                cr.rollback()
            if i:
                samples.append((queries, elapsed))
        q = statistics.median(s[0] for s in samples) / per
        ms = statistics.median(s[1] for s in samples) / per
        self.results[key] = (q, ms)
        if shown(result) is not None:
            self.shown[key] = shown(result)
        log(f"{key}: {q:.1f} q, {ms:.1f} ms")
        return q, ms

    def measure_staged(self, key, registry, login, stage, per=1):
        """stage(env) prepares what the client has before the request (the action,
        the view's fields) and returns the request, which alone is measured."""
        return self.measure(key, registry, login, lambda _env, call: call(), per, stage)


def shown(result):
    """The cards a board shows or the rows of a list (None for anything else)."""
    if isinstance(result, dict) and "groups" in result:
        return sum(len(group.get("__records", ())) for group in result["groups"])
    if isinstance(result, dict) and "records" in result:
        return len(result["records"])
    return None


def kanban_read(env, model, view_xmlid, domain, groupby, context):
    """The kanban's one call (web_read_group unfolding the columns, in the view's
    default order), ready to run: the action, the view and its fields are what
    the client loaded before."""
    spec, arch = view_spec(env, model, view_xmlid, "kanban")
    aggregates = []
    for bar in arch.iter("progressbar"):
        if bar.get("sum_field"):
            aggregates.append(f"{bar.get('sum_field')}:sum")
    return lambda: (
        env[model]
        .with_context(read_group_expand=True, **context)
        .web_read_group(
            domain,
            [groupby],
            aggregates,
            order=arch.get("default_order"),
            auto_unfold=True,
            unfold_read_specification=spec,
            unfold_read_default_limit=KANBAN_LIMIT,
        )
    )


def list_read(env, model, view_xmlid, domain, context, limit=LIST_LIMIT):
    spec, arch = view_spec(env, model, view_xmlid, "list")
    return lambda: (
        env[model]
        .with_context(**context)
        .web_search_read(
            domain,
            spec,
            limit=limit,
            count_limit=COUNT_LIMIT,
            order=arch.get("default_order"),
        )
    )


def ids_param(env, key):
    return [int(x) for x in env["ir.config_parameter"].sudo().get_param(key).split(",")]


def measure_ours(bench, reg, label, create_n):  # noqa: C901, PLR0915 (the table)
    """The operations of our addons on one data set; label "big" or "small"."""
    dispatcher = "bench_dispatcher"
    m, m2 = bench.measure, bench.measure_staged

    def kanban(env):
        domain, ctx = action_domain_context(
            env, "fsm_results.fsm_job_action_dispatch_status"
        )
        return kanban_read(
            env, "fsm.job", "fsm_results.fsm_job_view_kanban", domain, "status_id", ctx
        )

    m2(f"kanban/{label}", reg, dispatcher, kanban)

    def kanban_all(env):
        domain, ctx = action_domain_context(
            env, "fsm_results.fsm_job_action_dispatch_status", default_filters=False
        )
        return kanban_read(
            env, "fsm.job", "fsm_results.fsm_job_view_kanban", domain, "status_id", ctx
        )

    m2(f"kanban_all/{label}", reg, dispatcher, kanban_all)

    def list_open(env):
        domain, ctx = action_domain_context(env, "fsm_results.fsm_job_action")
        return list_read(env, "fsm.job", "fsm_results.fsm_job_view_list", domain, ctx)

    m2(f"list/{label}", reg, dispatcher, list_open)

    with reg.cursor() as cr:
        cr.execute(
            """SELECT u.login FROM fsm_job j JOIN res_users u ON u.id = j.user_id
                WHERE NOT j.is_closed GROUP BY u.login
                ORDER BY count(*) FILTER (WHERE j.scheduled_start::date = now()::date)
                         DESC, count(*) DESC, u.login LIMIT 1"""
        )
        tech = cr.fetchone()[0]

    def my_jobs(filters):
        def run(env):
            domain, ctx = action_domain_context(
                env, "fsm_results.fsm_job_action_my", default_filters=False
            )
            domain = and_domains(domain, *search_filters(env, "fsm.job", filters))
            spec, _arch = view_spec(
                env, "fsm.job", "fsm_results.fsm_job_view_kanban_my", "kanban"
            )
            return (
                lambda: env["fsm.job"]
                .with_context(**ctx)
                .web_search_read(
                    domain, spec, limit=KANBAN_LIMIT, count_limit=COUNT_LIMIT
                )
            )

        return run

    today = ["filter_open", "filter_today"]
    m2(f"myjobs/{label}", reg, tech, my_jobs(today))
    m2(f"myjobs_open/{label}", reg, tech, my_jobs(["filter_open"]))

    def my_jobs_admin(filters):
        def run(env):
            tech_user = env["res.users"].sudo().search([("login", "=", tech)])
            tech_env = env(user=tech_user.id)
            domain, ctx = action_domain_context(
                tech_env, "fsm_results.fsm_job_action_my", default_filters=False
            )
            domain = and_domains(domain, *search_filters(tech_env, "fsm.job", filters))
            admin = env(user=env.ref("base.user_admin").id, su=False)
            spec, _arch = view_spec(
                admin, "fsm.job", "fsm_results.fsm_job_view_kanban_my", "kanban"
            )
            return (
                lambda: admin["fsm.job"]
                .with_context(**ctx)
                .web_search_read(
                    domain, spec, limit=KANBAN_LIMIT, count_limit=COUNT_LIMIT
                )
            )

        return run

    m2(f"myjobs_admin/{label}", reg, "admin", my_jobs_admin(today))
    m2(f"myjobs_open_admin/{label}", reg, "admin", my_jobs_admin(["filter_open"]))
    if label != "big":
        return

    def form(env):
        env.cr.execute(
            """SELECT j.id FROM fsm_job j JOIN fsm_job_photo p ON p.job_id = j.id
                JOIN fsm_job_line l ON l.job_id = j.id
                WHERE j.status_kind = 'done' ORDER BY j.id LIMIT 1"""
        )
        job = env["fsm.job"].browse(env.cr.fetchone()[0])
        spec, _arch = view_spec(env, "fsm.job", "fsm_results.fsm_job_view_form", "form")
        return lambda: job.web_read(spec)

    m2("form", reg, dispatcher, form)

    def calendar(env):
        domain, ctx = action_domain_context(env, "fsm_results.fsm_job_action_calendar")
        views = env["fsm.job"].get_views([(False, "calendar")])
        arch = etree.fromstring(views["views"]["calendar"]["arch"])
        names = {f.get("name") for f in _fields_of(arch)}
        names |= {
            arch.get(a) for a in ("date_start", "date_stop", "color") if arch.get(a)
        }
        monday = datetime.now().date() - timedelta(days=datetime.now().weekday())
        week = [
            ("scheduled_start", "<", str(monday + timedelta(days=7))),
            ("scheduled_end", ">=", str(monday)),
        ]
        return (
            lambda: env["fsm.job"]
            .with_context(**ctx)
            .search_read(and_domains(domain, week), sorted(names | {"display_name"}))
        )

    m2("calendar", reg, dispatcher, calendar)

    def fifty(*then):
        """50 new jobs of clients with an email (made in the rolled-back run, not
        measured), moved on to the statuses ``then`` without a trace."""

        def prepare(env):
            clients = env["res.partner"].search(
                [("name", "=like", "Client %"), ("email", "!=", False)], limit=50
            )
            techs = env["res.users"].search([("login", "=like", "bench_tech_%")])
            service = env["fsm.service.type"].search([], limit=1)
            start = datetime.now().replace(microsecond=0) + timedelta(days=60)
            jobs = (
                env["fsm.job"]
                .sudo()
                .with_context(**BUILD_CTX)
                .create(
                    [
                        {
                            "partner_id": c.id,
                            "service_type_id": service.id,
                            "user_id": techs[i % len(techs)].id,
                            "scheduled_start": start,
                        }
                        for i, c in enumerate(clients)
                    ]
                )
            )
            for xmlid in then:
                jobs.write({"status_id": env.ref(xmlid).id})
            return jobs.ids

        return prepare

    def move(env, ids):
        env["fsm.job"].browse(ids).action_next_status()

    m("move50", reg, dispatcher, move, setup=fifty())
    m(
        "enroute50",
        reg,
        dispatcher,
        move,
        setup=fifty("fsm_results.status_scheduled", "fsm_results.status_dispatched"),
    )

    def pause_prepare(env):
        job = env["fsm.job"].search(
            [("status_kind", "=", "in_progress"), ("user_id", "=", env.uid)], limit=1
        )
        return job.id

    def pause_resume(env, job_id):
        job = env["fsm.job"].browse(job_id)
        job._pause(env.ref("fsm_results.pause_reason_parts"))
        job.invalidate_recordset()
        job._resume()

    with reg.cursor() as cr:
        cr.execute(
            """SELECT u.login FROM fsm_job j JOIN res_users u ON u.id = j.user_id
                WHERE j.status_kind = 'in_progress' LIMIT 1"""
        )
        busy = cr.fetchone()[0]
    m("pause", reg, busy, pause_resume, setup=pause_prepare)

    def invoice_job(env, _p):
        env["fsm.job"].browse(
            ids_param(env, "fsm_bench.invoice_50")
        ).action_generate_invoice()

    def invoice_so(env, _p):
        env["sale.order"].browse(ids_param(env, "fsm_bench.so_50"))._create_invoices()

    m("invoice50", reg, dispatcher, invoice_job)
    m("so50", reg, dispatcher, invoice_so)

    def invoice_jobs(env, _p):
        env["fsm.job"].browse(
            ids_param(env, "fsm_bench.invoice_200")
        ).action_generate_invoice()

    def invoice_sos(env, _p):
        # one invoice per order, as a job gets its own (by default Odoo groups the
        # orders of one client into a single invoice: 1 invoice, not 200)
        env["sale.order"].browse(ids_param(env, "fsm_bench.so_200"))._create_invoices(
            grouped=True
        )

    m("invoice200", reg, dispatcher, invoice_jobs, per=200)
    m("so200", reg, dispatcher, invoice_sos, per=200)

    def register_payment(env, invoice_id):
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=[invoice_id]
        ).create({}).action_create_payments()

    # Both on the same kind of invoice: a job's, confirmed in the setup.
    m("register_payment", reg, "admin", register_payment, setup=job_invoice)
    pay_now_processing(bench, reg)

    def create_jobs(env, _p):
        rnd = random.Random(5)
        clients = env["res.partner"].search([("name", "=like", "Client %")], limit=200)
        techs = env["res.users"].search([("login", "=like", "bench_tech_%")])
        service = env["fsm.service.type"].search([], limit=1)
        start = datetime.now().replace(microsecond=0) + timedelta(days=40)
        env["fsm.job"].create(
            [
                {
                    "partner_id": rnd.choice(clients).id,
                    "service_type_id": service.id,
                    "user_id": rnd.choice(techs).id,
                    "scheduled_start": start + timedelta(hours=i),
                }
                for i in range(create_n)
            ]
        )

    m("create", reg, dispatcher, create_jobs, per=create_n)
    # the same without the technicians' assignment digests, as OCA (whose workers
    # are not users) tells no one
    m(
        "create_quiet",
        reg,
        dispatcher,
        lambda env, p: create_jobs(
            env(context=dict(env.context, mail_auto_subscribe_no_notify=True)), p
        ),
        per=create_n,
    )


def job_invoice(env):
    """A job of the data set invoiced and confirmed (not measured): the invoice a
    payment is then taken on."""
    job = env["fsm.job"].browse(ids_param(env, "fsm_bench.invoice_200")[0])
    job.action_generate_invoice()
    invoice = job.invoice_ids.filtered(lambda m: m.state == "draft")
    invoice.action_post()
    env.flush_all()
    return invoice.id


def pay_now_processing(bench, reg):
    """Pay Now processing: the client paid a job's invoice on the payment page;
    measured from the provider's notification (a demo card payment, done) to the
    invoice paid by a posted, reconciled payment: Odoo's own ``_process`` and
    ``_post_process`` with this addon's checks, beside "register_payment"."""

    def prepare(env):
        invoice = env["account.move"].browse(job_invoice(env))
        provider = env["payment.provider"].sudo()._fsm_setup_demo_provider()
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", invoice.company_id.id)],
            limit=1,
        )
        provider.write({"journal_id": bank.id})
        tx = (
            env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": env.ref("payment.payment_method_card").id,
                    "amount": invoice.amount_residual,
                    "currency_id": invoice.currency_id.id,
                    "partner_id": invoice.partner_id.id,
                    "operation": "online_direct",
                    "invoice_ids": [(6, 0, invoice.ids)],
                    "fsm_job_id": invoice.fsm_job_ids[:1].id,
                }
            )
        )
        env.flush_all()
        return tx.id

    def process(env, tx_id):
        tx = env["payment.transaction"].sudo().browse(tx_id)
        tx._process(
            "demo",
            {"reference": tx.reference, "simulated_state": "done"},
        )
        tx._post_process()

    bench.measure("paynow", reg, "admin", process, setup=prepare)


def measure_oca(bench, reg, label, create_n):
    m, m2 = bench.measure, bench.measure_staged
    user = "bench_dispatcher"
    kanban_view = "fieldservice.fsm_order_kanban_view"
    list_view = "fieldservice.fsm_order_list_view"

    def kanban(env):
        domain, ctx = action_domain_context(env, "fieldservice.action_fsm_dash_order")
        return kanban_read(env, "fsm.order", kanban_view, domain, "stage_id", ctx)

    m2(f"oca_kanban/{label}", reg, user, kanban)

    def list_all(env):
        domain, ctx = action_domain_context(
            env, "fieldservice.action_fsm_operation_order"
        )
        return list_read(env, "fsm.order", list_view, domain, ctx)

    m2(f"oca_list/{label}", reg, user, list_all)
    if label != "big":
        return

    def form(env):
        order = env["fsm.order"].search([], limit=1, order="id")
        spec, _arch = view_spec(env, "fsm.order", "fieldservice.fsm_order_form", "form")
        return lambda: order.web_read(spec)

    m2("oca_form", reg, user, form)

    def calendar(env):
        views = env["fsm.order"].get_views([(False, "calendar")])
        arch = etree.fromstring(views["views"]["calendar"]["arch"])
        names = {f.get("name") for f in _fields_of(arch)}
        names |= {
            arch.get(a) for a in ("date_start", "date_stop", "color") if arch.get(a)
        }
        monday = datetime.now().date() - timedelta(days=datetime.now().weekday())
        start, stop = (
            arch.get("date_start"),
            arch.get("date_stop") or arch.get("date_start"),
        )
        return lambda: env["fsm.order"].search_read(
            [(start, "<", str(monday + timedelta(days=7))), (stop, ">=", str(monday))],
            sorted(names | {"display_name"}),
        )

    m2("oca_calendar", reg, user, calendar)

    def prepare_move(env):
        stages = env["fsm.stage"].search(
            [("stage_type", "=", "order")], order="sequence"
        )
        orders = env["fsm.order"].search([("stage_id", "=", stages[0].id)], limit=50)
        if len(orders) < 50:
            raise SystemExit(f"The OCA data set has {len(orders)} new orders, not 50.")
        return orders.ids, stages[1].id

    def move(env, p):
        # New -> Completed, the one forward move of OCA's stages (its button)
        env["fsm.order"].browse(p[0]).action_complete()

    m("oca_move50", reg, user, move, setup=prepare_move)

    def create_orders(env, _p):
        rnd = random.Random(5)
        locations = env["fsm.location"].search([], limit=200)
        persons = env["fsm.person"].search([])
        start = datetime.now().replace(microsecond=0) + timedelta(days=40)
        env["fsm.order"].create(
            [
                {
                    "location_id": rnd.choice(locations).id,
                    "person_id": rnd.choice(persons).id,
                    "scheduled_date_start": start + timedelta(hours=i),
                }
                for i in range(create_n)
            ]
        )

    m("oca_create", reg, user, create_orders, per=create_n)


# ==============================================================================
# portal pages: a real server, its access log says the queries
# ==============================================================================
PERF_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+) ([\d.]+) ([\d.]+)')


def measure_portal(bench, reg, url, server_log):
    import requests  # noqa: PLC0415

    with reg.cursor() as cr:
        cr.execute(
            """SELECT j.id FROM fsm_job j JOIN res_users u ON u.login = 'bench_client'
                JOIN res_partner p ON p.id = u.partner_id
                WHERE j.partner_id = p.parent_id AND j.status_kind = 'done'
                ORDER BY j.id DESC LIMIT 1"""
        )
        job_id = cr.fetchone()[0]
        cr.execute(
            """SELECT m.id FROM account_move m
                JOIN res_users u ON u.login = 'bench_client'
                JOIN res_partner p ON p.id = u.partner_id
                WHERE m.partner_id = p.parent_id AND m.state = 'posted'
                ORDER BY m.id LIMIT 1"""
        )
        invoice_id = cr.fetchone()[0]
    session = requests.Session()
    page = session.get(f"{url}/web/login", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    reply = session.post(
        f"{url}/web/login",
        data={"login": "bench_client", "password": PASSWORD, "csrf_token": token},
        timeout=60,
    )
    if "/web/login" in reply.url:
        raise SystemExit("The portal client could not log in.")
    for key, path in (
        ("portal_jobs", "/my/jobs"),
        ("portal_job", f"/my/jobs/{job_id}"),
        ("portal_invoices", "/my/invoices"),
        ("portal_invoice", f"/my/invoices/{invoice_id}"),
    ):
        samples = []
        for i in range(bench.runs + 1):
            with open(server_log, encoding="utf-8") as f:
                f.seek(0, 2)
                offset = f.tell()
            response = session.get(url + path, timeout=120)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            for _t in range(50):
                with open(server_log, encoding="utf-8") as f:
                    f.seek(offset)
                    found = [
                        mo for mo in PERF_LINE.finditer(f.read()) if mo.group(1) == path
                    ]
                if found:
                    break
                time.sleep(0.1)
            else:
                raise SystemExit(f"{path}: no access log line in {server_log}")
            mo = found[-1]
            if i:
                ms = (float(mo.group(4)) + float(mo.group(5))) * 1000
                samples.append((int(mo.group(3)), ms))
        q = statistics.median(s[0] for s in samples)
        ms = statistics.median(s[1] for s in samples)
        bench.results[key] = (q, ms)
        log(f"{key}: {q} q, {ms:.1f} ms")


# ==============================================================================
# the table
# ==============================================================================
ROWS = [
    # label, ours, anchor, anchor name
    (
        "create {n} jobs in one create call, per job",
        "create",
        "oca_create",
        "OCA order",
    ),
    (
        "same, without the technicians' digests (OCA tells no one)",
        "create_quiet",
        "oca_create",
        "OCA order",
    ),
    (
        "dispatch kanban by status as it opens ('Open'), {big} jobs",
        "kanban/big",
        "oca_kanban/big",
        "OCA by stage",
    ),
    (
        "dispatch kanban by status as it opens ('Open'), {small} jobs",
        "kanban/small",
        "oca_kanban/small",
        "OCA by stage",
    ),
    (
        "same, 'Open' filter removed, {big} jobs",
        "kanban_all/big",
        "oca_kanban/big",
        "OCA by stage",
    ),
    (
        "list, 80 a page, 'Open' filter, {big} jobs",
        "list/big",
        "oca_list/big",
        "OCA list",
    ),
    (
        "list, 80 a page, 'Open' filter, {small} jobs",
        "list/small",
        "oca_list/small",
        "OCA list",
    ),
    (
        "My Jobs (Open+Today) as technician, {big} jobs",
        "myjobs/big",
        "myjobs_admin/big",
        "same, admin",
    ),
    (
        "My Jobs (Open+Today) as technician, {small} jobs",
        "myjobs/small",
        "myjobs_admin/small",
        "same, admin",
    ),
    (
        "My Jobs, all open, as technician, {big} jobs",
        "myjobs_open/big",
        "myjobs_open_admin/big",
        "same, admin",
    ),
    (
        "My Jobs, all open, as technician, {small} jobs",
        "myjobs_open/small",
        "myjobs_open_admin/small",
        "same, admin",
    ),
    ("job form read (form view spec)", "form", "oca_form", "OCA order form"),
    ("calendar week (open jobs)", "calendar", "oca_calendar", "OCA calendar week"),
    (
        "status move of 50 jobs (New -> Scheduled)",
        "move50",
        "oca_move50",
        "OCA 50 completed",
    ),
    ("move 50 jobs to En Route (emails clients)", "enroute50", None, ""),
    ("pause (client emailed) + resume, 1 job", "pause", None, ""),
    ("invoice with 50 used lines", "invoice50", "so50", "SO _create_invoices"),
    (
        "200 jobs invoiced in one call, per job",
        "invoice200",
        "so200",
        "200 SOs, an invoice each",
    ),
    ("portal /my/jobs (server log)", "portal_jobs", "portal_invoices", "/my/invoices"),
    ("portal job page (server log)", "portal_job", "portal_invoice", "invoice page"),
    (
        "Pay Now processing, a job invoice",
        "paynow",
        "register_payment",
        "register payment",
    ),
]


def fmt(v, n=None):
    if v is None:
        return "-"
    return f"{v[0]:.1f} q, {v[1]:.1f} ms" + ("" if n is None else f" ({n} shown)")


def table(results, shown_, sizes, create_n):
    lines = [
        "| Operation | Ours (q, ms) | Anchor | Anchor (q, ms) | Ratio q | Ratio time |",
        "|---|---|---|---|---|---|",
    ]
    for label, ours_key, anchor_key, anchor_name in ROWS:
        ours = results.get(ours_key)
        anchor = results.get(anchor_key) if anchor_key else None
        if ours is None and anchor is None:
            continue
        rq = rt = ""
        if ours and anchor and anchor[0] and anchor[1]:
            rq = f"{ours[0] / anchor[0]:.2f}x"
            rt = f"{ours[1] / anchor[1]:.2f}x"
        text = label.format(n=create_n, big=f"{sizes[0]:,}", small=f"{sizes[1]:,}")
        lines.append(
            f"| {text} | {fmt(ours, shown_.get(ours_key))} | {anchor_name} "
            f"| {fmt(anchor, shown_.get(anchor_key))} | {rq} | {rt} |"
        )
    lines.append("")
    lines.append(
        f"Growth from {sizes[1]:,} to {sizes[0]:,} jobs (queries, time ratio):"
    )
    for what, key in (
        ("dispatch kanban", "kanban"),
        ("dispatch kanban, 'Open' removed", "kanban_all"),
        ("list 'Open'", "list"),
        ("My Jobs (Open+Today)", "myjobs"),
        ("My Jobs, all open", "myjobs_open"),
        ("OCA kanban", "oca_kanban"),
        ("OCA list", "oca_list"),
    ):
        big, small = results.get(f"{key}/big"), results.get(f"{key}/small")
        if big and small:
            lines.append(
                f"- {what}: queries {small[0]:.0f} -> {big[0]:.0f}, "
                f"time x{big[1] / small[1]:.2f}, shown "
                f"{shown_.get(f'{key}/small')} -> {shown_.get(f'{key}/big')}"
            )
    return "\n".join(lines)


def manage_db(args):
    """A database and its filestore, copied or dropped the way Odoo does it."""
    if args.cmd == "duplicate":
        db_service.exp_duplicate_database(
            args.source, args.db, neutralize_database=False
        )
        return 0
    # not exp_drop: it drops only the databases it lists, the configuration's db_name
    close_db(args.db)
    with closing(db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True  # noqa: SLF001 (as Odoo's own exp_drop)
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [args.db],
        )
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(args.db)))
    shutil.rmtree(config.filestore(args.db), ignore_errors=True)
    return 0


def main():  # noqa: PLR0915 (the command line)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("build", "build-oca"):
        p = sub.add_parser(name)
        p.add_argument("conf")
        p.add_argument("db")
        p.add_argument("count", type=int)
    p = sub.add_parser("duplicate")  # a database and its filestore, as Odoo copies
    p.add_argument("conf")
    p.add_argument("source")
    p.add_argument("db")
    p = sub.add_parser("drop")  # a database and its filestore
    p.add_argument("conf")
    p.add_argument("db")
    p = sub.add_parser("chart")  # the company's chart of accounts, for invoicing
    p.add_argument("conf")
    p.add_argument("db")
    p = sub.add_parser("measure")
    p.add_argument("conf")
    p.add_argument("--big", required=True)
    p.add_argument("--small", required=True)
    p.add_argument("--oca-big")
    p.add_argument("--oca-small")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--create-n", type=int, default=500)
    p.add_argument("--portal-url")
    p.add_argument("--portal-log")
    p.add_argument("--json")
    args = parser.parse_args()
    config.parse_config(["-c", args.conf])
    if args.cmd in ("duplicate", "drop"):
        return manage_db(args)
    if args.cmd in ("build", "build-oca", "chart"):
        with Registry(args.db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if args.cmd == "chart":
                ensure_chart_of_accounts(env)
            elif args.cmd == "build":
                build(env, args.count)
            else:
                build_oca(env, args.count)
        return 0
    bench = Bench(args.runs)
    regs = {}
    sizes = []
    for label in ("big", "small"):
        regs[label] = Registry(getattr(args, label))
        with regs[label].cursor() as cr:
            cr.execute("SELECT count(*) FROM fsm_job")
            sizes.append(cr.fetchone()[0])
    measure_ours(bench, regs["small"], "small", args.create_n)
    measure_ours(bench, regs["big"], "big", args.create_n)
    if args.portal_url:
        measure_portal(bench, regs["big"], args.portal_url, args.portal_log)
    for label in ("big", "small"):
        db = getattr(args, f"oca_{label}")
        if db:
            measure_oca(bench, Registry(db), label, args.create_n)
    print()
    print(table(bench.results, bench.shown, sizes, args.create_n))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "sizes": sizes,
                    "create_n": args.create_n,
                    "results": bench.results,
                    "shown": bench.shown,
                },
                f,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
