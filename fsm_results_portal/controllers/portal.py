from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.fsm_results.models.fsm_job_photo import PICTURE_MIMETYPES
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# A service request carries at most this many photos, each at most this big.
MAX_REQUEST_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024
JOB_HISTORY = "my_fsm_jobs_history"


class FsmJobPortal(CustomerPortal):
    # -- /my ------------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "fsm_job_count" in counters:
            Job = request.env["fsm.job"]
            values["fsm_job_count"] = (
                Job.search_count(self._fsm_jobs_domain())
                if Job.has_access("read")
                else 0
            )
        return values

    def _fsm_jobs_domain(self):
        """The jobs of the signed-in client (record rules apply on top)."""
        return request.env["fsm.job"]._portal_client_domain(request.env.user.partner_id)

    # -- /my/jobs ---------------------------------------------------------------------
    def _fsm_searchbar_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": Domain.TRUE},
            "upcoming": {
                "label": env._("Upcoming"),
                "domain": Domain(
                    "status_kind", "in", ("new", "scheduled", "dispatched", "en_route")
                ),
            },
            "in_progress": {
                "label": env._("In Progress"),
                "domain": Domain("status_kind", "in", ("in_progress", "paused")),
            },
            "done": {
                "label": env._("Done"),
                "domain": Domain("status_kind", "=", "done"),
            },
        }

    def _fsm_searchbar_sortings(self):
        env = request.env
        return {
            "date": {
                "label": env._("Newest"),
                "order": "scheduled_start desc nulls first, id desc",
            },
            "name": {"label": env._("Reference"), "order": "name desc, id desc"},
            "status": {"label": env._("Status"), "order": "status_id, id desc"},
        }

    def _fsm_searchbar_inputs(self):
        env = request.env
        return {
            "all": {"input": "all", "label": env._("Search in All")},
            "name": {"input": "name", "label": env._("Search in Reference")},
            "location": {"input": "location", "label": env._("Search in Location")},
            "service": {"input": "service", "label": env._("Search in Service")},
        }

    def _fsm_search_domain(self, search_in, search):
        # The client may not read service types or every address: match their
        # names without the comodels' access rules (the jobs' rules still apply).
        place = Domain.OR(
            Domain(fname, "ilike", search) for fname in ("name", "street", "city")
        )
        by = {
            "name": Domain("name", "ilike", search),
            "location": Domain("location_id", "any!", place),
            "service": Domain(
                "service_type_id", "any!", Domain("name", "ilike", search)
            ),
        }
        if search_in in by:
            return by[search_in]
        return Domain.OR(by.values())

    @http.route(
        ["/my/jobs", "/my/jobs/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_jobs(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        Job = request.env["fsm.job"]
        filters = self._fsm_searchbar_filters()
        sortings = self._fsm_searchbar_sortings()
        inputs = self._fsm_searchbar_inputs()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        search_in = search_in if search_in in inputs else "all"
        domain = self._fsm_jobs_domain() & filters[filterby]["domain"]
        if search:
            domain &= self._fsm_search_domain(search_in, search)
        readable = Job.has_access("read")
        total = Job.search_count(domain) if readable else 0
        pager = portal_pager(
            url="/my/jobs",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=total,
            page=page,
            step=self._items_per_page,
        )
        jobs = (
            Job.search(
                domain,
                order=sortings[sortby]["order"],
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if readable
            else Job
        )
        request.session[JOB_HISTORY] = jobs.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "jobs": jobs,
                "page_name": "fsm_jobs",
                "default_url": "/my/jobs",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render("fsm_results_portal.portal_my_jobs", values)

    # -- one job ----------------------------------------------------------------------
    def _fsm_job_check_access(self, job_id, access_token=None):
        """The job as sudo once the visitor may see it: a client of its commercial
        entity, or anyone holding its access token. Otherwise 404: a visitor
        learns nothing about jobs that are not theirs."""
        try:
            return self._document_check_access("fsm.job", job_id, access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    @http.route(["/my/jobs/<int:job_id>"], type="http", auth="public", website=True)
    def portal_my_job(
        self, job_id, access_token=None, report_type=None, download=False, **kw
    ):
        if request.env.user._is_public() and not access_token:
            return request.redirect(f"/web/login?redirect=/my/jobs/{job_id}")
        job_sudo = self._fsm_job_check_access(job_id, access_token)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=job_sudo,
                report_type=report_type,
                report_ref="fsm_results.action_report_fsm_service_report",
                download=download,
            )
        values = self._fsm_job_page_values(job_sudo, access_token, **kw)
        return request.render("fsm_results_portal.portal_my_job", values)

    def _fsm_job_page_values(self, job_sudo, access_token, **kw):
        token_query = f"?access_token={access_token}" if access_token else ""
        values = {
            "job": job_sudo,
            "page_name": "fsm_job",
            "status_label": job_sudo._portal_status_label(),
            "arrival": job_sudo._portal_arrival_window(),
            "technicians": (job_sudo.user_id | job_sudo.crew_ids),
            "photo_groups": job_sudo._portal_shared_photos(),
            "steps": job_sudo.step_ids,
            "answers": job_sudo._portal_shared_answers(),
            "timesheets": job_sudo.timesheet_ids.sorted(lambda t: (t.date, t.id)),
            "productions": job_sudo.production_ids,
            "estimates": job_sudo._portal_estimates(),
            "invoices": job_sudo._portal_invoices(),
            # internal users (technicians) capture signatures on the job form
            "can_sign_off": request.env.user.share
            and not job_sudo._portal_sign_off_refusal(),
            "sign_name": request.env.user.partner_id.name
            if not request.env.user._is_public()
            else job_sudo.partner_id.name,
            "sign_url": f"/my/jobs/{job_sudo.id}/sign{token_query}",
            "token_query": token_query,
            "report_url": f"/my/jobs/{job_sudo.id}{token_query}"
            + ("&" if token_query else "?")
            + "report_type=pdf&download=true",
            "message": kw.get("message"),
        }
        return self._get_page_view_values(
            job_sudo, access_token, values, JOB_HISTORY, False, **kw
        )

    @http.route(
        [
            "/my/jobs/<int:job_id>/photo/<int:photo_id>",
            "/my/jobs/<int:job_id>/photo/<int:photo_id>/<string:size>",
        ],
        type="http",
        auth="public",
        readonly=True,
    )
    def portal_my_job_photo(self, job_id, photo_id, size="full", access_token=None):
        job_sudo = self._fsm_job_check_access(job_id, access_token)
        photo = job_sudo.photo_ids.filtered(
            lambda p: p.id == photo_id and p.share_with_client
        )
        if not photo:
            raise NotFound()
        field = "image_256" if size == "small" else "image"
        return (
            request.env["ir.binary"]._get_image_stream_from(photo, field).get_response()
        )

    @http.route(
        "/my/jobs/<int:job_id>/answer/<int:answer_id>",
        type="http",
        auth="public",
        readonly=True,
    )
    def portal_my_job_answer_image(self, job_id, answer_id, access_token=None):
        job_sudo = self._fsm_job_check_access(job_id, access_token)
        answer = job_sudo._portal_shared_answers().filtered(
            lambda a: a.id == answer_id and a.value_image
        )
        if not answer:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_image_stream_from(answer, "value_image")
            .get_response()
        )

    # -- sign-off ---------------------------------------------------------------------
    @http.route(
        "/my/jobs/<int:job_id>/sign", type="jsonrpc", auth="public", website=True
    )
    def portal_my_job_sign(self, job_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            job_sudo = self._document_check_access("fsm.job", job_id, access_token)
        except (AccessError, MissingError):
            return {"error": request.env._("This job is not available.")}
        user = request.env.user
        if not user.share:
            return {
                "error": request.env._(
                    "Only the client signs off here; capture a signature on site "
                    "from the job form."
                )
            }
        partner = job_sudo.partner_id if user._is_public() else user.partner_id
        # Statuses, logs and timesheets name the client who signed, not a robot.
        job_sudo = job_sudo.with_user(user).sudo()
        try:
            message = job_sudo._portal_sign_off(name, signature, partner)
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": f"/my/jobs/{job_sudo.id}?"
            + (f"access_token={access_token}&" if access_token else "")
            + "message=signed",
            "message": message,
        }

    # -- service requests ---------------------------------------------------------
    def _fsm_request_form_values(self, **values):
        partner = request.env.user.partner_id
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "fsm_request",
            "locations": partner._fsm_service_locations(),
            "service_types": request.env["fsm.service.type"].sudo().search([]),
            "countries": request.env["res.country"].sudo().search([]),
            "default_country": partner.commercial_partner_id.country_id,
            "form": values,
            "error": values.get("error"),
        }

    @http.route(
        "/my/jobs/request", type="http", auth="user", website=True, methods=["GET"]
    )
    def portal_job_request(self, **kw):
        return request.render(
            "fsm_results_portal.portal_job_request", self._fsm_request_form_values()
        )

    @http.route(
        "/my/jobs/request", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_job_request_submit(self, **post):
        partner = request.env.user.partner_id
        try:
            # all or nothing: a refused photo leaves no half-made job or address
            with request.env.cr.savepoint():
                values = self._fsm_parse_request(partner, post)
                photos = self._fsm_request_photos()
                record = (
                    request.env["fsm.job"]
                    .sudo()
                    ._portal_create_service_request(partner, values, photos)
                )
        except (UserError, ValidationError) as error:
            form = {key: value for key, value in post.items() if key != "photos"}
            message = error.args[0]
            if any(
                f and f.filename for f in request.httprequest.files.getlist("photos")
            ):
                # a browser never fills a file field again: say so
                message = request.env._(
                    "%(error)s Your photos were not kept: add them again.",
                    error=message,
                )
            return request.render(
                "fsm_results_portal.portal_job_request",
                self._fsm_request_form_values(error=message, **form),
                status=400,
            )
        if record._name == "fsm.job":
            return request.redirect(f"/my/jobs/{record.id}?message=requested")
        return request.redirect("/my/jobs?message=requested")

    def _fsm_parse_request(self, partner, post):
        env = request.env
        location = env["res.partner"]
        if post.get("location_id") == "new":
            location = self._fsm_new_location(partner, post)
        elif str(post.get("location_id") or "").isdigit():
            location = env["res.partner"].sudo().browse(int(post["location_id"]))
            if location not in partner._fsm_service_locations():
                raise UserError(
                    env._("Choose one of your addresses as the service location.")
                )
        if not location:
            raise UserError(env._("Choose where the service is needed."))
        service_type = env["fsm.service.type"]
        if str(post.get("service_type_id") or "").isdigit():
            service_type = service_type.sudo().browse(int(post["service_type_id"]))
            if not service_type.exists() or not service_type.active:
                raise UserError(env._("Choose a service from the list."))
        return {
            "location": location,
            "service_type": service_type,
            "description": post.get("description"),
            "date_from": _parse_date(env, post.get("date_from")),
            "date_to": _parse_date(env, post.get("date_to")),
        }

    def _fsm_new_location(self, partner, post):
        env = request.env
        street = (post.get("street") or "").strip()
        city = (post.get("city") or "").strip()
        if not (street and city):
            raise UserError(env._("Give the street and city of the new address."))
        country = env["res.country"]
        if str(post.get("country_id") or "").isdigit():
            country = country.sudo().browse(int(post["country_id"])).exists()
        commercial = partner.commercial_partner_id
        return (
            env["res.partner"]
            .sudo()
            .create(
                {
                    "parent_id": commercial.id,
                    "type": "delivery",
                    "name": (post.get("location_name") or "").strip() or street,
                    "street": street,
                    "city": city,
                    "zip": (post.get("zip") or "").strip(),
                    "country_id": (country or commercial.country_id).id,
                }
            )
        )

    def _fsm_request_photos(self):
        env = request.env
        files = [
            f for f in request.httprequest.files.getlist("photos") if f and f.filename
        ]
        if len(files) > MAX_REQUEST_PHOTOS:
            raise UserError(
                env._("Send at most %(count)s photos.", count=MAX_REQUEST_PHOTOS)
            )
        photos = []
        for upload in files:
            content = upload.read(MAX_PHOTO_BYTES + 1)
            if len(content) > MAX_PHOTO_BYTES:
                raise UserError(
                    env._("%(file)s is larger than 10 MB.", file=upload.filename)
                )
            # what the file is, not what the browser calls it
            if guess_mimetype(content) not in PICTURE_MIMETYPES:
                raise UserError(env._("%(file)s is not a photo.", file=upload.filename))
            photos.append((upload.filename, content))
        return photos


def _parse_date(env, value):
    if not value:
        return False
    try:
        return fields.Date.to_date(value)
    except ValueError as error:
        raise UserError(env._("Give the dates as on a calendar.")) from error
