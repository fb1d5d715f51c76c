from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.home import Home


class FsmPortalHome(Home):
    @http.route()
    def web_login(self, redirect=None, **kw):
        """A client signed in reads the portal in their own language: Odoo's
        portal pages take the language of the ``frontend_lang`` cookie, which the
        pages seen before signing in set to the visitor's (English, most often),
        and without the website app nothing sets it to the user's."""
        response = super().web_login(redirect=redirect, **kw)
        if request.httprequest.method == "POST" and request.params.get("login_success"):
            lang = request.env["res.users"].browse(request.session.uid).sudo().lang
            if lang and lang in request.env["res.lang"]._get_frontend():
                response.set_cookie("frontend_lang", lang)
        return response
